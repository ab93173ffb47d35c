// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training examples in quick mode: each writes readable PNGs, prints no NaN, and shows what
 * the lecture says it shows, asserted on the numbers it computed.
 */
class TrainingExamplesTest {
    private static final long SEED = 42;

    /** A quick run into a folder, with the report captured. */
    private static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final ExampleRun run;

        Capture(Path dir) {
            run = new ExampleRun(dir, SEED, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertPngs(Path dir, String... names) throws Exception {
        for (String name : names) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(image, "no readable PNG " + name);
            assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400, name + " is too small");
        }
    }

    private static void assertPlain(String text) {
        assertFalse(text.contains("NaN"), text);
        assertFalse(text.isBlank());
    }

    @Test
    void multiOutputSharesOneHiddenLayerAndItsTotalIsTheLectureMse(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        MultiOutputExample.Result r = new MultiOutputExample().measure(c.run);
        assertPngs(dir, "multi-output.png");
        assertPlain(c.text());
        assertEquals(r.shared().total(), r.lossMse(), 1e-9, "the sum of the per-output MSEs is Losses.mse");
        for (double mse : r.shared().mse()) {
            // Each target has variance of at least 1/8 on [-pi, pi]; a fitted output is far below that.
            assertTrue(mse < 0.03, "an output was not learned: " + c.text());
        }
        assertTrue(r.shared().params() < r.separate().params(), "one shared hidden layer needs fewer weights");
    }

    @Test
    void sgdIsNoisyAndMiniBatchesAreSmooth(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        List<LossTrace> t = new GdSgdMiniBatchExample().measure(c.run);
        assertPngs(dir, "gd-sgd-minibatch.png");
        assertPlain(c.text());
        LossTrace gd = t.get(0);
        LossTrace sgd = t.get(1);
        LossTrace mini = t.get(2);
        assertEquals(0, GdSgdMiniBatchExample.rises(gd), "full-batch GD with a small rate never goes up");
        assertTrue(GdSgdMiniBatchExample.rises(sgd) > GdSgdMiniBatchExample.rises(mini), c.text());
        assertTrue(GdSgdMiniBatchExample.roughness(sgd) > 3 * GdSgdMiniBatchExample.roughness(mini), c.text());
        assertTrue(sgd.last() < gd.last() && mini.last() < gd.last(), "per epoch, more steps go further: " + c.text());
    }

    @Test
    void smallSigmoidWeightsVanishAndAHighRateKillsReLUs(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        VanishingGradientsExample.Result r = new VanishingGradientsExample().measure(c.run);
        assertPngs(dir, "gradient-norms.png", "dead-relu.png");
        assertPlain(c.text());
        int last = VanishingGradientsExample.DEPTH - 1;
        double[] small = r.norms().get("sigmoid, N(0, 0.01^2)");
        assertTrue(small[0] < 1e-6 * small[last], "first/last " + small[0] / small[last]);
        for (String healthy : List.of("tanh, Xavier", "ReLU, He")) {
            double ratio = r.norms().get(healthy)[0] / r.norms().get(healthy)[last];
            assertTrue(ratio > 0.1 && ratio < 10, healthy + " first/last " + ratio);
        }
        double sane = Arrays.stream(r.deadSane()).average().orElseThrow();
        double high = Arrays.stream(r.deadHigh()).average().orElseThrow();
        assertTrue(high > sane + 0.05, "dead fraction at the high rate " + high + " vs " + sane);
    }

    @Test
    void batchNormTrainsTheDeepSigmoidNetAtTheSameRate(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        BatchNormExample.Result r = new BatchNormExample().measure(c.run);
        assertPngs(dir, "batchnorm.png");
        assertPlain(c.text());
        assertTrue(r.with().last() < 0.5 * r.without().last(), c.text());
        assertTrue(r.accuracyWith() > r.accuracyWithout() + 0.3, c.text());
    }

    @Test
    void everyOptimizerWithMomentumOrAdaptiveRatesBeatsPlainSgd(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        List<LossTrace> t = new OptimizersExample().measure(c.run);
        assertPngs(dir, "optimizers.png");
        assertPlain(c.text());
        assertEquals(6, t.size());
        double sgd = t.get(0).last();
        for (LossTrace other : t.subList(1, t.size())) {
            assertTrue(Double.isFinite(other.last()) && other.last() < sgd, other.label() + ": " + c.text());
        }
    }

    @Test
    void theRightLearningRateEndsBelowTooSmallAndTooLarge(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        List<LossTrace> t = new LearningRateExample().measure(c.run);
        assertPngs(dir, "learning-rate.png");
        assertFalse(c.text().contains("NaN"), c.text());
        assertTrue(t.get(1).last() < t.get(0).last(), c.text());
        assertTrue(t.get(1).last() < t.get(2).last(), c.text());
        assertTrue(t.get(1).last() < 0.3, "the right rate trains: " + c.text());
    }

    @Test
    void regularisationNarrowsTheGapLeftByOverfitting(@TempDir Path dir) throws Exception {
        Capture c = new Capture(dir);
        List<RegularizationExample.Run> runs = new RegularizationExample().measure(c.run);
        assertPngs(dir, "regularization.png");
        assertPlain(c.text());
        RegularizationExample.Run none = runs.get(0);
        double noise = RegularizationExample.NOISE * RegularizationExample.NOISE;
        assertTrue(none.train() < 0.75 * noise, "without help the net fits the noise: " + c.text());
        for (RegularizationExample.Run cured : runs.subList(1, runs.size())) {
            assertTrue(cured.gap() < none.gap(), cured.label() + ": " + c.text());
            assertTrue(cured.validation() < none.validation(), cured.label() + ": " + c.text());
        }
        assertTrue(runs.get(3).epochs() < none.epochs(), "early stopping stops early");
    }
}
