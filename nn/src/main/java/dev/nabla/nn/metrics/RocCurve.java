// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ROC curve of a binary scorer: one (FPR, TPR) point for every threshold, and its AUC.
 *
 * <p>The points run from threshold {@code +Infinity} (nothing predicted positive: (0, 0)) down
 * through every distinct score in decreasing order; the last, the smallest score, predicts all
 * positive: (1, 1). Each point's counts are exactly {@link BinaryCounts#of} at its threshold, with
 * {@code score >= threshold} positive. Samples with tied scores cross the threshold together, so a
 * tie of positives and negatives moves the curve diagonally, and the trapezoid AUC gives it half
 * credit: the AUC equals the Mann-Whitney probability {@code P(s+ > s-) + P(s+ = s-) / 2}.
 *
 * <p>Usage: {@code double auc = RocCurve.of(probabilities, yTest).auc();}
 */
public final class RocCurve {
    /**
     * One point of the curve: a threshold and the outcome counts it gives.
     *
     * @param threshold samples with {@code score >= threshold} are predicted positive
     * @param counts the outcome counts at this threshold
     */
    public record Point(double threshold, BinaryCounts counts) {
        /** Requires the counts. */
        public Point {
            Arguments.requireNonNull("RocCurve.Point", "counts", counts);
        }

        /**
         * Returns this point's false positive rate.
         *
         * @return the false positive rate at this threshold, the curve's x coordinate
         */
        public double fpr() {
            return counts.fpr();
        }

        /**
         * Returns this point's true positive rate.
         *
         * @return the true positive rate at this threshold, the curve's y coordinate
         */
        public double tpr() {
            return counts.tpr();
        }
    }

    private final List<Point> points;

    private RocCurve(List<Point> points) {
        this.points = List.copyOf(points);
    }

    /**
     * Computes the curve over every distinct score; sorts, so it takes {@code O(N log N)}.
     *
     * <p>Usage: {@code RocCurve.of(new double[] {0.9, 0.8, 0.3}, new int[] {1, 0, 0}).auc() // 1.0}
     *
     * @param scores one score per sample (higher means more positive), none NaN or {@code +Infinity}
     * @param labels one label per sample, 0 or 1, with at least one of each
     * @return the curve
     * @throws NablaException if the input is empty or null, the lengths differ, a label is not 0 or
     *     1, only one class occurs (TPR or FPR would be 0/0), or a score is NaN or {@code +Infinity}
     *     (that threshold is reserved for the (0, 0) end)
     */
    public static RocCurve of(double[] scores, int[] labels) {
        String op = "RocCurve.of";
        Inputs.requireScores(op, scores);
        Inputs.requireBinaryLabels(op, labels);
        Inputs.requireSameLength(op, "scores", scores.length, "labels", labels.length);
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] == Double.POSITIVE_INFINITY) {
                throw new NablaException(op + ": score " + i + " is +Infinity; expected a score below the"
                        + " threshold +Infinity, which marks the (0, 0) end where nothing is positive");
            }
            p += labels[i];
        }
        int n = labels.length - p;
        if (p == 0 || n == 0) {
            throw new NablaException(op + ": all " + labels.length + " labels are " + (p == 0 ? 0 : 1)
                    + "; expected at least one positive (1) and one negative (0), else TPR or FPR is 0/0");
        }
        double[] pos = new double[p];
        double[] neg = new double[n];
        for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
            if (labels[i] == 1) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        return sweep(pos, neg);
    }

    /**
     * Computes the curve from tensors, as {@link #of(double[], int[])}.
     *
     * <p>Usage: {@code RocCurve.of(session.run(feeds, probability).get(0), yTest)}
     *
     * @param scores scores of shape {@code [N]} or {@code [N, 1]}
     * @param labels labels of shape {@code [N]} or {@code [N, 1]}, each 0.0 or 1.0
     * @return the curve
     * @throws NablaException as the array form does, or on another shape
     */
    public static RocCurve of(Tensor scores, Tensor labels) {
        String op = "RocCurve.of";
        Arguments.requireNonNulls(op, "scores", scores, "labels", labels);
        return of(Inputs.vector(op, "scores", scores), Inputs.integers(op, "labels", labels));
    }

    /**
     * Lowers the threshold through the merged, descending scores of both classes, one point per
     * distinct value, so a tie moves TP and FP in the same step.
     */
    private static RocCurve sweep(double[] pos, double[] neg) {
        Arrays.sort(pos);
        Arrays.sort(neg);
        int i = pos.length - 1;
        int j = neg.length - 1;
        int tp = 0;
        int fp = 0;
        List<Point> out = new ArrayList<>();
        out.add(new Point(Double.POSITIVE_INFINITY, new BinaryCounts(0, 0, neg.length, pos.length)));
        while (i >= 0 || j >= 0) {
            double t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
            // == rather than a sort order: -0.0 and 0.0 are one threshold, as score >= t sees them.
            while (i >= 0 && pos[i] == t) {
                tp++;
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                fp++;
                j--;
            }
            out.add(new Point(t, new BinaryCounts(tp, fp, neg.length - fp, pos.length - tp)));
        }
        return new RocCurve(out);
    }

    /**
     * Returns the points of the curve, in order of decreasing threshold.
     *
     * @return the points, from threshold {@code +Infinity} at (0, 0) down to the smallest score at (1, 1)
     */
    public List<Point> points() {
        return points;
    }

    /**
     * Counts the points of the curve.
     *
     * @return the number of points: the number of distinct scores plus one
     */
    public int size() {
        return points.size();
    }

    /**
     * Returns the false positive rates of the points, for plotting.
     *
     * @return the false positive rate of each point, in order, as a fresh array
     */
    public double[] fprs() {
        return points.stream().mapToDouble(Point::fpr).toArray();
    }

    /**
     * Returns the true positive rates of the points, for plotting.
     *
     * @return the true positive rate of each point, in order, as a fresh array
     */
    public double[] tprs() {
        return points.stream().mapToDouble(Point::tpr).toArray();
    }

    /**
     * Returns the thresholds of the points.
     *
     * @return the threshold of each point, in order, starting with {@code +Infinity}
     */
    public double[] thresholds() {
        return points.stream().mapToDouble(Point::threshold).toArray();
    }

    /**
     * Computes the area under the curve by the trapezoid rule over consecutive points.
     *
     * <p>Usage: {@code RocCurve.of(scores, labels).auc() // 1 perfect, 0.5 random, 0 reversed}
     *
     * @return the AUC in {@code [0, 1]}
     */
    public double auc() {
        // Sum in counts, divide once: FP steps times summed TP heights, over P * N (twice the area).
        double twiceArea = 0;
        for (int k = 1; k < points.size(); k++) {
            BinaryCounts a = points.get(k - 1).counts();
            BinaryCounts b = points.get(k).counts();
            twiceArea += (double) (b.fp() - a.fp()) * ((double) a.tp() + b.tp());
        }
        BinaryCounts any = points.get(0).counts();
        return twiceArea / (2.0 * any.positives() * any.negatives());
    }

    /** Curves are equal when their points are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RocCurve r && points.equals(r.points);
    }

    @Override
    public int hashCode() {
        return points.hashCode();
    }

    /**
     * Summarises the curve on one line.
     *
     * @return a summary: the number of points, positives, negatives and the AUC
     */
    @Override
    public String toString() {
        BinaryCounts any = points.get(0).counts();
        return String.format(Locale.ROOT, "RocCurve[%d points, %d positives, %d negatives, AUC=%.4f]",
                points.size(), any.positives(), any.negatives(), auc());
    }
}
