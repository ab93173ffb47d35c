// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.lang.invoke.MethodHandles;
import java.util.function.DoubleUnaryOperator;

/**
 * The template {@link Elementwise#unary} copies into one hidden class per function. Never loaded
 * as itself: only its bytes are read, and each copy's constant {@code F} is that copy's function.
 */
final class UnaryLoop implements Elementwise.Map1 {
    // A static final the JIT trusts as a constant, so it inlines F into the loop.
    private static final DoubleUnaryOperator F;

    static {
        try {
            F = MethodHandles.classData(MethodHandles.lookup(), "_", DoubleUnaryOperator.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void apply(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = F.applyAsDouble(x[i]);
        }
    }

    // Element by element: widening in the float64 function is the rounding-once rule, and the JIT
    // vectorises the conversions with the rest.
    @Override
    public void apply(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = (float) F.applyAsDouble(x[i]);
        }
    }
}
