// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import static dev.nabla.nn.metrics.BinaryCountsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    // Rows true, columns predicted:  [2 1 0]
    //                                [0 2 0]
    //                                [1 0 2]
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 2, 2, 2};
    private static final int[] PRED = {0, 1, 0, 1, 1, 2, 0, 2};

    @Test
    void countsPairsWithTrueClassesAsRows() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED, 3);
        assertArrayEquals(new int[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}}, cm.counts());
        assertEquals(1, cm.count(0, 1));
        assertEquals(1, cm.count(2, 0));
        assertEquals(8, cm.total());
        assertEquals(3, cm.classes());
        assertEquals(0.75, cm.accuracy(), 1e-15);
    }

    @Test
    void perClassAndMacroPrecisionRecallF1ByHand() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED, 3);
        // Precision by column: 2/3, 2/3, 2/2. Recall by row: 2/3, 2/2, 2/3.
        assertEquals(2.0 / 3, cm.precision(0), 1e-15);
        assertEquals(2.0 / 3, cm.precision(1), 1e-15);
        assertEquals(1.0, cm.precision(2), 1e-15);
        assertEquals(2.0 / 3, cm.recall(0), 1e-15);
        assertEquals(1.0, cm.recall(1), 1e-15);
        assertEquals(2.0 / 3, cm.recall(2), 1e-15);
        // F1 = 2PR / (P + R): 2/3, 0.8, 0.8.
        assertEquals(2.0 / 3, cm.f1(0), 1e-15);
        assertEquals(0.8, cm.f1(1), 1e-15);
        assertEquals(0.8, cm.f1(2), 1e-15);
        assertEquals(7.0 / 9, cm.macroPrecision(), 1e-15);
        assertEquals(7.0 / 9, cm.macroRecall(), 1e-15);
        assertEquals((2.0 / 3 + 0.8 + 0.8) / 3, cm.macroF1(), 1e-15);
        assertEquals(new BinaryCounts(2, 1, 4, 1), cm.oneVsRest(0));
    }

    @Test
    void anAbsentClassScoresZeroAndCountsInTheMacroMean() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED, 4);
        assertEquals(0.0, cm.precision(3));
        assertEquals(0.0, cm.recall(3));
        assertEquals(0.0, cm.f1(3));
        assertEquals(7.0 / 12, cm.macroPrecision(), 1e-15);
    }

    @Test
    void tensorPredictionsMayBeIndicesOrScores() {
        Tensor labels = Tensor.of(Shape.of(3), 0, 1, 1);
        Tensor scores = Tensor.fromRows(new double[] {2, 1}, new double[] {0, 3}, new double[] {5, -1});
        ConfusionMatrix cm = ConfusionMatrix.of(labels, scores, 2);
        assertEquals(ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2), cm);
        assertEquals(cm, ConfusionMatrix.of(labels, Tensor.of(Shape.of(3), 0, 1, 0), 2));
    }

    @Test
    void toStringIsATable() {
        String s = ConfusionMatrix.of(TRUTH, PRED, 3).toString();
        String[] lines = s.split("\n");
        assertEquals("true\\pred     0    1    2", lines[0]);
        assertEquals("0             2    1    0", lines[1]);
        assertEquals("2             1    0    2", lines[3]);
        assertTrue(s.contains("class      precision    recall        f1   support"), s);
        assertTrue(s.contains("1              0.667     1.000     0.800         2"), s);
        assertTrue(s.contains("macro          0.778     0.778     0.756         8"), s);
        assertTrue(s.endsWith("accuracy       0.750"), s);
    }

    @Test
    void formatLabelsRowsAndColumnsWithClassNames() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED, 3);
        String s = cm.format(List.of("setosa", "versicolor", "virginica"));
        String[] lines = s.split("\n");
        assertEquals("true\\pred        setosa versicolor  virginica", lines[0]);
        assertEquals("setosa                2          1          0", lines[1]);
        assertEquals("virginica             1          0          2", lines[3]);
        assertTrue(s.contains("versicolor       0.667     1.000     0.800         2"), s);
        assertTrue(s.endsWith("accuracy         0.750"), s);
        assertEquals(cm.toString(), cm.format(List.of("0", "1", "2")), "numbers as names are toString");
        assertMessage("2 class names for 3 classes", () -> cm.format(List.of("a", "b")));
        assertMessage("classNames[1] is null", () -> cm.format(Arrays.asList("a", null, "c")));
    }

    @Test
    void badInputIsNamed() {
        assertMessage("classes is 0; expected at least 1", () -> ConfusionMatrix.of(TRUTH, PRED, 0));
        assertMessage("true label 5 is 2; expected a class index in [0, 2)", () -> ConfusionMatrix.of(TRUTH, PRED, 2));
        assertMessage("predicted label 1 is -1", () -> ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, -1}, 2));
        assertMessage("truth has 2 samples but predicted has 1",
                () -> ConfusionMatrix.of(new int[] {0, 0}, new int[] {0}, 2));
        assertMessage("true label is empty", () -> ConfusionMatrix.of(new int[0], new int[0], 2));
        assertMessage("class 3 is outside [0, 3)", () -> ConfusionMatrix.of(TRUTH, PRED, 3).precision(3));
        assertMessage("labels 0 is 0.5", () -> ConfusionMatrix.of(
                Tensor.of(Shape.of(1), 0.5), Tensor.of(Shape.of(1), 0), 2));
    }
}
