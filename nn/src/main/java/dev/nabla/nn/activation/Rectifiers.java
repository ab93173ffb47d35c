// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static dev.nabla.nn.activation.Branches.c;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.UnaryFn;

/**
 * The piecewise activations, each defined here once: the identity, the binary step and the
 * rectifiers, which have a kink or a seam at a threshold. {@link Activations} lists them beside
 * the other families. All use {@code where}, never {@code max}: max splits the gradient 50/50 at a
 * tie, so {@code relu'(0)} would be 1/2 (STYLE.md, sketch 3). Each select lets a NaN through to
 * the output (see {@code Branches}).
 *
 * <p>Usage: {@code Node h = Rectifiers.elu(x.matmul(w), 1.0);}
 */
public final class Rectifiers {
    /** SELU's lambda (Klambauer et al. 2017). */
    public static final double SELU_LAMBDA = 1.0507009873554805;
    /** SELU's alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772;

    private Rectifiers() {}

    /**
     * The identity {@code f(x) = x}, the activation of a linear layer. Usage: {@code Rectifiers.identity(x)}.
     *
     * @param x the input
     * @return {@code x} itself
     */
    public static Node identity(Node x) {
        return Branches.require("identity", x);
    }

    /**
     * The binary step {@code f(x) = 1 for x >= 0, else 0}, and NaN for NaN; its gradient is 0 everywhere (the jump
     * has none). Usage: {@code Rectifiers.binaryStep(x)}.
     *
     * @param x the input
     * @return the step
     */
    public static Node binaryStep(Node x) {
        return Branches.keepNaN(x, Branches.atLeast(Branches.require("binary_step", x), 0.0));
    }

    /**
     * ReLU {@code max(0, x)}, as {@code where(x <= 0, 0, x)}: the derivative at the kink is 0, and NaN stays NaN.
     * Usage: {@code Rectifiers.relu(x)}.
     *
     * @param x the input
     * @return ReLU
     */
    public static Node relu(Node x) {
        Branches.require("relu", x);
        return Branches.unless(Branches.atMost(x, 0.0), x, 0.0);
    }

    /**
     * The bipolar ReLU: {@code relu(x_i)} at even indices {@code i} of the last axis, {@code -relu(-x_i) = min(x_i,
     * 0)} at odd ones; NaN stays NaN in both. Usage: {@code Rectifiers.brelu(x)} for {@code x} of shape
     * {@code [batch, C]}.
     *
     * @param x the input, whose last axis has a known size
     * @return BReLU
     * @throws ShapeException if {@code x} is a scalar or its last size is unknown
     */
    public static Node brelu(Node x) {
        Branches.require("brelu", x);
        if (x.shape().rank() == 0 || x.shape().dim(-1) == Shape.UNKNOWN) {
            throw new ShapeException(Branches.describe("brelu", x)
                    + ": needs a last axis of known size, whose even and odd indices it treats differently");
        }
        double[] even = new double[x.shape().dim(-1)];
        for (int i = 0; i < even.length; i += 2) {
            even[i] = 1.0;
        }
        Node mask = x.graph().constant(Tensor.of(Shape.of(even.length), even));
        return Ops.where(mask, relu(x), Branches.unless(Branches.atLeast(x, 0.0), x, 0.0));
    }

    /**
     * Leaky ReLU {@code x for x > 0, else 0.01 x}, the common default slope. Usage: {@code Rectifiers.leakyRelu(x)}.
     *
     * @param x the input
     * @return leaky ReLU
     */
    public static Node leakyRelu(Node x) {
        return leakyRelu(x, 0.01);
    }

    /**
     * Leaky ReLU {@code x for x > 0, else slope x}. Usage: {@code Rectifiers.leakyRelu(x, 0.2)}.
     *
     * @param x the input
     * @param slope the negative slope
     * @return leaky ReLU
     * @throws NablaException if the slope is not finite
     */
    public static Node leakyRelu(Node x, double slope) {
        Branches.require("leaky_relu", Branches.require("leaky_relu", x), "the slope", slope, false);
        return Ops.where(Branches.above(x, 0.0), x, x.mul(slope));
    }

