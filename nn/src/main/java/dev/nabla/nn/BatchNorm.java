// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015): each feature is normalised over the batch and
 * every other axis, then scaled by {@code gamma} and shifted by {@code beta}. The features are the
 * last axis ({@link #of}, PyTorch's {@code BatchNorm1d} on {@code [N, C]}) or, for images
 * {@code [N, C, H, W]}, the channel axis 1 ({@link #ofChannels}, PyTorch's {@code BatchNorm2d}).
 *
 * <p>Training ({@code ctx.training()} fed 1) normalises with the batch's mean and its biased
 * variance, {@code y = gamma * (x - mean) / sqrt(var + epsilon) + beta}, and asks the context to
 * update the running statistics the PyTorch way: {@code running = (1 - momentum) * running +
 * momentum * batch}, where the running variance takes the unbiased batch variance
 * ({@code var * n / (n - 1)}, with {@code n} the number of values per feature; for {@code n = 1}
 * the biased one, where PyTorch refuses to train). Evaluation (fed 0) normalises with the running
 * statistics and changes nothing. The updates are part of the training plan only
 * ({@code session.compile(List.of(loss), updates)} with {@code ctx.updates()} among the updates),
 * and they also leave the statistics as they are in a run fed 0.
 * Usage: {@code Sequential.of(Dense.of(64, 32), BatchNorm.of(32), Activation.of("tanh", Node::tanh))} or
 * {@code Sequential.of(Conv2d.of(1, 16, 3), BatchNorm.ofChannels(16), Activation.of("relu", Activations::relu))}
 *
 * @param gamma the scale {@code [C]}, first 1
 * @param beta the shift {@code [C]}, first 0
 * @param runningMean the running mean {@code [C]}, state, first 0
 * @param runningVar the running variance {@code [C]}, state, first 1
 * @param momentum the weight of the batch statistics in the running ones, in [0, 1]
 * @param epsilon added to the variance before the square root, positive
 * @param axis the feature axis: -1 (the last) or 1 (channels of {@code [N, C, ...]})
 */
public record BatchNorm(Param gamma, Param beta, Param runningMean, Param runningVar, double momentum,
        double epsilon, int axis) implements Layer {
    /** PyTorch's default momentum. */
    public static final double MOMENTUM = 0.1;
    /** PyTorch's default epsilon. */
    public static final double EPSILON = 1e-5;

    /** Checks the fields. */
    public BatchNorm {
        Arguments.requireNonNulls("BatchNorm", "gamma", gamma, "beta", beta, "runningMean", runningMean,
                "runningVar", runningVar);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new NablaException("BatchNorm: momentum must be in [0, 1], got " + momentum);
        }
        Hyperparameters.positive("BatchNorm", "epsilon", epsilon);
        if (axis != -1 && axis != 1) {
            throw new NablaException("BatchNorm: the feature axis must be -1 (last) or 1 (channels), got " + axis);
        }
        if (runningMean.trainable() || runningVar.trainable()) {
            throw new NablaException("BatchNorm: the running statistics must be state (non-trainable) params");
        }
    }

    /**
     * Batch normalisation with momentum 0.1 and epsilon 1e-5.
     *
     * @param features the size {@code C} of the last axis
     * @return the layer, named {@code batchnorm} until placed
     */
    public static BatchNorm of(int features) {
        return of(features, MOMENTUM, EPSILON);
    }

    /**
     * Batch normalisation with chosen momentum and epsilon.
     *
     * @param features the size {@code C} of the last axis
     * @param momentum the weight of each batch in the running statistics, in [0, 1]
     * @param epsilon added to the variance, positive
     * @return the layer, named {@code batchnorm} until placed
     * @throws NablaException if an argument is out of range
     */
    public static BatchNorm of(int features, double momentum, double epsilon) {
        return over("BatchNorm.of", features, momentum, epsilon, -1);
    }

    /**
     * Batch normalisation of each channel of images {@code [N, C, H, W]} (or {@code [N, C, L]})
     * over the batch and all positions, with momentum 0.1 and epsilon 1e-5.
     *
     * @param channels the size {@code C} of axis 1
     * @return the layer, named {@code batchnorm} until placed
     */
    public static BatchNorm ofChannels(int channels) {
        return over("BatchNorm.ofChannels", channels, MOMENTUM, EPSILON, 1);
    }

    private static BatchNorm over(String where, int features, double momentum, double epsilon, int axis) {
        if (features < 1) {
            throw new NablaException(where + ": features must be at least 1, got " + features);
        }
        Shape c = Shape.of(features);
        return new BatchNorm(Param.of("batchnorm/gamma", c, Init.constant(1.0)), Param.of("batchnorm/beta", c, Init.zeros()),
                new Param("batchnorm/running_mean", c, Init.zeros(), false),
                new Param("batchnorm/running_var", c, Init.constant(1.0), false), momentum, epsilon, axis);
    }

    /**
     * The nodes of one application.
     *
     * @param y the normalised, scaled and shifted output, shaped like the input
     * @param nextMean the running mean after a training step {@code [C]}; the old one when not training
     * @param nextVar the running variance after a training step {@code [C]}; the old one when not training
     */
    public record Output(Node y, Node nextMean, Node nextVar) {
        /** Requires every field. */
        public Output {
            Arguments.requireNonNulls("BatchNorm.Output", "y", y, "nextMean", nextMean, "nextVar", nextVar);
        }
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("BatchNorm.apply", "x", x, "ctx", ctx);
        Output out = forward(x, ctx.training(), ctx.param(gamma), ctx.param(beta), ctx.param(runningMean),
                ctx.param(runningVar));
        ctx.update(runningMean, out.nextMean());
        ctx.update(runningVar, out.nextVar());
        return out.y();
    }

    /**
     * The layer on explicit nodes, for tests and functional use; {@link #apply} feeds it the
     * context's switch and param nodes and registers the two updates.
     *
     * @param x the input {@code [N, ..., C]} (axis -1) or {@code [N, C, ...]} (axis 1); the batch size may be
     *     known only at run time
     * @param training a scalar, non-zero to use batch statistics
     * @param g the scale {@code [C]}
     * @param b the shift {@code [C]}
     * @param mean the running mean {@code [C]}
     * @param var the running variance {@code [C]}
     * @return the output and the next running statistics
     * @throws ShapeException if {@code x} has rank below 2 or its feature axis is not of size {@code C}
     */
    public Output forward(Node x, Node training, Node g, Node b, Node mean, Node var) {
        Arguments.requireNonNulls("BatchNorm.forward", "training", training, "g", g, "b", b, "mean", mean, "var", var);
        int features = gamma.shape().dim(0);
        int rank = x == null ? 0 : x.shape().rank();
        int feature = axis < 0 ? rank - 1 : axis;
        if (x == null || rank < 2 || x.shape().dim(feature) != features) {
            throw new ShapeException("batchnorm(" + (x == null ? "null" : x.label() + " " + x.shape())
                    + "): expected an input " + (axis < 0 ? "[N, ..., " + features + "]" : "[N, " + features + ", ...]")
                    + " for " + gamma.name());
        }
        int[] axes = IntStream.range(0, rank).filter(i -> i != feature).toArray();
        int trailing = rank - 1 - feature;
        Node scale = alongFeatures(g, trailing);
        Node shift = alongFeatures(b, trailing);
        Node runMean = alongFeatures(mean, trailing);
        Node runVar = alongFeatures(var, trailing);
        Node n = count(x, axes);
        Node batchMean = Reductions.sum(x, true, axes).div(n);
        Node centered = x.sub(batchMean);
        Node squares = Reductions.sum(centered.square(), true, axes);
        Node batchVar = squares.div(n);
        Node trained = centered.div(batchVar.add(epsilon).sqrt());
        Node evaluated = x.sub(runMean).div(runVar.add(epsilon).sqrt());
        Node y = Ops.where(training, trained, evaluated).mul(scale).add(shift);
        // The running statistics are bookkeeping: no gradient flows into them from the batch.
        Node unbiased = Ops.stopGradient(squares.div(n.sub(1.0).maximum(x.graph().scalar(1.0))));
        Node nextMean = blend(training, mean, Ops.stopGradient(batchMean).reshape(features));
        Node nextVar = blend(training, var, unbiased.reshape(features));
        return new Output(y, nextMean, nextVar);
    }

    /** A per-feature {@code [C]} node shaped {@code [C, 1, ...]} so it broadcasts from the feature axis of x. */
    private static Node alongFeatures(Node v, int trailing) {
        if (trailing == 0) {
            return v;
        }
        int[] dims = new int[1 + trailing];
        Arrays.fill(dims, 1);
        dims[0] = v.shape().dim(0);
        return v.reshape(dims);
    }

    /** {@code (1 - momentum) * running + momentum * batch} when training, else {@code running}. */
    private Node blend(Node training, Node running, Node batch) {
        return Ops.where(training, running.mul(1.0 - momentum).add(batch.mul(momentum)), running);
    }

    /** The number of values per feature: a constant, or counted at run time for an unknown batch. */
    private static Node count(Node x, int[] axes) {
        long n = 1;
        for (int a : axes) {
            int d = x.shape().dim(a);
            if (d == Shape.UNKNOWN) {
                return Reductions.sum(Ops.onesLike(x), true, axes);
            }
            n *= d;
        }
        return x.graph().scalar(n);
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    @Override
    public String kind() {
        return "batchnorm";
    }

    @Override
    public BatchNorm named(String name) {
        return new BatchNorm(gamma.under(name), beta.under(name), runningMean.under(name), runningVar.under(name),
                momentum, epsilon, axis);
    }
}
