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
    /** The float32 form (exact or float-native), or null: a constant too, so the JIT keeps one branch of the float loop. */
    private static final Elementwise.Float1 FF;

    static {
        try {
            F = MethodHandles.classDataAt(MethodHandles.lookup(), "_", DoubleUnaryOperator.class, 0);
            FF = MethodHandles.classDataAt(MethodHandles.lookup(), "_", Elementwise.Float1.class, 1);
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

    @Override
    public void apply(float[] x, float[] y, int from, int to) {
        if (FF == null) {
            Elementwise.Map1.super.apply(x, y, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            y[i] = FF.apply(x[i]);
        }
    }
}
