// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;

/**
 * The four outcome counts of a binary classifier at one threshold, and the rates built from them.
 *
 * <p>A sample is predicted positive when {@code score >= threshold}. Every rate is a ratio of
 * counts; when its denominator is zero (no positives, no negatives, nothing predicted positive)
 * the rate is defined as 0, so a classifier that says negative for all has TPR = FPR = precision = 0.
 *
 * <p>Usage: {@code BinaryCounts c = BinaryCounts.of(scores, labels, 0.5); c.tpr(); c.fpr();}
 *
 * @param tp true positives: label 1, predicted positive
 * @param fp false positives: label 0, predicted positive
 * @param tn true negatives: label 0, predicted negative
 * @param fn false negatives: label 1, predicted negative
 */
public record BinaryCounts(int tp, int fp, int tn, int fn) {
    /**
     * Makes counts directly.
     *
     * <p>Usage: {@code new BinaryCounts(10, 10, 40, 40).tpr() // 0.2, the lecture's case 1}
     *
     * @param tp true positives
     * @param fp false positives
     * @param tn true negatives
     * @param fn false negatives
     * @throws NablaException if a count is negative or the total exceeds {@code Integer.MAX_VALUE}
     */
    public BinaryCounts {
        if (tp < 0 || fp < 0 || tn < 0 || fn < 0 || (long) tp + fp + tn + fn > Integer.MAX_VALUE) {
            throw new NablaException("BinaryCounts: expected counts of at least 0 with a total that fits an int,"
                    + " got TP=" + tp + ", FP=" + fp + ", TN=" + tn + ", FN=" + fn);
        }
    }

    /**
     * Counts outcomes with {@code score >= threshold} as a positive prediction.
     *
     * <p>Usage: {@code BinaryCounts.of(new double[] {0.9, 0.4}, new int[] {1, 0}, 0.5) // TP=1, TN=1}
     *
     * @param scores one score per sample (a probability, a logit or a margin), none NaN
     * @param labels one label per sample, each 0 (negative) or 1 (positive)
     * @param threshold the decision threshold, not NaN; {@code +Infinity} predicts nothing
     *     positive (unless a score is {@code +Infinity}), {@code -Infinity} predicts all positive
     * @return the counts
     * @throws NablaException if the input is empty or null, the lengths differ, a label is not 0 or
     *     1, a score is NaN, or the threshold is NaN
     */
    public static BinaryCounts of(double[] scores, int[] labels, double threshold) {
        String op = "BinaryCounts.of";
        Inputs.requireScores(op, scores);
        Inputs.requireBinaryLabels(op, labels);
        Inputs.requireSameLength(op, "scores", scores.length, "labels", labels.length);
        if (Double.isNaN(threshold)) {
            throw new NablaException(op + ": threshold is NaN; expected a number to compare scores against");
        }
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean positive = scores[i] >= threshold;
            if (labels[i] == 1 && positive) {
                tp++;
            } else if (labels[i] == 1) {
                fn++;
            } else if (positive) {
                fp++;
            } else {
                tn++;
            }
        }
        return new BinaryCounts(tp, fp, tn, fn);
    }

    /**
     * Counts outcomes from tensors, as {@link #of(double[], int[], double)}.
     *
     * <p>Usage: {@code BinaryCounts.of(probabilities, yTest, 0.5)}
     *
     * @param scores scores of shape {@code [N]} or {@code [N, 1]}
     * @param labels labels of shape {@code [N]} or {@code [N, 1]}, each 0.0 or 1.0
     * @param threshold the decision threshold, not NaN
     * @return the counts
     * @throws NablaException as the array form does, or on another shape
     */
    public static BinaryCounts of(Tensor scores, Tensor labels, double threshold) {
        String op = "BinaryCounts.of";
        Arguments.requireNonNulls(op, "scores", scores, "labels", labels);
        return of(Inputs.vector(op, "scores", scores), Inputs.integers(op, "labels", labels), threshold);
    }

    /**
     * Counts all samples.
     *
     * @return the number of samples, {@code TP + FP + TN + FN}
     */
    public int total() {
        return tp + fp + tn + fn;
    }

    /**
     * Counts the samples whose true label is positive.
     *
     * @return the number of samples labelled positive, {@code TP + FN}
     */
    public int positives() {
        return tp + fn;
    }

    /**
     * Counts the samples whose true label is negative.
     *
     * @return the number of samples labelled negative, {@code FP + TN}
     */
    public int negatives() {
        return fp + tn;
    }

    /**
     * Computes the true positive rate (sensitivity).
     *
     * @return the true positive rate {@code TP / (TP + FN)}, or 0 when there are no positives
     */
    public double tpr() {
        return ratio(tp, (long) tp + fn);
    }

    /**
     * Computes the false positive rate.
     *
     * @return the false positive rate {@code FP / (FP + TN)}, or 0 when there are no negatives
     */
    public double fpr() {
        return ratio(fp, (long) fp + tn);
    }

    /**
     * Computes the recall, the fraction of positives found.
     *
     * @return the recall, the same as {@link #tpr()}: {@code TP / (TP + FN)}, 0 with no positives
     */
    public double recall() {
        return tpr();
    }

    /**
     * Computes the precision, the fraction of positive predictions that are right.
     *
     * @return the precision {@code TP / (TP + FP)}, or 0 when nothing is predicted positive
     */
    public double precision() {
        return ratio(tp, (long) tp + fp);
    }

    /**
     * Computes F1, the harmonic mean of precision and recall, as {@code 2TP / (2TP + FP + FN)}.
     *
     * @return F1 in {@code [0, 1]}; 0 when {@code TP = 0}, including the 0/0 case of no positives
     *     and nothing predicted positive
     */
    public double f1() {
        return ratio(2L * tp, 2L * tp + fp + fn);
    }

    /**
     * Computes the accuracy, the fraction of samples classified correctly.
     *
     * @return the accuracy {@code (TP + TN) / total}, or 0 when there are no samples
     */
    public double accuracy() {
        return ratio((long) tp + tn, total());
    }

    /** The rule for every 0/0 here: a rate over an empty set is 0. */
    private static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }

    /**
     * Formats the counts and the rates derived from them on one line.
     *
     * @return the counts and the rates, for example {@code TP=10 FP=10 TN=40 FN=40 (TPR=0.200 FPR=0.200 ...)}
     */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "TP=%d FP=%d TN=%d FN=%d (TPR=%.3f FPR=%.3f precision=%.3f recall=%.3f F1=%.3f)",
                tp, fp, tn, fn, tpr(), fpr(), precision(), recall(), f1());
    }
}
