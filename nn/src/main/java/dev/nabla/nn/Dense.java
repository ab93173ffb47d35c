// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import java.util.List;

/**
 * The affine layer {@code x W + b}; with one output unit it is the lecture's neuron before its
 * activation, {@code w0 + X^T W}.
 *
 * <p>Usage: {@code Dense.of(784, 256)} (Xavier-normal weights, zero bias) or
 * {@code Dense.of(784, 256, Init.he(), Init.slightlyPositive())}
 *
 * @param w the weights {@code [in, out]}
 * @param b the bias {@code [out]}
 */
public record Dense(Param w, Param b) implements Layer {
    /** Requires every field. */
    public Dense {
        Arguments.requireNonNulls("Dense", "w", w, "b", b);
    }

    /**
     * A dense layer with Xavier-normal weights and zero bias.
     *
     * @param in input width
     * @param out output width
     * @return the layer, named {@code dense} until placed
     */
    public static Dense of(int in, int out) {
        return of(in, out, Init.xavierNormal(), Init.zeros());
    }

    /**
     * A dense layer with chosen initialisers.
     *
     * @param in input width
     * @param out output width
     * @param weights the weights' initialiser
     * @param bias the bias's initialiser
     * @return the layer, named {@code dense} until placed
     * @throws NablaException if a width is below 1
     */
    public static Dense of(int in, int out, Init weights, Init bias) {
        if (in < 1 || out < 1) {
            throw new NablaException("Dense.of: input and output widths must be at least 1, got " + in + " and " + out);
        }
        return new Dense(Param.of("dense/W", Shape.of(in, out), weights), Param.of("dense/b", Shape.of(out), bias));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Dense.apply", "x", x, "ctx", ctx);
        return x.matmul(ctx.param(w)).add(ctx.param(b));
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    @Override
    public Dense named(String name) {
        return new Dense(w.under(name), b.under(name));
    }
}
