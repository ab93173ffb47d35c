// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.examples.ActivationTableExample.Report;
import dev.nabla.examples.ActivationTableExample.Verdict;
import dev.nabla.nn.activation.ActivationCatalog;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationTableExampleTest {
    @TempDir
    static Path dir;
    static Report report;

    @BeforeAll
    static void runQuick() {
        report = ActivationTableExample.run(dir, true);
    }

    @Test
    void writesAReadablePictureWithAPanelPerCatalogFunction() throws IOException {
        assertTrue(Files.isRegularFile(report.png()), () -> "missing " + report.png());
        BufferedImage image = ImageIO.read(report.png().toFile());
        assertNotNull(image, "not a readable image");
        Dimension size = ActivationGrid.size(ActivationCatalog.all().size());
        assertEquals(6 * 300, size.width);
        assertEquals(size.width, image.getWidth());
        assertEquals(size.height, image.getHeight());
    }

    /** Cells that are right, checked by hand: e.g. SiLU's f + s(1 - f) = s + x s (1 - s) = (x s)'. */
    @Test
    void theCellsThatAreRightAgreeWithAutodiff() {
        List<String> right = List.of("identity", "binary_step", "logistic", "tanh", "arctan", "arsinh", "softsign",
                "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu", "srelu", "apl", "softplus", "bent_identity",
                "silu", "soft_exponential_zero", "soft_exponential_pos", "sinusoid", "gaussian");
        for (String key : right) {
            Verdict v = report.row(key);
            assertTrue(v.ok(), () -> key + " should agree: " + v);
            assertEquals(0, v.undefined(), key);
        }
    }

    /**
     * Cells that are wrong, checked by hand: sinc lost an x ((x cos x - sin x)/x^2); soft clipping has
     * sinh(a x/2) for sinh(a/2); ISRU and ISRLU give the derivative of 1/sqrt(...), not of f; SQNL's
     * 1 -+ x/2 ignores |x| > 2 where f is constant; BReLU's -ReLU'(-x) has the wrong sign (the chain
     * rule's two minus signs cancel); soft exponential for alpha < 0 drops the alpha inside the log.
     */
    @Test
    void theCellsThatAreWrongAreReported() {
        List<String> wrong = List.of("isru", "isrlu", "sqnl", "brelu", "soft_exponential_neg", "soft_clipping", "sinc");
        for (String key : wrong) {
            Verdict v = report.row(key);
            assertFalse(v.ok(), () -> key + " should disagree: " + v);
            assertTrue(report.text().contains(v.name() + ":  " + v.cell()), () -> key + " not named in the report");
        }
        assertEquals(wrong.size(), report.disagreements().size(), report.text());
        // At x = pi: printed (cos - sin)/x^2 = -1/pi^2, autodiff (x cos - sin)/x^2 = -1/pi.
        Verdict atPi = ActivationTableExample.check(row("sinc"), new double[] {Math.PI});
        assertEquals(-1 / (Math.PI * Math.PI), atPi.printed(), 1e-12);
        assertEquals(-1 / Math.PI, atPi.autodiff(), 1e-12);
        // ISRLU's printed 1 - x^2 under the root has no real square root for x < -1.
        assertTrue(report.row("isrlu").undefined() > 0);
    }

    private static LectureActivationTable.Row row(String key) {
        return LectureActivationTable.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void theCubeReadingFixesIsruButNotIsrlu() {
        assertTrue(report.row("isru_cubed").ok(), () -> report.row("isru_cubed").toString());
        assertFalse(report.row("isrlu_cubed").ok());
    }

    @Test
    void eachPrintedRowShowsItsComputedDifferenceAndVerdict() {
        List<String> lines = report.text().lines().toList();
        for (Verdict v : report.rows()) {
            String diff = String.format(Locale.ROOT, "%.3e", v.maxDiff());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(v.name() + " ") && l.contains(" " + diff + " ")
                    && l.endsWith(v.ok() ? "OK" : "DISAGREES")), () -> "no table line for " + v);
        }
    }
}
