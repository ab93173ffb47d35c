// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;

/** Argument checks and tensor conversions shared by the metrics; each returns its argument. */
final class Inputs {
    private Inputs() {}

    /** Requires a non-null, non-empty array. */
    static double[] requireNonEmpty(String op, String what, double[] values) {
        if (values == null) {
            throw new NablaException(op + ": " + what + " is null");
        }
        if (values.length == 0) {
            throw new NablaException(op + ": " + what + " is empty; expected at least one sample");
        }
        return values;
    }

    /** Requires a non-null, non-empty array. */
    static int[] requireNonEmpty(String op, String what, int[] values) {
        if (values == null) {
            throw new NablaException(op + ": " + what + " is null");
        }
        if (values.length == 0) {
            throw new NablaException(op + ": " + what + " is empty; expected at least one sample");
        }
        return values;
    }

    /** Requires two per-sample arrays of the same length. */
    static void requireSameLength(String op, String a, int lengthA, String b, int lengthB) {
        if (lengthA != lengthB) {
            throw new NablaException(op + ": " + a + " has " + lengthA + " samples but " + b + " has "
                    + lengthB + "; expected the same number, one per sample");
        }
    }

    /** Requires scores that are not NaN; NaN has no place in an ordering. */
    static double[] requireScores(String op, double[] scores) {
        requireNonEmpty(op, "scores", scores);
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new NablaException(op + ": score " + i + " is NaN; expected a number to rank by"
                        + " (did the model diverge?)");
            }
        }
        return scores;
    }

    /** Requires labels that are all 0 (negative) or 1 (positive). */
    static int[] requireBinaryLabels(String op, int[] labels) {
        requireNonEmpty(op, "labels", labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new NablaException(op + ": label " + i + " is " + labels[i]
                        + "; expected 0 (negative) or 1 (positive)");
            }
        }
        return labels;
    }

    /** Requires class indices in {@code [0, classes)}. */
    static int[] requireClasses(String op, String what, int[] labels, int classes) {
        requireNonEmpty(op, what, labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new NablaException(op + ": " + what + " " + i + " is " + labels[i]
                        + "; expected a class index in [0, " + classes + ")");
            }
        }
        return labels;
    }

    /** The values of a tensor of shape {@code [N]} or {@code [N, 1]}, as a fresh array. */
    static double[] vector(String op, String what, Tensor t) {
        if (t == null) {
            throw new NablaException(op + ": " + what + " is null");
        }
        int[] dims = t.shape().dims();
        if (!(dims.length == 1 || dims.length == 2 && dims[1] == 1)) {
            throw new NablaException(op + ": " + what + " has shape " + t.shape()
                    + "; expected [N] or [N, 1], one value per sample");
        }
        return t.toArray();
    }

    /** The values of a tensor as integer labels; each must be a whole number that fits an int. */
    static int[] integers(String op, String what, Tensor t) {
        double[] v = vector(op, what, t);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new NablaException(op + ": " + what + " " + i + " is " + v[i]
                        + "; expected a whole-number label");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}
