// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.CompareLoops;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;
import java.util.Locale;

/**
 * An elementwise comparison giving 1.0 where it holds and 0.0 elsewhere (NaN compares false).
 * Greater-than and the rest are composites that swap operands.
 *
 * @param fn which comparison
 */
public record Compare(Fn fn) implements Primitive, Pointwise {
    /** Requires the comparison. */
    public Compare {
        Arguments.requireNonNull("Compare", "fn", fn);
    }

    /** The comparisons with a kernel. */
    public enum Fn {
        /** {@code a < b}. */
        LT(Fn::less, Fn::less),
        /** {@code a <= b}. */
        LE((a, b) -> a <= b ? 1.0 : 0.0, (a, b) -> a <= b ? 1f : 0f),
        /** {@code a == b}. */
        EQ((a, b) -> a == b ? 1.0 : 0.0, (a, b) -> a == b ? 1f : 0f);

        // Its own loop, so the comparison is inlined (a switch in one loop was not); on vector
        // lanes when nabla-simd is there.
        final Elementwise.Map2 loop;
        final java.util.function.DoubleBinaryOperator kernel;

        Fn(java.util.function.DoubleBinaryOperator kernel, Elementwise.ExactFloat2 exact) {
            this.kernel = kernel;
            this.loop = CompareLoops.of(name().toLowerCase(java.util.Locale.ROOT), kernel, exact);
        }

        /**
         * {@code a < b} without a branch: a mask such as ReLU's is a coin flip per element, and a
         * mispredicted branch cost 8 ns an element against 3 for this (1e6 normal samples).
         * {@code b - a} is positive exactly when {@code a < b}: it is exact near zero (Sterbenz,
         * with subnormals), overflows to +inf with the right sign, and is NaN for NaN operands
         * and for equal infinities; so the answer is whether its bits lie in {@code (0, +inf]}.
         */
        private static double less(double a, double b) {
            long m = Double.doubleToRawLongBits(b - a) - 1;
            return (double) ((~m >>> 63) & ((m - 0x7FF0000000000000L) >>> 63));
        }

        /** {@link #less(double, double)} on float32 bits: the same argument holds in float32. */
        private static float less(float a, float b) {
            int m = Float.floatToRawIntBits(b - a) - 1;
            return (float) ((~m >>> 31) & ((m - 0x7F800000) >>> 31));
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.COMPARE;
    }

    @Override
    public String name() {
        return fn.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outShape(List<Shape> in) {
        return Broadcast.requireSame(in.get(0), in.get(1));
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.map(fn.loop, in[0], in[1], out, ctx.threads());
    }

    /** Comparisons are flat almost everywhere: no gradient flows to either operand. */
    @Override
    public List<Node> vjp(Node y, Node g) {
        return Cotangents.none(2);
    }

    @Override
    public double at(double a, double b, double c) {
        return fn.kernel.applyAsDouble(a, b);
    }

    @Override
    public void range(double[][] in, double[] y, int from, int to) {
        BinaryRanges.run(fn.loop, in, y, from, to);
    }

    @Override
    public void range(float[][] in, float[] y, int from, int to) {
        BinaryRanges.run(fn.loop, in, y, from, to);
    }

    @Override
    public int arity() {
        return 2;
    }
}
