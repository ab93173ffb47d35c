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
 * The S-shaped ReLU as a layer (Jin et al. 2016), with its two thresholds and two slopes learned
 * per channel of the last axis. They start at {@code t1 = -1, a1 = 0.1, t2 = 1, a2 = 0.1}
 * ({@link ActivationCatalog#SRELU}): the identity on (-1, 1) with gentle tails. Both slopes start
 * away from 1, so the thresholds get a gradient ({@code 1 - a}) from the first step.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), SReLU.of(8), Dense.of(8, 1))}
 *
 * @param t1 the left threshold
 * @param a1 the left slope
 * @param t2 the right threshold
 * @param a2 the right slope
 */
public record SReLU(Param t1, Param a1, Param t2, Param a2) implements Layer {
    /** Requires every field. */
    public SReLU {
        Arguments.requireNonNulls("SReLU", "t1", t1, "a1", a1, "t2", t2, "a2", a2);
    }

    /**
     * An SReLU with parameters per channel of the last axis.
     *
     * @param channels the size of the last axis; 1 shares one set of parameters across channels
     * @return the layer, named {@code srelu} until placed
     */
    public static SReLU of(int channels) {
        Shape s = Shape.of(LayerChecks.positive("SReLU.of", "channels", channels));
        List<Double> v = ActivationCatalog.SRELU;
        return new SReLU(Param.of("srelu/t1", s, Init.constant(v.get(0))), Param.of("srelu/a1", s, Init.constant(v.get(1))),
                Param.of("srelu/t2", s, Init.constant(v.get(2))), Param.of("srelu/a2", s, Init.constant(v.get(3))));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("SReLU.apply", "x", x, "ctx", ctx);
        return Rectifiers.srelu(x, ctx.param(t1), ctx.param(a1), ctx.param(t2), ctx.param(a2));
    }

    @Override
    public List<Param> params() {
        return List.of(t1, a1, t2, a2);
    }

    @Override
    public SReLU named(String name) {
        return new SReLU(t1.under(name), a1.under(name), t2.under(name), a2.under(name));
    }
}
