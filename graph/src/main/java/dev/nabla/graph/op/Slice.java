// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/**
 * Keeps the range {@code [start, end)} of one axis; the gradient of {@link Pad}, and padded by it.
 *
 * @param axis the axis, non-negative
 * @param start the first index kept
 * @param end one past the last index kept
 */
public record Slice(int axis, int start, int end) implements Primitive {
    /** Rejects a negative axis: the front end normalises axes that count from the end. */
    public Slice {
        if (axis < 0) {
            throw new ShapeException("slice: axis must be normalised to at least 0, got " + axis);
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.SLICE;
    }

    @Override
    public String name() {
        return "slice";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        int a = x.axis(axis);
        int n = x.dim(a);
        if (n == Shape.UNKNOWN) {
            throw new ShapeException("cannot slice axis " + axis + " of " + x + ": its size is known only at run time");
        }
        if (start < 0 || end > n || start > end) {
            throw new ShapeException("range [" + start + ", " + end + ") does not fit axis " + axis
                    + " of " + x + " (size " + n + ")");
        }
        int[] d = x.dims();
        d[a] = end - start;
        return Shape.of(d);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        int[] xs = in[0].shape().strides();
        Shape y = out.shape();
        TensorLoops.strided(in[0], start * xs[axis], xs, out, 0, y.strides(), y.dims());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        int n = y.input(0).shape().dim(axis);
        return List.of(Indexing.pad(g, axis, start, n - end, 0.0));
    }

    @Override
    public int arity() {
        return 1;
    }
}
