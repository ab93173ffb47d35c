// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.examples.LectureActivationTable.Row;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.ActivationCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Checks the lecture's table of activation derivatives against Nabla's autodiff, and draws every
 * activation of the catalog with its derivative.
 *
 * <p>For each row of {@link LectureActivationTable}, the printed derivative cell is evaluated on a
 * grid over [-4, 4] and compared with {@code Grad.grad(sum(f(x)), x)} run through a
 * {@link Session}. Points within {@value #KINK_MARGIN} of a kink are left out. A row is OK when the
 * two agree to {@value #TOLERANCE} (relative above 1) wherever the function is defined; the lecture
 * prints SELU's constants to five or six digits, so a tighter bound would only measure rounding.
 *
 * <p>Usage: {@code mvn -pl examples exec:java -Dexec.mainClass=dev.nabla.examples.ActivationTableExample
 * [-Dexec.args=OUT_DIR]}; the picture goes to {@code OUT_DIR/activations.png}
 * ({@code target/activation-table} by default).
 */
public final class ActivationTableExample {
    private ActivationTableExample() {}

    static final double LOW = -4, HIGH = 4;
    static final double KINK_MARGIN = 1e-3;
    static final double TOLERANCE = 1e-4;

    /**
     * The verdict on one printed cell.
     *
     * @param key the row's short id
     * @param name the function's name as printed
     * @param cell the printed derivative cell
     * @param compared how many values were compared (grid points times the two index parities)
     * @param undefined how many of those had a non-finite printed or autodiff value
     * @param firstUndefinedX where the first such value was, or NaN
     * @param maxDiff the largest {@code |printed - autodiff|} where both are finite
     * @param worstError the largest {@code |printed - autodiff| / max(1, |autodiff|)}, or -1 if none
     * @param worstX where that largest error is
     * @param printed the printed cell's value there
     * @param autodiff autodiff's value there
     * @param ok whether the cell agrees with autodiff everywhere on the grid
     */
    public record Verdict(String key, String name, String cell, int compared, int undefined, double firstUndefinedX,
                          double maxDiff, double worstError, double worstX, double printed, double autodiff, boolean ok) {}

    /**
     * What a run found and wrote.
     *
     * @param rows one verdict per printed row, in the printed order
     * @param cubeReadings ISRU's and ISRLU's cells read with their ' as a lost cube
     * @param png the picture of the catalog
     * @param text the report as printed
     */
    public record Report(List<Verdict> rows, List<Verdict> cubeReadings, Path png, String text) {
        /**
         * Finds a verdict by key, in the rows or the other readings.
         *
         * @param key a row key such as {@code "sinc"}
         * @return the verdict
         * @throws IllegalArgumentException if no row has that key
         */
        public Verdict row(String key) {
            return java.util.stream.Stream.concat(rows.stream(), cubeReadings.stream())
                    .filter(v -> v.key().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + key));
        }

        /**
         * The printed rows that disagree with autodiff.
         *
         * @return their verdicts, in the printed order
         */
        public List<Verdict> disagreements() {
            return rows.stream().filter(v -> !v.ok()).toList();
        }
    }

    /**
     * Runs the check and draws the picture, printing the report.
     *
     * @param args optionally the output folder
     */
    /** The same check as an entry of the examples' command line, named {@code activation-table}. */
    public static final class AsExample implements Example {
        @Override
        public String name() {
            return "activation-table";
        }

        @Override
        public String summary() {
            return "the lecture's derivative formulas against autodiff, and every activation drawn";
        }

        @Override
        public void run(ExampleRun run) {
            run.report().print(ActivationTableExample.run(run.out(), run.quick()).text());
        }
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "target/activation-table");
        System.out.print(run(out, false).text());
    }

    /**
     * Runs the check and draws the picture.
     *
     * @param outDir where to write {@code activations.png}; created if missing
     * @param quick whether to use a coarser grid (401 points rather than 8001), for tests
     * @return the verdicts, the picture's path and the report's text
     * @throws UncheckedIOException if the picture cannot be written
     */
    public static Report run(Path outDir, boolean quick) {
        System.setProperty("java.awt.headless", "true");
        double[] grid = grid(quick ? 401 : 8001);
        List<Verdict> rows = LectureActivationTable.rows().stream().map(r -> check(r, grid)).toList();
        List<Verdict> cubes = LectureActivationTable.cubeReadings().stream().map(r -> check(r, grid)).toList();
        Path png = outDir.resolve("activations.png");
        int panels;
        try {
            Files.createDirectories(outDir);
            panels = ActivationGrid.write(ActivationCatalog.all(), png, quick ? 161 : 401);
        } catch (IOException e) {
            throw new UncheckedIOException("activation-table: cannot write " + png, e);
        }
        String text = ReportText.format(rows, cubes, grid.length)
                + String.format(Locale.ROOT, "%nWrote %s: %d panels, f and its autodiff derivative on [%s, %s].%n",
                        png.toAbsolutePath(), panels, ReportText.plain(LOW), ReportText.plain(HIGH))
                + "  caption: blue is f, red its derivative by autodiff; a red jump marks a kink of f, a flat red tail a"
                + " saturating f.\n";
        return new Report(rows, cubes, png, text);
    }

    /** Compares one printed cell with autodiff on the grid, at both parities of the last axis. */
    static Verdict check(Row row, double[] grid) {
        double[] autodiff = autodiffDerivative(row, grid);
        int compared = 0, undefined = 0;
        double firstUndefined = Double.NaN, maxDiff = 0, worstError = -1;
        double worstX = Double.NaN, worstP = Double.NaN, worstA = Double.NaN;
        for (int i = 0; i < grid.length; i++) {
            double x = grid[i];
            if (nearKink(row, x)) {
                continue;
            }
            for (int parity = 0; parity < 2; parity++) {
                DoubleUnaryOperator cell = parity == 0 ? row.derivative() : row.oddIndex();
                double p = cell.applyAsDouble(x), a = autodiff[2 * i + parity];
                compared++;
                if (!Double.isFinite(p) || !Double.isFinite(a)) {
                    undefined++;
                    firstUndefined = Double.isNaN(firstUndefined) ? x : firstUndefined;
                    continue;
                }
                double diff = Math.abs(p - a), error = diff / Math.max(1, Math.abs(a));
                maxDiff = Math.max(maxDiff, diff);
                if (error > worstError) {
                    worstError = error;
                    worstX = x;
                    worstP = p;
                    worstA = a;
                }
            }
        }
        return new Verdict(row.key(), row.name(), row.cell(), compared, undefined, firstUndefined, maxDiff,
                worstError, worstX, worstP, worstA, worstError <= TOLERANCE && undefined == 0);
    }

    /** d/dx of sum(f(x)) for x of shape [n, 2] holding each grid point at an even and an odd index. */
    private static double[] autodiffDerivative(Row row, double[] grid) {
        int n = grid.length;
        Graph g = new Graph();
        Node x = g.input("x", n, 2);
        Node dx = Grad.grad(row.nabla().apply(x).sum(), x);
        double[] both = new double[2 * n];
        for (int i = 0; i < n; i++) {
            both[2 * i] = grid[i];
            both[2 * i + 1] = grid[i];
        }
        Tensor out = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(both, n, 2)), dx).get(0);
        return out.toArray();
    }

    private static boolean nearKink(Row row, double x) {
        return row.kinks().stream().anyMatch(k -> Math.abs(x - k) <= KINK_MARGIN);
    }

    /** {@code n} evenly spaced points from LOW to HIGH, both included. */
    static double[] grid(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = LOW + (HIGH - LOW) * i / (n - 1);
        }
        return xs;
    }
}
