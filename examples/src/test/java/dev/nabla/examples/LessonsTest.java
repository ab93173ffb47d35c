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
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four lessons added for issue 19, in quick mode: each writes its figure, prints a caption and
 * no NaN, and the numbers it computed show what the lecture claims.
 */
class LessonsTest {
    private static final long SEED = 42;

    private static ExampleRun quick(Path dir, ByteArrayOutputStream bytes) {
        return new ExampleRun(dir, SEED, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    private static String checked(ByteArrayOutputStream bytes, Path dir, String png) throws Exception {
        String text = bytes.toString(StandardCharsets.UTF_8);
        BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
        assertNotNull(image, "no readable PNG " + png);
        assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400, png + " is too small");
        assertFalse(text.contains("NaN"), text);
        assertTrue(text.contains("caption: "), "no caption: " + text);
        return text;
    }

    @Test
    void sigmoidInputsGiveSameSignUpdatesAndASlowerDescentThanTanh(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ZigZagExample.Descent> d = new ZigZagExample().measure(quick(dir, bytes));
        String text = checked(bytes, dir, "zig-zag.png");
        ZigZagExample.Descent sigmoid = d.get(0);
        ZigZagExample.Descent tanh = d.get(1);
        // With positive inputs dL/dw_i = delta * x_i: both components carry delta's sign at every step.
        assertTrue(sigmoid.sameSign() > 0.99, text);
        assertTrue(tanh.sameSign() < 0.75, text);
        assertTrue(tanh.stepsToLevel() > 0, "tanh inputs reach 1% of the start: " + text);
        assertTrue(sigmoid.stepsToLevel() < 0 || sigmoid.stepsToLevel() > 2 * tanh.stepsToLevel(), text);
    }

    @Test
    void aSlightlyPositiveBiasLeavesFewerReluUnitsDead(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ReluBiasExample.Run> runs = new ReluBiasExample().measure(quick(dir, bytes));
        String text = checked(bytes, dir, "relu-bias.png");
        assertEquals(2 * ReluBiasExample.nets().size(), runs.size());
        // Deep with small weights, the bias outweighs the pre-activations: bias 0 loses units, 0.01 keeps them.
        ReluBiasExample.Run zero = runs.get(2);
        ReluBiasExample.Run positive = runs.get(3);
        assertTrue(zero.last() > 0.05, "bias 0 leaves units dead: " + text);
        assertTrue(positive.last() < zero.last() / 3 && positive.mean() < zero.mean() / 3, text);
        for (int e = 0; e < zero.dead().length; e++) {
            assertTrue(positive.dead()[e] <= zero.dead()[e], "epoch " + e + ": " + text);
        }
    }

    @Test
    void miniBatchesStayStableAtLargerRatesThanSingleSamples(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<BatchRatesExample.Sweep> s = new BatchRatesExample().measure(quick(dir, bytes));
        String text = checked(bytes, dir, "batch-rates.png");
        double sgd = s.get(1).largestStable();
        double mini = s.get(2).largestStable();
        assertFalse(Double.isNaN(sgd), "SGD trains at some rate: " + text);
        assertTrue(mini > sgd, "mini-batch " + mini + " vs SGD " + sgd + ": " + text);
        assertTrue(s.get(0).largestStable() >= sgd, text);
    }

    @Test
    void theActivationTimingsArePrintedWithTheMachineAndAgreeWithPlainLoops(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ActivationCostExample.Timing> t = new ActivationCostExample().measure(quick(dir, bytes));
        String text = checked(bytes, dir, "activation-cost.png");
        assertEquals(List.of("ReLU", "sigmoid", "tanh", "ELU"), t.stream().map(ActivationCostExample.Timing::name).toList());
        for (ActivationCostExample.Timing x : t) {
            // What was timed computes the activation: the graph and the loop agree. Speed is never asserted.
            assertTrue(x.maxDifference() < 1e-12, x + "");
            assertTrue(x.graphNs() > 0 && x.loopNs() > 0 && Double.isFinite(x.graphNs()), x + "");
        }
        assertTrue(text.contains("machine: " + ActivationCostExample.cpuModel()), text);
        assertTrue(text.contains("depend on the machine"), text);
    }
}
