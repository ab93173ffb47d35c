// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import org.junit.jupiter.api.Test;

/** The lecture's opening ROC slides as numbers, plus the 0/0 rules and bad input. */
class BinaryCountsTest {
    /**
     * The lecture's 100 people: 50 positives, 50 negatives. Each class has 10 scores at 0.9, 15 at
     * 0.6 and 25 at 0.2, so threshold 0.8 predicts 20% positive and 0.5 predicts 50%.
     */
    static double[] hundredScores() {
        double[] s = new double[100];
        for (int i = 0; i < 100; i++) {
            int k = i % 50;
            s[i] = k < 10 ? 0.9 : k < 25 ? 0.6 : 0.2;
        }
        return s;
    }

    /** Labels for {@link #hundredScores()}: the first 50 positive, the last 50 negative. */
    static int[] hundredLabels() {
        int[] y = new int[100];
        for (int i = 0; i < 50; i++) {
            y[i] = 1;
        }
        return y;
    }

    @Test
    void lectureCase1AtThreshold08GivesTprEqualsFprEquals02() {
        BinaryCounts c = BinaryCounts.of(hundredScores(), hundredLabels(), 0.8);
        assertEquals(new BinaryCounts(10, 10, 40, 40), c);
        assertEquals(0.2, c.tpr(), 1e-15);
        assertEquals(0.2, c.fpr(), 1e-15);
        assertEquals(20, c.tp() + c.fp(), "20% of the 100 are predicted positive");
    }

    @Test
    void lectureCase2AtThreshold05GivesTprEqualsFprEquals05() {
        BinaryCounts c = BinaryCounts.of(hundredScores(), hundredLabels(), 0.5);
        assertEquals(new BinaryCounts(25, 25, 25, 25), c);
        assertEquals(0.5, c.tpr(), 1e-15);
        assertEquals(0.5, c.fpr(), 1e-15);
    }

    @Test
    void classifierSayingNegativeForAllHasTprAndFprZero() {
        BinaryCounts c = BinaryCounts.of(hundredScores(), hundredLabels(), 1.0);
        assertEquals(new BinaryCounts(0, 0, 50, 50), c);
        assertEquals(0.0, c.tpr());
        assertEquals(0.0, c.fpr());
        // Nothing predicted positive: precision is 0/0, defined as 0; F1 follows.
        assertEquals(0.0, c.precision());
        assertEquals(0.0, c.f1());
        assertEquals(0.0, BinaryCounts.of(hundredScores(), hundredLabels(), Double.POSITIVE_INFINITY).tpr());
    }

    @Test
    void classifierSayingPositiveForAllHasTprAndFprOne() {
        BinaryCounts c = BinaryCounts.of(hundredScores(), hundredLabels(), 0.0);
        assertEquals(new BinaryCounts(50, 50, 0, 0), c);
        assertEquals(1.0, c.tpr());
        assertEquals(1.0, c.fpr());
        assertEquals(c, BinaryCounts.of(hundredScores(), hundredLabels(), Double.NEGATIVE_INFINITY));
    }

    @Test
    void scoreEqualToTheThresholdIsPositive() {
        BinaryCounts c = BinaryCounts.of(new double[] {0.5, 0.5}, new int[] {1, 0}, 0.5);
        assertEquals(new BinaryCounts(1, 1, 0, 0), c);
    }

    @Test
    void precisionRecallAndF1OnAHandExample() {
        // Scores and labels:  0.9/1  0.8/0  0.7/1  0.4/1  0.3/0  0.1/0  at 0.5:
        // TP = 2 (0.9, 0.7), FP = 1 (0.8), FN = 1 (0.4), TN = 2 (0.3, 0.1).
        double[] s = {0.9, 0.8, 0.7, 0.4, 0.3, 0.1};
        int[] y = {1, 0, 1, 1, 0, 0};
        BinaryCounts c = BinaryCounts.of(s, y, 0.5);
        assertEquals(new BinaryCounts(2, 1, 2, 1), c);
        assertEquals(2.0 / 3, c.precision(), 1e-15);
        assertEquals(2.0 / 3, c.recall(), 1e-15);
        assertEquals(2.0 / 3, c.f1(), 1e-15);
        assertEquals(1.0 / 3, c.fpr(), 1e-15);
        assertEquals(4.0 / 6, c.accuracy(), 1e-15);
        // At 0.75: TP = 1, FP = 1, FN = 2: precision 1/2, recall 1/3, F1 = 2·(1/6)/(5/6) = 2/5.
        BinaryCounts d = BinaryCounts.of(s, y, 0.75);
        assertEquals(0.5, d.precision(), 1e-15);
        assertEquals(1.0 / 3, d.recall(), 1e-15);
        assertEquals(0.4, d.f1(), 1e-15);
        assertTrue(d.toString().contains("TP=1 FP=1 TN=2 FN=2"), d.toString());
    }

    @Test
    void zeroDenominatorsGiveZero() {
        BinaryCounts none = new BinaryCounts(0, 0, 0, 0);
        assertEquals(0.0, none.tpr());
        assertEquals(0.0, none.fpr());
        assertEquals(0.0, none.precision());
        assertEquals(0.0, none.f1());
        assertEquals(0.0, none.accuracy());
        BinaryCounts onlyNegatives = new BinaryCounts(0, 3, 2, 0);
        assertEquals(0.0, onlyNegatives.tpr(), "no positives: TPR is 0/0, defined as 0");
        assertEquals(0.6, onlyNegatives.fpr(), 1e-15);
    }

    @Test
    void tensorsAreAcceptedAsVectorsOrColumns() {
        Tensor s = Tensor.of(Shape.of(4, 1), 0.9, 0.2, 0.6, 0.4);
        Tensor y = Tensor.of(Shape.of(4), 1, 0, 0, 1);
        assertEquals(new BinaryCounts(1, 1, 1, 1), BinaryCounts.of(s, y, 0.5));
    }

    @Test
    void badInputIsNamed() {
        double[] s = {0.1, 0.2};
        int[] y = {0, 1};
        assertMessage("scores is empty; expected at least one sample", () -> BinaryCounts.of(new double[0], y, 0.5));
        assertMessage("labels is empty; expected at least one sample", () -> BinaryCounts.of(s, new int[0], 0.5));
        assertMessage("scores has 2 samples but labels has 3", () -> BinaryCounts.of(s, new int[] {0, 1, 1}, 0.5));
        assertMessage("label 1 is 2; expected 0 (negative) or 1 (positive)", () -> BinaryCounts.of(s, new int[] {0, 2}, 0.5));
        assertMessage("score 0 is NaN", () -> BinaryCounts.of(new double[] {Double.NaN, 0}, y, 0.5));
        assertMessage("threshold is NaN", () -> BinaryCounts.of(s, y, Double.NaN));
        assertMessage("scores is null", () -> BinaryCounts.of(null, y, 0.5));
        assertMessage("labels 1 is 0.5; expected a whole-number label",
                () -> BinaryCounts.of(Tensor.of(Shape.of(2), 0.1, 0.2), Tensor.of(Shape.of(2), 1, 0.5), 0.5));
        assertMessage("scores has shape [2, 2]; expected [N] or [N, 1]",
                () -> BinaryCounts.of(Tensor.zeros(2, 2), Tensor.zeros(4), 0.5));
        assertMessage("counts of at least 0", () -> new BinaryCounts(1, -1, 0, 0));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        NablaException e = assertThrows(NablaException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }
}
