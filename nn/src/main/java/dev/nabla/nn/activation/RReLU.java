// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;

/**
 * The randomized leaky ReLU as a layer (Xu et al. 2015): negative slopes drawn uniformly from
 * {@code [lower, upper)} per element while the context's switch says training, fixed to
 * {@code (lower + upper) / 2} while evaluating. It has no params; placing it in a model mixes its
 * place into the seed, so two RReLU layers of one model draw different slopes.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), RReLU.of(1.0 / 8, 1.0 / 3, 7), Dense.of(8, 1))}
 *
 * @param lower the smallest slope
 * @param upper the largest slope
 * @param seed the random op's seed
 */
public record RReLU(double lower, double upper, long seed) implements Layer {
    /** Checks the bounds. */
    public RReLU {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new NablaException("RReLU: needs finite lower <= upper, got " + lower + " and " + upper);
        }
    }

    /**
     * An RReLU layer.
     *
     * @param lower the smallest slope
     * @param upper the largest slope, at least {@code lower}
     * @param seed the random op's seed
     * @return the layer
     */
    public static RReLU of(double lower, double upper, long seed) {
        return new RReLU(lower, upper, seed);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("RReLU.apply", "x", x, "ctx", ctx);
        return Rectifiers.rrelu(x, lower, upper, ctx.training(), seed);
    }

    @Override
    public RReLU named(String name) {
        Arguments.requireNonNull("RReLU.named", "name", name);
        return new RReLU(lower, upper, seed * 0x9E3779B97F4A7C15L + name.hashCode());
    }
}
