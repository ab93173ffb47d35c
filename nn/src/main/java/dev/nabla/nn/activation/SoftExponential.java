// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.nn.Context;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import java.util.List;

/**
 * The soft exponential as a layer (Godfrey and Gashler 2015), with one learned alpha. Alpha starts
 * at 0, where the function is the identity; the derivative by alpha there is
 * {@code 1 + x^2 / 2} (see {@link SmoothUnits#softExponential}), so training moves it at once.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), SoftExponential.of(), Dense.of(8, 1))}
 *
 * @param alpha the shape parameter, shape {@code []}
 */
public record SoftExponential(Param alpha) implements Layer {
    /** Requires every field. */
    public SoftExponential {
        Arguments.requireNonNull("SoftExponential", "alpha", alpha);
    }

    /**
     * Creates a soft exponential layer with a learned alpha.
     *
     * @return a soft exponential with alpha starting at 0, named {@code soft_exponential} until placed
     */
    public static SoftExponential of() {
        return new SoftExponential(Param.of("soft_exponential/alpha", Shape.SCALAR, Init.zeros()));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("SoftExponential.apply", "x", x, "ctx", ctx);
        return SmoothUnits.softExponential(x, ctx.param(alpha));
    }

    @Override
    public String kind() {
        return "soft_exponential";
    }

    @Override
    public List<Param> params() {
        return List.of(alpha);
    }

    @Override
    public SoftExponential named(String name) {
        return new SoftExponential(alpha.under(name));
    }
}
