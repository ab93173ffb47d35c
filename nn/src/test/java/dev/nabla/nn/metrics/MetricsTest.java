// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import static dev.nabla.nn.metrics.BinaryCountsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Tensor SCORES = Tensor.fromRows(
            new double[] {0.1, 0.7, 0.2},
            new double[] {0.8, 0.1, 0.1},
            new double[] {0.3, 0.3, 0.4},
            new double[] {0.5, 0.5, 0.0});

    @Test
    void argmaxPicksTheLargestScorePerRowAndTheFirstOnTies() {
        assertArrayEquals(new int[] {1, 0, 2, 0}, Metrics.argmax(SCORES));
        assertArrayEquals(new int[] {2}, Metrics.argmax(Tensor.fromRows(new double[] {-5, -3, -1})));
    }

    @Test
    void accuracyFromScoresOrIndices() {
        Tensor labels = Tensor.of(Shape.of(4), 1, 0, 1, 1);
        assertEquals(0.5, Metrics.accuracy(SCORES, labels), 1e-15);   // rows 0 and 1 right
        assertEquals(0.5, Metrics.accuracy(Tensor.of(Shape.of(4), 1, 0, 2, 0), labels), 1e-15);
        assertEquals(0.5, Metrics.accuracy(Tensor.of(Shape.of(4, 1), 1, 0, 2, 0), labels), 1e-15);
        assertEquals(2.0 / 3, Metrics.accuracy(new int[] {0, 2, 1}, new int[] {0, 1, 1}), 1e-15);
        assertEquals(1.0, Metrics.accuracy(new int[] {3}, new int[] {3}));
    }

    @Test
    void badInputIsNamed() {
        assertMessage("scores has shape [3]; expected [N, C]", () -> Metrics.argmax(Tensor.zeros(3)));
        assertMessage("scores has shape [0, 3]", () -> Metrics.argmax(Tensor.zeros(0, 3)));
        assertMessage("score [0, 1] is NaN",
                () -> Metrics.argmax(Tensor.fromRows(new double[] {0, Double.NaN})));
        assertMessage("predicted has 3 samples but truth has 2",
                () -> Metrics.accuracy(new int[] {0, 1, 1}, new int[] {0, 1}));
        assertMessage("predicted is empty", () -> Metrics.accuracy(new int[0], new int[0]));
        assertMessage("predicted has 4 samples but truth has 3", () -> Metrics.accuracy(SCORES, Tensor.zeros(3)));
        assertMessage("predictions 0 is 0.5; expected a whole-number label",
                () -> Metrics.accuracy(Tensor.of(Shape.of(1), 0.5), Tensor.zeros(1)));
        assertMessage("predictions has shape [1, 1, 2]",
                () -> Metrics.accuracy(Tensor.zeros(1, 1, 2), Tensor.zeros(1)));
    }
}
