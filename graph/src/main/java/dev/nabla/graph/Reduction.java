// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.kernel.Reduce;
import java.util.List;
import java.util.Locale;

/**
 * A reduction over the given axes, which disappear from the output: {@code [2,3,4]} reduced over
 * axis 1 is {@code [2,4]}. Mean, min and logsumexp are composites of these.
 *
 * @param fn sum or max (max lets NaN win)
 * @param axes sorted distinct axes
 */
public record Reduction(Fn fn, List<Integer> axes) implements Primitive {
    /** The reductions with a kernel. */
    public enum Fn {
        /** Adds the elements. */
        SUM,
        /** Keeps the largest element. */
        MAX
    }

    /** Copies the axes. */
    public Reduction {
        Arguments.requireNonNull("Reduction", "fn", fn);
        axes = List.copyOf(Arguments.requireElements("Reduction", "axes", axes));
    }

    @Override
    public OpKind kind() {
        return OpKind.REDUCTION;
    }

    @Override
    public String name() {
        return fn.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outShape(List<Shape> in) {
        return Axes.reduced(in.get(0), axes);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Shape s = in[0].shape();
        boolean[] mask = Axes.mask(axes, s.rank());
        switch (fn) {
            case SUM -> Reduce.sum(in[0].data(), s.dims(), mask, out.data());
            case MAX -> Reduce.max(in[0].data(), s.dims(), mask, out.data());
        }
    }

    /**
     * Sum: {@code g} spread back over the reduced axes. Max: {@code g} to the elements equal to
     * the maximum, shared evenly between ties.
     */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node x = y.input(0);
        int[] keep = x.shape().dims();
        for (int a : axes) {
            keep[a] = 1;
        }
        Node spread = Ops.broadcastTo(g.reshape(keep), x.shape(), x);
        return switch (fn) {
            case SUM -> List.of(spread);
            case MAX -> {
                Node hit = Ops.eq(x, y.reshape(keep));
                yield List.of(Grads.mul(spread, hit.div(Reductions.sum(hit, true, Axes.toArray(axes)))));
            }
        };
    }

    @Override
    public int arity() {
        return 1;
    }
}
