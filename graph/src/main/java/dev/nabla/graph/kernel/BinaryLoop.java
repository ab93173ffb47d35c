// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.lang.invoke.MethodHandles;
import java.util.function.DoubleBinaryOperator;

/** The template {@link Elementwise#binary} copies into one hidden class per function; see {@link UnaryLoop}. */
final class BinaryLoop implements Elementwise.Map2 {
    private static final DoubleBinaryOperator F;
    /** The exact float32 form, or null: a constant too, so the JIT keeps one branch of the float loop. */
    private static final Elementwise.ExactFloat2 FF;

    static {
        try {
            F = MethodHandles.classDataAt(MethodHandles.lookup(), "_", DoubleBinaryOperator.class, 0);
            FF = MethodHandles.classDataAt(MethodHandles.lookup(), "_", Elementwise.ExactFloat2.class, 1);
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

    @Override
    public void apply(float[] a, float[] b, float[] y, int from, int to) {
        if (FF == null) {
            Elementwise.Map2.super.apply(a, b, y, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            y[i] = FF.apply(a[i], b[i]);
        }
    }

    // Two loops rather than a test per element, so each vectorises with s as a broadcast constant.
    @Override
    public void apply(double[] a, double s, boolean scalarFirst, double[] y, int from, int to) {
        if (scalarFirst) {
            for (int i = from; i < to; i++) {
                y[i] = F.applyAsDouble(s, a[i]);
            }
        } else {
            for (int i = from; i < to; i++) {
                y[i] = F.applyAsDouble(a[i], s);
            }
        }
    }

    @Override
    public void apply(float[] a, float s, boolean scalarFirst, float[] y, int from, int to) {
        if (FF == null) {
            Elementwise.Map2.super.apply(a, s, scalarFirst, y, from, to);
        } else if (scalarFirst) {
            for (int i = from; i < to; i++) {
                y[i] = FF.apply(s, a[i]);
            }
        } else {
            for (int i = from; i < to; i++) {
                y[i] = FF.apply(a[i], s);
            }
        }
    }
}
