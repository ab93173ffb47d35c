// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Cotangents;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.ReduceLoops;
import dev.nabla.graph.storage.Buffers;
import java.util.List;
import java.util.Locale;

/**
 * A reduction over the given axes, which disappear from the output: {@code [2,3,4]} reduced over
 * axis 1 is {@code [2,4]}. Mean, min and logsumexp are composites of these.
 *
 * @param fn sum or max (max lets NaN win)
 * @param axes sorted distinct axes
 */
public record Reduce(Fn fn, List<Integer> axes) implements Primitive {
    /** The reductions with a kernel. */
    public enum Fn {
        /** Adds the elements. */
        SUM,
        /** Keeps the largest element. */
        MAX
    }

    /** Copies the axes. */
    public Reduce {
        Arguments.requireNonNull("Reduce", "fn", fn);
        axes = List.copyOf(Arguments.requireElements("Reduce", "axes", axes));
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
        if (out.dtype() == DType.FLOAT32) {
            switch (fn) {
                case SUM -> ReduceLoops.sum(Buffers.floats(in[0]), s.dims(), mask, Buffers.floats(out));
                case MAX -> ReduceLoops.max(Buffers.floats(in[0]), s.dims(), mask, Buffers.floats(out));
            }
            return;
        }
        switch (fn) {
            case SUM -> ReduceLoops.sum(Buffers.doubles(in[0]), s.dims(), mask, Buffers.doubles(out));
            case MAX -> ReduceLoops.max(Buffers.doubles(in[0]), s.dims(), mask, Buffers.doubles(out));
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
        Node spread = Cotangents.broadcastLike(g.reshape(keep), x);
        return switch (fn) {
            case SUM -> List.of(spread);
            case MAX -> {
                Node hit = Ops.eq(x, y.reshape(keep));
                yield List.of(Cotangents.mul(spread, hit.div(Reductions.sum(hit, true, Axes.toArray(axes)))));
            }
        };
    }

    @Override
    public int arity() {
        return 1;
    }
}
