// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.metrics.BinaryCounts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation and second-order examples in quick mode: their files, and their claims as numbers. */
class EvaluationExamplesTest {
    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    private ExampleRun quick(Path dir) {
        return new ExampleRun(dir, 42, true, new PrintStream(report, true, StandardCharsets.UTF_8));
    }

    private String text() {
        return report.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rocReproducesTheLectureCasesAndSeparatesTheTumours(@TempDir Path dir) throws IOException {
        RocExample.Result r = RocExample.compute(quick(dir));
        assertEquals(new BinaryCounts(10, 10, 40, 40), r.case1());
        assertEquals(0.2, r.case1().tpr());
        assertEquals(0.2, r.case1().fpr());
        assertEquals(new BinaryCounts(25, 25, 25, 25), r.case2());
        assertEquals(0.5, r.case2().tpr());
        assertEquals(0.5, r.case2().fpr());
        assertEquals(0.0, r.alwaysNegative().tpr());
        assertEquals(0.0, r.alwaysNegative().fpr());
        assertEquals(1.0, r.alwaysPositive().tpr());
        assertEquals(1.0, r.alwaysPositive().fpr());
        assertEquals(0.2, r.random08().tpr(), 0.03);
        assertEquals(r.random08().tpr(), r.random08().fpr(), 0.03);
        assertEquals(r.random05().tpr(), r.random05().fpr(), 0.03);
        assertEquals(0.5, r.randomAuc(), 0.03);
        assertTrue(r.logisticAuc() >= 0.99, () -> "logistic regression AUC " + r.logisticAuc());
        assertTrue(r.mlpAuc() >= 0.99, () -> "MLP AUC " + r.mlpAuc());
        assertTrue(text().contains("threshold 0.8: TP=10 FP=10 TN=40 FN=40, TPR 10/50 = 0.2, FPR 10/50 = 0.2"), text());
        assertPicture(r.png());
    }

    @Test
    void aHighCGivesANarrowerMarginWithFewerPointsInside(@TempDir Path dir) throws IOException {
        SvmCExample.Result r = SvmCExample.compute(quick(dir));
        assertTrue(r.high().marginWidth() < r.low().marginWidth(),
                () -> "margins " + r.high().marginWidth() + " (C high) and " + r.low().marginWidth() + " (C low)");
        assertTrue(r.high().inside() < r.low().inside(),
                () -> "inside " + r.high().inside() + " and " + r.low().inside());
        assertTrue(r.high().violations() < r.low().violations());
        assertTrue(r.high().inside() > 0, "the data overlap, so some points must fall inside even the narrow margin");
        assertPicture(r.png());
    }

    @Test
    void theDigitsMlpIsAccurateAndItsMistakesAreDrawn(@TempDir Path dir) throws IOException {
        DigitsExample.Result r = DigitsExample.compute(quick(dir));
        assertTrue(r.accuracy() >= 0.95, () -> "accuracy " + r.accuracy());
        assertEquals(451, r.confusion().total());
        int right = 0;
        for (int c = 0; c < 10; c++) {
            right += r.confusion().count(c, c);
        }
        assertEquals(r.confusion().total() - right, r.wrong());
        assertPicture(r.confusionPng());
        assertPicture(r.wrongPng());
    }

    @Test
    void newtonNeedsFarFewerIterationsThanGradientDescent(@TempDir Path dir) throws IOException {
        SecondOrderExample.Result r = SecondOrderExample.compute(quick(dir));
        int newton = r.newton().iterations();
        assertTrue(newton > 0 && newton <= 15, () -> "Newton took " + newton);
        assertEquals(newton, r.newtonCg().iterations(), "CG on a 5x5 system finds the same Newton steps");
        assertTrue(r.newtonCg().hvps() > 0);
        int gd = r.gd().iterations() < 0 ? Integer.MAX_VALUE : r.gd().iterations();
        assertTrue(gd >= 100 * newton, () -> "GD took " + gd + ", Newton " + newton);
        assertTrue(r.hessianError() < 1e-12, () -> "Hessian off by " + r.hessianError());
        assertTrue(r.hvpError() < 1e-12, () -> "hvp off by " + r.hvpError());
        assertPicture(r.png());
    }

    @Test
    void theDotFilesNameTheLectureNodes(@TempDir Path dir) throws Exception {
        GraphExample.Result r = GraphExample.compute(quick(dir));
        String forward = Files.readString(r.forwardDot());
        String gradient = Files.readString(r.gradientDot());
        assertTrue(forward.startsWith("digraph"), forward);
        for (String name : new String[] {"x", "y", "w1", "w2", "z1", "yhat", "L"}) {
            assertTrue(forward.contains("\n" + name + "\n"), () -> "forward graph lacks " + name);
        }
        for (String name : new String[] {"x", "w2", "z1", "yhat", "dL_dw1", "dL_dw2"}) {
            assertTrue(gradient.contains("\n" + name + "\n"), () -> "gradient graph lacks " + name);
        }
        assertTrue(text().contains("dL/dw2 = (yhat - y) * z1"), text());
        assertTrue(text().contains("dL/dw1 = "), text());
        if (GraphExample.findOnPath("dot").isPresent()) {
            assertEquals(2, r.svgs().size(), text());
        } else {
            assertTrue(text().contains("apt-get install graphviz"), text());
        }
    }

    /** A readable PNG with something drawn on it. */
    static void assertPicture(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), () -> "missing " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, () -> "not a readable image: " + png);
        int dark = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                int rgb = image.getRGB(x, y);
                dark += ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) < 384 ? 1 : 0;
            }
        }
        assertTrue(dark > 500, () -> png + " is nearly blank");
    }
}
