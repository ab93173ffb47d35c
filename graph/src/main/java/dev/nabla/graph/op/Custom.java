// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.CustomOp;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;
import java.util.List;

/**
 * Adapts a user's {@link CustomOp} to the primitive contract.
 *
 * @param op the user's op
 */
public record Custom(CustomOp op) implements Primitive {
    /** Requires the custom op. */
    public Custom {
        Arguments.requireNonNull("Custom", "op", op);
        Arguments.requireResult("Custom", "the custom op's name()", op.name());
    }

    @Override
    public OpKind kind() {
        return OpKind.CUSTOM;
    }

    @Override
    public String name() {
        return op.name();
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape s = op.outShape(in);
        if (s == null) {
            throw new ShapeException("the custom op's shape rule returned null");
        }
        return s;
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Tensor y = op.forward(List.of(in));
        if (y == null || !y.shape().equals(out.shape())) {
            throw new EvaluationException("custom op " + op.name() + " returned "
                    + (y == null ? "null" : "shape " + y.shape()) + " where its shape rule promised " + out.shape());
        }
        System.arraycopy(Buffers.doubles(y), 0, Buffers.doubles(out), 0, out.size());
    }

    /** The user's rule, or null if the op has none (the sweep then names the op). */
    @Override
    public List<Node> vjp(Node y, Node g) {
        return op.vjp(y, g);
    }

    @Override
    public int arity() {
        return -1;
    }
}
