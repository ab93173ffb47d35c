// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;
import java.util.Locale;

/**
 * An elementwise unary primitive {@code y[i] = f(x[i])}.
 *
 * @param fn which function
 */
public record Unary(UnaryFn fn) implements Primitive, Pointwise {
    /** Requires the function. */
    public Unary {
        Arguments.requireNonNull("Unary", "fn", fn);
    }

    @Override
    public OpKind kind() {
        return OpKind.UNARY;
    }

    @Override
    public String name() {
        return fn.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outShape(List<Shape> in) {
        return in.get(0);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.map(fn.loop, in[0], out, ctx.threads());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(fn.vjp.apply(y.input(0), y, g));
    }

    @Override
    public double at(double a, double b, double c) {
        return fn.kernel.applyAsDouble(a);
    }

    @Override
    public void range(double[][] in, double[] y, int from, int to) {
        fn.loop.apply(in[0], y, from, to);
    }

    @Override
    public void range(float[][] in, float[] y, int from, int to) {
        fn.loop.apply(in[0], y, from, to);
    }

    @Override
    public int arity() {
        return 1;
    }
}
