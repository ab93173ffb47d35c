// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.Select;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/** Elementwise selection {@code y[i] = cond[i] != 0 ? a[i] : b[i]} on operands of equal shape. */
public record Where() implements Primitive, Pointwise {
    @Override
    public OpKind kind() {
        return OpKind.WHERE;
    }

    @Override
    public String name() {
        return "where";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Broadcast.requireSame(in.get(0), in.get(1));
        return Broadcast.requireSame(in.get(1), in.get(2));
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.select(in[0], in[1], in[2], out, ctx.threads());
    }

    /** The condition gets none; each branch gets g where it was picked and 0 elsewhere. */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node c = y.input(0);
        Node zero = g.graph().scalar(0.0);
        return List.of(Cotangents.NONE, Ops.where(c, g, zero), Ops.where(c, zero, g));
    }

    @Override
    public double at(double a, double b, double c) {
        return Select.select(a, b, c);
    }

    @Override
    public void range(double[][] in, double[] y, int from, int to) {
        Elementwise.select().apply(in[0], in[1], in[2], y, from, to);
    }

    @Override
    public void range(float[][] in, float[] y, int from, int to) {
        Elementwise.select().apply(in[0], in[1], in[2], y, from, to);
    }

    @Override
    public int arity() {
        return 3;
    }
}
