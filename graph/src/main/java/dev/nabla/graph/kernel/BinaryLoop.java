// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.lang.invoke.MethodHandles;
import java.util.function.DoubleBinaryOperator;

/** The template {@link Elementwise#binary} copies into one hidden class per function; see {@link UnaryLoop}. */
final class BinaryLoop implements Elementwise.Map2 {
    private static final DoubleBinaryOperator F;

    static {
        try {
            F = MethodHandles.classData(MethodHandles.lookup(), "_", DoubleBinaryOperator.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void apply(double[] a, double[] b, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = F.applyAsDouble(a[i], b[i]);
        }
    }

    // Element by element: widening in the float64 function is the rounding-once rule, and the JIT
    // vectorises the conversions with the rest.
    @Override
    public void apply(float[] a, float[] b, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = (float) F.applyAsDouble(a[i], b[i]);
        }
    }
}
