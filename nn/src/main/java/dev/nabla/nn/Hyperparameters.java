// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.NablaException;

/**
 * The checks every hyperparameter goes through when it is set, so a NaN, an infinity or a value
 * out of range is refused where the user wrote it, with the same wording everywhere.
 *
 * <p>Usage: {@code double eps = Hyperparameters.positive("LayerNorm", "epsilon", epsilon);}
 */
public final class Hyperparameters {
    private Hyperparameters() {}

    /**
     * Requires a positive, finite value.
     *
     * @param where the class or method, as in {@code "LayerNorm"}
     * @param what the value's name
     * @param v the value
     * @return {@code v}
     * @throws NablaException if {@code v} is NaN, infinite, zero or negative
     */
    public static double positive(String where, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new NablaException(where + ": " + what + " must be positive and finite, got " + v);
        }
        return v;
    }

    /**
     * Requires a finite value of at least 0.
     *
     * @param where the class or method
     * @param what the value's name
     * @param v the value
     * @return {@code v}
     * @throws NablaException if {@code v} is NaN, infinite or negative
     */
    public static double nonNegative(String where, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new NablaException(where + ": " + what + " must be finite and at least 0, got " + v);
        }
        return v;
    }

    /**
     * Requires a value in {@code [0, 1)}, as a decay rate, a momentum or a dropout rate.
     *
     * @param where the class or method
     * @param what the value's name
     * @param v the value
     * @return {@code v}
     * @throws NablaException if {@code v} is NaN or outside {@code [0, 1)}
     */
    public static double fraction(String where, String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new NablaException(where + ": " + what + " must be in [0, 1), got " + v);
        }
        return v;
    }
}
