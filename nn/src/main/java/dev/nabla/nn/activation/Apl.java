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
 * The adaptive piecewise linear unit as a layer (Agostinelli et al. 2015):
 * {@code max(0, x) + sum_i a_i max(0, b_i - x)} with {@code k} hinges learned per channel of the
 * last axis. Slopes start uniform in [-0.5, 0.5) and positions uniform in [-1, 1), seeded by the
 * param's name; a slope must be non-zero for its position to get a gradient.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), Apl.of(2, 8), Dense.of(8, 1))}
 *
 * @param a the hinge slopes {@code [k, C]}
 * @param b the hinge positions {@code [k, C]}
 */
public record Apl(Param a, Param b) implements Layer {
    /** Requires every field. */
    public Apl {
        Arguments.requireNonNulls("Apl", "a", a, "b", b);
    }

    /**
     * An APL layer.
     *
     * @param hinges the number of hinges {@code k}
     * @param channels the size of the last axis; 1 shares the hinges across channels
     * @return the layer, named {@code apl} until placed
     */
    public static Apl of(int hinges, int channels) {
        Shape s = Shape.of(LayerChecks.positive("Apl.of", "hinges", hinges), LayerChecks.positive("Apl.of", "channels", channels));
        return new Apl(Param.of("apl/a", s, Init.uniform(-0.5, 0.5)), Param.of("apl/b", s, Init.uniform(-1.0, 1.0)));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Apl.apply", "x", x, "ctx", ctx);
        return Rectifiers.apl(x, ctx.param(a), ctx.param(b));
    }

    @Override
    public List<Param> params() {
        return List.of(a, b);
    }

    @Override
    public Apl named(String name) {
        return new Apl(a.under(name), b.under(name));
    }
}
