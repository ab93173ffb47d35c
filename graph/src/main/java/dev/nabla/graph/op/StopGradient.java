// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/** The identity for values, a constant for differentiation: cuts a gradient path. */
public record StopGradient() implements Primitive {
    @Override
    public OpKind kind() {
        return OpKind.STOP_GRADIENT;
    }

    @Override
    public String name() {
        return "stop_gradient";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        return in.get(0);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.copy(in[0], out);
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(Cotangents.NONE);
    }

    @Override
    public int arity() {
        return 1;
    }
}