    /**
     * The parametric ReLU {@code x for x > 0, else alpha x} (He et al. 2015), alpha usually learned.
     * Usage: {@code Rectifiers.prelu(x, ctx.param(alpha))}.
     *
     * @param x the input
     * @param alpha shape {@code []} (shared) or {@code [C]} (per channel of the last axis)
     * @return PReLU
     * @throws ShapeException if alpha has another shape
     */
    public static Node prelu(Node x, Node alpha) {
        Branches.requireChannels("prelu", Branches.require("prelu", x), alpha, "alpha");
        return Ops.where(Branches.above(x, 0.0), x, x.mul(alpha));
    }

    /**
     * The randomized leaky ReLU (Xu et al. 2015): {@code x for x > 0, else a x}, where {@code a} is drawn uniformly
     * from {@code [lower, upper)} per element and per run when {@code training} is 1, and is {@code (lower + upper) /
     * 2} when it is 0. Usage: {@code Rectifiers.rrelu(x, 1.0 / 8, 1.0 / 3, ctx.training(), 7)}.
     *
     * @param x the input
     * @param lower the smallest slope
     * @param upper the largest slope
     * @param training the train/eval switch, a scalar node fed 1 or 0
     * @param seed the random op's seed
     * @return RReLU
     * @throws NablaException if the bounds are not finite or out of order, or the switch is of another graph
     */
    public static Node rrelu(Node x, double lower, double upper, Node training, long seed) {
        Branches.require("rrelu", x);
        Branches.require("rrelu", x, "lower", lower, false);
        Branches.require("rrelu", x, "upper", upper, false);
        if (lower > upper) {
            throw new NablaException(Branches.describe("rrelu", x) + ": lower " + lower + " exceeds upper " + upper);
        }
        if (training == null || training.graph() != x.graph()) {
            throw new NablaException(Branches.describe("rrelu", x)
                    + ": the training switch must be a node of the input's graph (Context.training())");
        }
        Node drawn = Randoms.uniformLike(x, lower, upper, seed);
        Node slope = Ops.where(training, drawn, c(x, 0.5 * (lower + upper)));
        return Ops.where(Branches.above(x, 0.0), x, x.mul(slope));
    }

    /**
     * ELU {@code x for x > 0, else alpha (e^x - 1)} (Clevert et al. 2016), a rectifier whose negative side
     * saturates smoothly at {@code -alpha}. Usage: {@code Rectifiers.elu(x, 1.0)}.
     *
     * <p>The negative branch sees {@code min(x, 0)}, so its exp cannot overflow where it is not used.
     *
     * @param x the input
     * @param alpha the negative saturation
     * @return ELU
     * @throws NablaException if alpha is not finite
     */
    public static Node elu(Node x, double alpha) {
        Branches.require("elu", Branches.require("elu", x), "alpha", alpha, false);
        Node positive = Branches.above(x, 0.0);
        Node negative = Ops.unary(UnaryFn.EXPM1, Branches.unless(positive, x, 0.0)).mul(alpha);
        return Ops.where(positive, x, negative);
    }

    /**
     * SELU {@code lambda elu(x, alpha)} with {@link #SELU_LAMBDA} and {@link #SELU_ALPHA}, the self-normalizing unit
     * (Klambauer et al. 2017). Usage: {@code Rectifiers.selu(x)}.
     *
     * @param x the input
     * @return SELU
     */
    public static Node selu(Node x) {
        return elu(x, SELU_ALPHA).mul(SELU_LAMBDA);
    }

    /**
     * The inverse square root linear unit: {@code x / sqrt(1 + alpha x^2)} for {@code x < 0}, {@code x} above.
     * Usage: {@code Rectifiers.isrlu(x, 1.0)}.
     *
     * <p>The negative branch sees {@code min(x, 0)}, so its square cannot overflow where it is not used.
     *
     * @param x the input
     * @param alpha the steepness, positive
     * @return ISRLU
     * @throws NablaException if alpha is not positive and finite
     */
    public static Node isrlu(Node x, double alpha) {
        Branches.require("isrlu", Branches.require("isrlu", x), "alpha", alpha, true);
        Node negative = Branches.below(x, 0.0);
        Node xn = Branches.when(negative, x, 0.0);
        return Ops.where(negative, xn.div(xn.square().mul(alpha).add(1.0).sqrt()), x);
    }

