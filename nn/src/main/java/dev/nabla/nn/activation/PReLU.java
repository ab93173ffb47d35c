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
 * The parametric ReLU as a layer: {@code x for x > 0, else alpha x} with alpha learned (He et al.
 * 2015), one alpha for all channels or one per channel of the last axis, starting at 0.25.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), PReLU.perChannel(8), Dense.of(8, 1))}
 *
 * @param alpha the negative slope, shape {@code []} or {@code [C]}
 */
public record PReLU(Param alpha) implements Layer {
    /** Requires every field. */
    public PReLU {
        Arguments.requireNonNull("PReLU", "alpha", alpha);
    }

    /**
     * Creates a PReLU layer whose single learned slope serves every channel.
     *
     * @return a PReLU with one alpha shared by all channels, named {@code prelu} until placed
     */
    public static PReLU shared() {
        return new PReLU(Param.of("prelu/alpha", Shape.SCALAR, Init.constant(ActivationCatalog.PRELU_ALPHA)));
    }

    /**
     * A PReLU with one alpha per channel of the last axis.
     *
     * @param channels the size of the last axis
     * @return the layer, named {@code prelu} until placed
     */
    public static PReLU perChannel(int channels) {
        return new PReLU(Param.of("prelu/alpha", Shape.of(LayerChecks.positive("PReLU.perChannel", "channels", channels)),
                Init.constant(ActivationCatalog.PRELU_ALPHA)));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("PReLU.apply", "x", x, "ctx", ctx);
        return Rectifiers.prelu(x, ctx.param(alpha));
    }

    @Override
    public List<Param> params() {
        return List.of(alpha);
    }

    @Override
    public PReLU named(String name) {
        return new PReLU(alpha.under(name));
    }
}
