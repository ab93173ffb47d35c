// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/**
 * Repeats size-1 axes up to a target shape of the same rank; the only op that broadcasts.
 *
 * <p>A target size may be {@link Shape#UNKNOWN} (a batch size): then the optional second input,
 * the reference, gives that size at run time (it receives no gradient); without a reference the
 * operand keeps its own size there.
 *
 * @param target the output shape
 */
public record Expand(Shape target) implements Primitive {
    /** Requires the target shape. */
    public Expand {
        Arguments.requireNonNull("Expand", "target", target);
    }

    @Override
    public OpKind kind() {
        return OpKind.EXPAND;
    }

    @Override
    public String name() {
        return "expand";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        if (in.isEmpty() || in.size() > 2) {
            throw new ShapeException("takes an operand and at most one reference, got " + in.size() + " inputs");
        }
        Shape x = in.get(0);
        int[] t = target.dims();
        if (x.rank() != t.length) {
            throw new ShapeException("cannot expand " + x + " to " + target + ": ranks differ; reshape first");
        }
        Shape ref = in.size() > 1 ? in.get(1) : null;
        if (ref != null && ref.rank() != t.length) {
            throw new ShapeException("the reference " + ref + " must have the rank of the target " + target);
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i] == Shape.UNKNOWN) {
                t[i] = ref != null ? ref.dim(i) : x.dim(i);
            }
        }
        for (int i = 0; i < t.length; i++) {
            int d = x.dim(i);
            if (d != t[i] && d != 1 && d != Shape.UNKNOWN && t[i] != Shape.UNKNOWN) {
                throw new ShapeException("cannot expand " + x + " to " + Shape.of(t) + ": axis " + i
                        + " has size " + d + (t[i] == 1 ? ", and expand stretches axes of size 1, it never shrinks one"
                                : ", which is neither 1 nor " + t[i]));
            }
        }
        return Shape.of(t);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Shape x = in[0].shape();
        Shape y = out.shape();
        int[] strides = x.strides();
        for (int i = 0; i < strides.length; i++) {
            if (x.dim(i) != y.dim(i)) {
                strides[i] = 0;
            }
        }
        TensorLoops.strided(in[0], 0, strides, out, 0, y.strides(), y.dims());
    }

    /** The sum over the stretched axes: the one place where broadcasting is undone. */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node gx = Cotangents.sumTo(g, y.input(0));
        return y.inputs().size() == 1 ? List.of(gx) : List.of(gx, Cotangents.NONE);
    }

    @Override
    public int arity() {
        return -1;
    }
}
