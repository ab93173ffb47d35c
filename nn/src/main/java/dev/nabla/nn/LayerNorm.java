// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.List;

/**
 * Layer normalisation (Ba, Kiros and Hinton, 2016): each sample is normalised over its last axis
 * with that axis's mean and biased variance, then scaled by {@code gamma} and shifted by
 * {@code beta}: {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}. It has no running
 * statistics and behaves the same in training and evaluation.
 * Usage: {@code Sequential.of(Dense.of(64, 32), LayerNorm.of(32), Activation.of("tanh", Node::tanh))}
 *
 * @param gamma the scale {@code [C]}, first 1
 * @param beta the shift {@code [C]}, first 0
 * @param epsilon added to the variance before the square root, positive
 */
public record LayerNorm(Param gamma, Param beta, double epsilon) implements Layer {
    /** PyTorch's default epsilon. */
    public static final double EPSILON = 1e-5;

    /** Checks the fields. */
    public LayerNorm {
        if (gamma == null || beta == null) {
            throw new NablaException("LayerNorm: needs gamma and beta params");
        }
        Hyperparameters.positive("LayerNorm", "epsilon", epsilon);
    }

    /**
     * Layer normalisation with epsilon 1e-5.
     *
     * @param features the size {@code C} of the last axis
     * @return the layer, named {@code layernorm} until placed
     */
    public static LayerNorm of(int features) {
        return of(features, EPSILON);
    }

    /**
     * Layer normalisation with a chosen epsilon.
     *
     * @param features the size {@code C} of the last axis
     * @param epsilon added to the variance, positive
     * @return the layer, named {@code layernorm} until placed
     * @throws NablaException if an argument is out of range
     */
    public static LayerNorm of(int features, double epsilon) {
        if (features < 1) {
            throw new NablaException("LayerNorm.of: features must be at least 1, got " + features);
        }
        Shape c = Shape.of(features);
        return new LayerNorm(Param.of("layernorm/gamma", c, Init.constant(1.0)), Param.of("layernorm/beta", c, Init.zeros()),
                epsilon);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("LayerNorm.apply", "x", x, "ctx", ctx);
        return forward(x, ctx.param(gamma), ctx.param(beta));
    }

    /**
     * The layer on explicit nodes, for tests and functional use.
     *
     * @param x the input {@code [..., C]}
     * @param g the scale {@code [C]}
     * @param b the shift {@code [C]}
     * @return the output, shaped like {@code x}
     * @throws ShapeException if the last size of {@code x} is not {@code C}
     */
    public Node forward(Node x, Node g, Node b) {
        int features = gamma.shape().dim(0);
        if (x == null || x.shape().rank() < 1 || x.shape().dim(-1) != features) {
            throw new ShapeException("layernorm(" + (x == null ? "null" : x.label() + " " + x.shape())
                    + "): expected an input [..., " + features + "] for " + gamma.name());
        }
        int last = x.shape().rank() - 1;
        Node centered = x.sub(Reductions.mean(x, true, last));
        Node var = Reductions.mean(centered.square(), true, last);
        return centered.div(var.add(epsilon).sqrt()).mul(g).add(b);
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public String kind() {
        return "layernorm";
    }

    @Override
    public LayerNorm named(String name) {
        return new LayerNorm(gamma.under(name), beta.under(name), epsilon);
    }
}
