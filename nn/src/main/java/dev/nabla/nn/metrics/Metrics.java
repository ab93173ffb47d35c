// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;

/**
 * Accuracy and argmax over predictions fetched from a model, computed outside the graph.
 *
 * <p>Usage: {@code double acc = Metrics.accuracy(session.run(feeds, logits).get(0), yTest);}
 */
public final class Metrics {
    private Metrics() {}

    /**
     * Finds the index of the largest score in each row of a {@code [N, C]} tensor; ties go to the
     * lowest index, as in NumPy.
     *
     * <p>Usage: {@code int[] predicted = Metrics.argmax(probabilities); // [N, C] -> N classes}
     *
     * @param scores scores or probabilities of shape {@code [N, C]}, N and C at least 1, no NaN
     * @return the predicted class of each row
     * @throws NablaException if the tensor is not {@code [N, C]}, is empty, or holds a NaN
     */
    public static int[] argmax(Tensor scores) {
        if (scores == null) {
            throw new NablaException("Metrics.argmax: scores is null");
        }
        int[] dims = scores.shape().dims();
        if (dims.length != 2 || dims[0] == 0 || dims[1] == 0) {
            throw new NablaException("Metrics.argmax: scores has shape " + scores.shape()
                    + "; expected [N, C] with one row of class scores per sample, N and C at least 1");
        }
        double[] s = scores.toArray();
        int n = dims[0];
        int c = dims[1];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < c; j++) {
                double v = s[i * c + j];
                if (Double.isNaN(v)) {
                    throw new NablaException("Metrics.argmax: score [" + i + ", " + j
                            + "] is NaN; expected numbers to compare (did the model diverge?)");
                }
                if (v > s[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Computes the fraction of samples whose predicted class equals the true class.
     *
     * <p>Usage: {@code Metrics.accuracy(new int[] {0, 2, 1}, new int[] {0, 1, 1}) // 2/3}
     *
     * @param predicted the predicted class of each sample
     * @param truth the true class of each sample, as many as {@code predicted}
     * @return the accuracy in {@code [0, 1]}
     * @throws NablaException if either is null or empty, or their lengths differ
     */
    public static double accuracy(int[] predicted, int[] truth) {
        Inputs.requireNonEmpty("Metrics.accuracy", "predicted", predicted);
        Inputs.requireNonEmpty("Metrics.accuracy", "truth", truth);
        Inputs.requireSameLength("Metrics.accuracy", "predicted", predicted.length, "truth", truth.length);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }

    /**
     * Computes accuracy from either predicted class indices {@code [N]} or class scores
     * {@code [N, C]}, which are turned into classes by {@link #argmax}.
     *
     * <p>Usage: {@code Metrics.accuracy(logits, labels) // logits [N, C], labels [N] of 0..C-1}
     *
     * @param predictions class indices of shape {@code [N]} (or {@code [N, 1]}), or scores of shape
     *     {@code [N, C]} with C at least 2
     * @param labels the true class indices, shape {@code [N]} or {@code [N, 1]}, whole numbers
     * @return the accuracy in {@code [0, 1]}
     * @throws NablaException on a shape other than these, empty input, mismatched N, a label or
     *     index that is not a whole number, or a NaN score
     */
    public static double accuracy(Tensor predictions, Tensor labels) {
        return accuracy(classes("Metrics.accuracy", predictions), Inputs.integers("Metrics.accuracy", "labels", labels));
    }

    /** Class indices from {@code [N]} indices or {@code [N, C]} scores; {@code [N, 1]} is a column of indices. */
    static int[] classes(String op, Tensor predictions) {
        if (predictions != null && predictions.rank() == 2 && predictions.shape().dim(1) > 1) {
            return argmax(predictions);
        }
        if (predictions != null && predictions.rank() > 2) {
            throw new NablaException(op + ": predictions has shape " + predictions.shape()
                    + "; expected class indices [N] or class scores [N, C]");
        }
        return Inputs.integers(op, "predictions", predictions);
    }
}
