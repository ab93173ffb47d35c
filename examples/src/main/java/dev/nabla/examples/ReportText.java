// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.ActivationTableExample.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** The plain-text report of {@link ActivationTableExample}: the table, then the cells that disagree. */
final class ReportText {
    private ReportText() {}

    private static final String ROW = "%-47s %24s  %s%n";

    static String format(List<Verdict> rows, List<Verdict> cubes, int points) {
        StringBuilder sb = new StringBuilder();
        sb.append("The lecture's derivative cells (\"TLDR: Activations\") against Nabla's autodiff\n");
        sb.append(String.format(Locale.ROOT, "grid: %d points on [%s, %s], each at an even and an odd index of the"
                + " last axis; points within %s of a kink left out%n", points, plain(ActivationTableExample.LOW),
                plain(ActivationTableExample.HIGH), plain(ActivationTableExample.KINK_MARGIN)));
        sb.append(String.format(Locale.ROOT, "OK: |printed - autodiff| <= %s * max(1, |autodiff|) at every value,"
                + " and both defined at every value%n%n", plain(ActivationTableExample.TOLERANCE)));
        table(sb, rows);
        List<Verdict> bad = rows.stream().filter(v -> !v.ok()).toList();
        sb.append(String.format(Locale.ROOT, "%n%d of %d printed cells disagree with autodiff:%n", bad.size(), rows.size()));
        bad.forEach(v -> details(sb, v));
        sb.append("\nISRU and ISRLU with the cell's trailing ' read as a cube lost in transcription:\n");
        table(sb, cubes);
        cubes.stream().filter(v -> !v.ok()).forEach(v -> details(sb, v));
        return sb.toString();
    }

    /** A number as written by hand: {@code -4}, {@code 0.001}. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void table(StringBuilder sb, List<Verdict> rows) {
        sb.append(String.format(Locale.ROOT, ROW, "name", "max |printed - autodiff|", "verdict"));
        for (Verdict v : rows) {
            String diff = v.undefined() == v.compared() ? "-" : String.format(Locale.ROOT, "%.3e", v.maxDiff());
            sb.append(String.format(Locale.ROOT, ROW, v.name(), diff, v.ok() ? "OK" : "DISAGREES"));
        }
    }

    private static void details(StringBuilder sb, Verdict v) {
        sb.append("  ").append(v.name()).append(":  ").append(v.cell()).append('\n');
        if (v.worstError() > ActivationTableExample.TOLERANCE) {
            sb.append(String.format(Locale.ROOT, "    worst at x = %.3f: printed %.6g, autodiff %.6g%n",
                    v.worstX(), v.printed(), v.autodiff()));
        }
        if (v.undefined() > 0) {
            sb.append(String.format(Locale.ROOT, "    undefined (NaN or infinite) at %d of %d values, first at x = %.3f%n",
                    v.undefined(), v.compared(), v.firstUndefinedX()));
        }
    }
}
