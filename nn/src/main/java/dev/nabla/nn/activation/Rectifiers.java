// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Arguments;
import static dev.nabla.nn.activation.Branches.c;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.UnaryFn;

/**
 * The rectifiers: piecewise activations with a kink or a seam at a threshold; see
 * {@link Activations} for the formulas. All use {@code where}, never {@code max}: max splits the
 * gradient 50/50 at a tie, so {@code relu'(0)} would be 1/2 (STYLE.md, sketch 3). Each select
 * lets a NaN through to the output (see {@link Branches}).
 */
final class Rectifiers {
    private Rectifiers() {}

    /** {@code where(x <= 0, 0, x)}: 0 at the kink, so {@code relu'(0) = 0}, and NaN stays NaN. */
    static Node relu(Node x) {
        Branches.require("relu", x);
        return Branches.unless(Branches.atMost(x, 0.0), x, 0.0);
    }

    /** ReLU on even indices of the last axis, {@code -relu(-x) = min(x, 0)} on odd ones; NaN stays NaN in both. */
    static Node brelu(Node x) {
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

    static Node leakyRelu(Node x, double slope) {
        Branches.require("leaky_relu", Branches.require("leaky_relu", x), "the slope", slope, false);
        return Ops.where(Branches.above(x, 0.0), x, x.mul(slope));
    }

    static Node prelu(Node x, Node alpha) {
        Branches.requireChannels("prelu", Branches.require("prelu", x), alpha, "alpha");
        return Ops.where(Branches.above(x, 0.0), x, x.mul(alpha));
    }

    /** The slope is a fresh uniform draw per element while training, its mean while evaluating. */
    static Node rrelu(Node x, double lower, double upper, Node training, long seed) {
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

    /** The negative branch sees {@code min(x, 0)}, so its exp cannot overflow where it is not used. */
    static Node elu(Node x, double alpha) {
        Branches.require("elu", Branches.require("elu", x), "alpha", alpha, false);
        Node positive = Branches.above(x, 0.0);
        Node negative = Ops.unary(UnaryFn.EXPM1, Branches.unless(positive, x, 0.0)).mul(alpha);
        return Ops.where(positive, x, negative);
    }

    /** {@code isru} below 0, the identity above; the negative branch sees {@code min(x, 0)}. */
    static Node isrlu(Node x, double alpha) {
        Branches.require("isrlu", Branches.require("isrlu", x), "alpha", alpha, true);
        Node negative = Branches.below(x, 0.0);
        Node xn = Branches.when(negative, x, 0.0);
        return Ops.where(negative, xn.div(xn.square().mul(alpha).add(1.0).sqrt()), x);
    }

    static Node srelu(Node x, Node t1, Node a1, Node t2, Node a2) {
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
     * {@code relu(x) + sum_i a_i relu(b_i - x)}: {@code x} gets a hinge axis in front of its last
     * axis, the hinges broadcast against it, and the sum removes it again.
     */
    static Node apl(Node x, Node a, Node b) {
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
