// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.List;
import java.util.Locale;

/**
 * An elementwise comparison giving 1.0 where it holds and 0.0 elsewhere (NaN compares false).
 * Greater-than and the rest are composites that swap operands.
 *
 * @param fn which comparison
 */
public record Compare(Fn fn) implements Primitive {
    /** The comparisons with a kernel. */
    public enum Fn {
        /** {@code a < b}. */
        LT,
        /** {@code a <= b}. */
        LE,
        /** {@code a == b}. */
        EQ
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
        double[] a = in[0].data();
        double[] b = in[1].data();
        double[] y = out.data();
        for (int i = 0; i < y.length; i++) {
            boolean holds = switch (fn) {
                case LT -> a[i] < b[i];
                case LE -> a[i] <= b[i];
                case EQ -> a[i] == b[i];
            };
            y[i] = holds ? 1.0 : 0.0;
        }
    }

    /** Comparisons are flat almost everywhere: no gradient flows to either operand. */
    @Override
    public List<Node> vjp(Node y, Node g) {
        return Grads.none(2);
    }

    @Override
    public int arity() {
        return 2;
    }
}
