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
 * An elementwise binary primitive {@code y[i] = f(a[i], b[i])} on operands of equal shape.
 *
 * @param fn which function
 */
public record Binary(BinaryFn fn) implements Primitive, Pointwise {
    /** Requires the function. */
    public Binary {
        Arguments.requireNonNull("Binary", "fn", fn);
    }

    @Override
    public OpKind kind() {
        return OpKind.BINARY;
    }

    @Override
    public String name() {
        return fn.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outShape(List<Shape> in) {
        return Broadcast.requireSame(in.get(0), in.get(1));
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        TensorLoops.map(fn.loop, in[0], in[1], out, ctx.threads());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return fn.vjp.apply(y.input(0), y.input(1), y, g);
    }

    @Override
    public double at(double a, double b, double c) {
        return fn.kernel.applyAsDouble(a, b);
    }

    @Override
    public void range(double[][] in, double[] y, int from, int to) {
        BinaryRanges.run(fn.loop, in, y, from, to);
    }

    @Override
    public void range(float[][] in, float[] y, int from, int to) {
        BinaryRanges.run(fn.loop, in, y, from, to);
    }

    @Override
    public int arity() {
        return 2;
    }
}
