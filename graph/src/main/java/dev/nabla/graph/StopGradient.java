// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

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
        Storage.copy(in[0], out);
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(Grads.NONE);
    }

    @Override
    public int arity() {
        return 1;
    }
}
