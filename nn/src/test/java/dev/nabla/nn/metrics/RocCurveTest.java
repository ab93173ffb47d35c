// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import static dev.nabla.nn.metrics.BinaryCountsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocCurveTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void pointsRunFromNothingPositiveToAllPositiveOverEveryDistinctScore() {
        RocCurve roc = RocCurve.of(new double[] {0.9, 0.8, 0.7, 0.4, 0.3, 0.1}, new int[] {1, 0, 1, 1, 0, 0});
        assertArrayEquals(new double[] {INF, 0.9, 0.8, 0.7, 0.4, 0.3, 0.1}, roc.thresholds());
        assertArrayEquals(new double[] {0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1}, roc.fprs(), 1e-15);
        assertArrayEquals(new double[] {0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1, 1, 1}, roc.tprs(), 1e-15);
        // Area: the first third of FPR at height 1/3, then height 1 for the remaining two thirds.
        assertEquals(1 / 9.0 + 2 / 3.0, roc.auc(), 1e-15);
        assertEquals(7, roc.size());
        assertTrue(roc.toString().contains("7 points, 3 positives, 3 negatives"), roc.toString());
    }

    @Test
    void everyPointIsTheBinaryCountsAtItsThreshold() {
        double[] s = randomScores(new SplittableRandom(7), 300, 20);   // coarse, so many ties
        int[] y = randomLabels(new SplittableRandom(8), 300);
        for (RocCurve.Point p : RocCurve.of(s, y).points()) {
            assertEquals(BinaryCounts.of(s, y, p.threshold()), p.counts(), "threshold " + p.threshold());
        }
    }

    @Test
    void lectureEndsAndScenarioLieOnTheCurve() {
        RocCurve roc = RocCurve.of(BinaryCountsTest.hundredScores(), BinaryCountsTest.hundredLabels());
        List<RocCurve.Point> pts = roc.points();
        assertEquals(0.0, pts.get(0).fpr());   // negative for all
        assertEquals(0.0, pts.get(0).tpr());
        assertEquals(1.0, pts.get(pts.size() - 1).fpr());   // positive for all
        assertEquals(1.0, pts.get(pts.size() - 1).tpr());
        // Thresholds 0.9 and 0.6 give the same predictions as the lecture's 0.8 and 0.5.
        assertEquals(new BinaryCounts(10, 10, 40, 40), pts.get(1).counts());
        assertEquals(new BinaryCounts(25, 25, 25, 25), pts.get(2).counts());
        // Scores independent of the label: a random classifier, on the diagonal, AUC exactly 1/2.
        pts.forEach(p -> assertEquals(p.fpr(), p.tpr(), 1e-15));
        assertEquals(0.5, roc.auc(), 1e-15);
    }

    @Test
    void tiedScoresMoveDiagonally() {
        // One positive and one negative share 0.5: a single step from (0, 0.5) to (0.5, 1).
        RocCurve roc = RocCurve.of(new double[] {0.9, 0.5, 0.5, 0.1}, new int[] {1, 1, 0, 0});
        assertArrayEquals(new double[] {INF, 0.9, 0.5, 0.1}, roc.thresholds());
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, roc.fprs());
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, roc.tprs());
        assertEquals(0.875, roc.auc(), 1e-15);   // the tie gets half credit: (3 + 0.5) / 4
        // All scores equal: the curve is the diagonal and AUC is 1/2, whatever the labels.
        RocCurve flat = RocCurve.of(new double[] {3, 3, 3, 3, 3}, new int[] {1, 0, 0, 1, 0});
        assertEquals(2, flat.size());
        assertEquals(0.5, flat.auc(), 1e-15);
        // -0.0 and 0.0 are one threshold, as score >= threshold sees them.
        assertEquals(2, RocCurve.of(new double[] {-0.0, 0.0}, new int[] {0, 1}).size());
    }

    @Test
    void perfectRankingGivesAucOneAndReversedGivesZero() {
        double[] s = {0.95, 0.9, 0.6, 0.55, 0.2, 0.1, -3};
        int[] good = {1, 1, 1, 0, 0, 0, 0};
        int[] bad = {0, 0, 0, 1, 1, 1, 1};
        assertEquals(1.0, RocCurve.of(s, good).auc());
        assertEquals(0.0, RocCurve.of(s, bad).auc());
        // The perfect curve goes straight up to (0, 1), then across.
        assertTrue(RocCurve.of(s, good).points().stream().anyMatch(p -> p.fpr() == 0 && p.tpr() == 1));
    }

    @Test
    void randomClassifierHasAucNearHalfAndTprNearFpr() {
        SplittableRandom rng = new SplittableRandom(2024);
        int n = 20_000;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextDouble();
        }
        RocCurve roc = RocCurve.of(s, randomLabels(rng, n));
        assertEquals(0.5, roc.auc(), 0.02);
        // Kolmogorov-Smirnov scale for 10,000 per class is about 0.02; allow 0.05 everywhere.
        double worst = roc.points().stream().mapToDouble(p -> Math.abs(p.tpr() - p.fpr())).max().orElseThrow();
        assertTrue(worst < 0.05, "max |TPR - FPR| = " + worst);
    }

    @Test
    void aucEqualsTheMannWhitneyProbabilityByBruteForce() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(200);
            int levels = trial % 2 == 0 ? 5 : 1_000_000;   // heavy ties, then almost none
            double[] s = randomScores(rng, n, levels);
            int[] y = randomLabels(rng, n);
            y[0] = 1;
            y[1] = 0;
            // Positives score a little higher on average, so the AUC is not trivially 1/2.
            for (int i = 0; i < n; i++) {
                s[i] += y[i] * (trial % 3) * 0.1;
            }
            assertEquals(mannWhitney(s, y), RocCurve.of(s, y).auc(), 1e-12, "trial " + trial);
        }
    }

    @Test
    void tensorsGiveTheSameCurve() {
        double[] s = {0.3, 0.8, 0.5, 0.1};
        int[] y = {0, 1, 1, 0};
        Tensor ts = Tensor.of(Shape.of(4, 1), s);
        Tensor ty = Tensor.of(Shape.of(4), 0, 1, 1, 0);
        assertEquals(RocCurve.of(s, y), RocCurve.of(ts, ty));
    }

    @Test
    void badInputIsNamed() {
        assertMessage("all 3 labels are 1; expected at least one positive (1) and one negative (0)",
                () -> RocCurve.of(new double[] {0.1, 0.2, 0.3}, new int[] {1, 1, 1}));
        assertMessage("all 2 labels are 0", () -> RocCurve.of(new double[] {0.1, 0.2}, new int[] {0, 0}));
        assertMessage("score 1 is NaN", () -> RocCurve.of(new double[] {0.1, Double.NaN}, new int[] {0, 1}));
        assertMessage("score 0 is +Infinity", () -> RocCurve.of(new double[] {INF, 0.1}, new int[] {0, 1}));
        assertMessage("label 0 is -1", () -> RocCurve.of(new double[] {0.1, 0.2}, new int[] {-1, 1}));
        assertMessage("scores has 1 samples but labels has 2", () -> RocCurve.of(new double[] {0.1}, new int[] {0, 1}));
        assertMessage("scores is empty", () -> RocCurve.of(new double[0], new int[] {0, 1}));
        // -Infinity is a legitimate score: the smallest threshold, all positive.
        assertEquals(1.0, RocCurve.of(new double[] {Double.NEGATIVE_INFINITY, 0}, new int[] {0, 1}).auc());
    }

    /** P(s+ > s-) + P(s+ = s-) / 2 over all positive-negative pairs. */
    private static double mannWhitney(double[] s, int[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }

    private static double[] randomScores(SplittableRandom rng, int n, int levels) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextInt(levels) / (double) levels;
        }
        return s;
    }

    private static int[] randomLabels(SplittableRandom rng, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
        }
        return y;
    }
}