    /**
     * The S-shaped ReLU (Jin et al. 2016): {@code t1 + a1 (x - t1)} for {@code x <= t1}, {@code x} between,
     * {@code t2 + a2 (x - t2)} for {@code x >= t2}. Usage: {@code Rectifiers.srelu(x, t1, a1, t2, a2)}.
     *
     * @param x the input
     * @param t1 the left threshold
     * @param a1 the left slope
     * @param t2 the right threshold
     * @param a2 the right slope; each parameter of shape {@code []} or {@code [C]}
     * @return SReLU
     * @throws ShapeException if a parameter has another shape
     */
    public static Node srelu(Node x, Node t1, Node a1, Node t2, Node a2) {
        Branches.require("srelu", x);
        Arguments.requireNonNulls("srelu", "t1", t1, "a1", a1, "t2", t2, "a2", a2);
        Branches.requireChannels("srelu", x, t1, "t1");
        Branches.requireChannels("srelu", x, a1, "a1");
        Branches.requireChannels("srelu", x, t2, "t2");
        Branches.requireChannels("srelu", x, a2, "a2");
        Node left = t1.add(a1.mul(x.sub(t1)));
        Node right = t2.add(a2.mul(x.sub(t2)));
        return Ops.where(Ops.le(x, t1), left, Ops.where(Ops.ge(x, t2), right, x));
    }

    /**
     * The adaptive piecewise linear unit (Agostinelli et al. 2015): {@code max(0, x) + sum_i a_i max(0, b_i - x)}.
     * Usage: {@code Rectifiers.apl(x, a, b)}.
     *
     * <p>{@code x} gets a hinge axis in front of its last axis, the hinges broadcast against it, and the sum
     * removes it again.
     *
     * @param x the input
     * @param a the hinge slopes
     * @param b the hinge positions; both {@code [k]} (shared) or {@code [k, C]} (per channel of the last axis)
     * @return APL
     * @throws ShapeException if a and b differ in shape or have another one
     */
    public static Node apl(Node x, Node a, Node b) {
        Branches.require("apl", x);
        checkHinges(x, a, b);
        int k = a.shape().dim(0);
        Node ak = a.shape().rank() == 1 ? a.reshape(k, 1) : a;
        Node bk = b.shape().rank() == 1 ? b.reshape(k, 1) : b;
        Node xs = x.shape().rank() == 0 ? x.reshape(1) : x;
        int[] d = xs.shape().dims();
        int[] withHinges = new int[d.length + 1];
        System.arraycopy(d, 0, withHinges, 0, d.length - 1);
        withHinges[d.length - 1] = 1;
        withHinges[d.length] = d[d.length - 1];
        Node hinges = relu(bk.sub(xs.reshape(withHinges))).mul(ak).sum(-2);
        Node out = relu(xs).add(hinges);
        return x.shape().rank() == 0 ? out.reshape() : out;
    }

    private static void checkHinges(Node x, Node a, Node b) {
        if (a == null || b == null) {
            throw new NablaException(Branches.describe("apl", x) + ": the hinge slopes a and positions b must not be null");
        }
        if (a.graph() != x.graph() || b.graph() != x.graph()) {
            throw new NablaException(Branches.describe("apl", x, a, b) + ": a and b belong to another graph than the input");
        }
        Shape s = a.shape();
        int channels = x.shape().rank() == 0 ? 1 : x.shape().dim(-1);
        boolean ok = s.equals(b.shape()) && s.isKnown() && (s.rank() == 1
                || s.rank() == 2 && (s.dim(1) == 1 || s.dim(1) == channels));
        if (!ok) {
            throw new ShapeException(Branches.describe("apl", x, a, b) + ": a and b must have the same shape, [k] or [k, "
                    + channels + "] (k hinges, shared or one set per channel of the last axis)");
        }
    }
}
