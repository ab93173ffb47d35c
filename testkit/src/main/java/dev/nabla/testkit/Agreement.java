// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.Tensor;

/**
 * Checks a float32 result against the float64 result of the same computation: same shape, float32
 * type, and every element within a tolerance relative to the largest float64 element (at least 1),
 * or below float32's normal range, where float32 holds only zero and subnormals.
 *
 * <p>Usage: {@code Agreement.check("mlp step", wide, narrow, 1e-5);}
 */
public final class Agreement {
    private Agreement() {}

    /**
     * Throws if the float32 result strays from the float64 one.
     *
     * @param what what was computed, for the message
     * @param wide the float64 result
     * @param narrow the float32 result
     * @param tolerance the largest difference, as a fraction of the largest float64 element (or of 1)
     * @throws AssertionError naming the element, both values and {@code what}
     */
    public static void check(String what, Tensor wide, Tensor narrow, double tolerance) {
        Arguments.requireNonNulls("Agreement.check", "what", what, "wide", wide, "narrow", narrow);
        if (narrow.dtype() != DType.FLOAT32 || !narrow.shape().equals(wide.shape())) {
            throw new AssertionError(what + ": expected a float32 tensor of shape " + wide.shape() + ", got "
                    + narrow.dtype() + " " + narrow.shape());
        }
        double[] w = wide.toArray();
        double[] f = narrow.toArray();
        double scale = 1;
        for (double v : w) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < w.length; i++) {
            boolean close = Math.abs(f[i] - w[i]) <= tolerance * scale + Float.MIN_NORMAL;
            if (!close && Double.compare(f[i], w[i]) != 0) {
                throw new AssertionError(what + ", element " + i + ": float32 gives " + f[i] + ", float64 " + w[i]
                        + " (tolerance " + tolerance + " of " + scale + ")");
            }
        }
    }
}
