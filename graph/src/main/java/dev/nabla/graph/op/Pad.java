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
 * Adds {@code before} and {@code after} entries of a constant value along one axis; concat is a
 * sum of pads.
 *
 * @param axis the axis, non-negative
 * @param before entries added in front
 * @param after entries added behind
 * @param value the value of the new entries
 */
public record Pad(int axis, int before, int after, double value) implements Primitive {
    /** Rejects a negative axis: the front end normalises axes that count from the end. */
    public Pad {
        if (axis < 0) {
            throw new ShapeException("pad: axis must be normalised to at least 0, got " + axis);
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.PAD;
    }

    @Override
    public String name() {
        return "pad";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        int a = x.axis(axis);
        if (before < 0 || after < 0) {
            throw new ShapeException("pad widths must be at least 0, got " + before + " and " + after);
        }
        if (x.dim(a) == Shape.UNKNOWN) {
            throw new ShapeException("cannot pad axis " + axis + " of " + x + ": its size is known only at run time");
        }
        // Summed in long: int widths near Integer.MAX_VALUE would wrap to a small, wrong size.
        return x.withDim(a, (long) x.dim(a) + before + after);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.fill(out, value);
        Shape x = in[0].shape();
        int[] ys = out.shape().strides();
        TensorLoops.strided(in[0], 0, x.strides(), out, before * ys[axis], ys, x.dims());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        int n = y.input(0).shape().dim(axis);
        return List.of(Indexing.slice(g, axis, before, before + n));
    }

    @Override
    public int arity() {
        return 1;
    }
}
