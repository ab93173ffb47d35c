// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.UnaryFn;

/** The S-shaped activations, most of them bounded, and softmax; see {@link Activations} for the formulas. */
final class Sigmoids {
    /** Above this, {@code asinh(a) = log(2a)} to double precision (the next term is {@code 1/(4a^2)}). */
    private static final double ASINH_LARGE = 1e8;

    private Sigmoids() {}

    static Node sigmoid(Node x) {
        return Ops.unary(UnaryFn.SIGMOID, Branches.require("sigmoid", x));
    }

    static Node tanh(Node x) {
        return Branches.require("tanh", x).tanh();
    }

    static Node arctan(Node x) {
        return Ops.unary(UnaryFn.ATAN, Branches.require("arctan", x));
    }

    /**
     * {@code s * asinh(a)} with {@code a = s * x = |x|}: the sign {@code s} is +1 at 0 and has no
     * gradient, and {@code s * s = 1}, so the derivative is right at 0 (abs' sign(0) = 0 would
     * give 0 there). For {@code a} up to 1e8, {@code log1p(a + a^2 / (1 + sqrt(1 + a^2)))} keeps
     * every digit near 0; above, {@code log(a) + log 2}, as {@code a^2} would overflow.
     */
    static Node arsinh(Node x) {
        Branches.require("arsinh", x);
        Node s = Branches.sign(x, true);
        Node a = x.mul(s);
        Node large = Branches.above(a, ASINH_LARGE);
        Node small = Branches.unless(large, a, 0.0);
        Node aa = small.square();
        Node near = Ops.unary(UnaryFn.LOG1P, small.add(aa.div(aa.add(1.0).sqrt().add(1.0))));
        Node far = Branches.when(large, a, 1.0).log().add(Math.log(2.0));
        return Ops.where(large, far, near).mul(s);
    }

    static Node softsign(Node x) {
        return x.div(Branches.require("softsign", x).abs().add(1.0));
    }

    static Node isru(Node x, double alpha) {
        Branches.require("isru", Branches.require("isru", x), "alpha", alpha, true);
        return x.div(x.square().mul(alpha).add(1.0).sqrt());
    }

    /** {@code c - c|c|/4} with {@code c} clamped to [-2, 2]: the four cases of the table at once. */
    static Node sqnl(Node x) {
        Node clamped = Branches.clamp(Branches.require("sqnl", x), -2.0, 2.0);
        return clamped.sub(clamped.mul(clamped.abs()).mul(0.25));
    }

    /** {@code (softplus(a x) - softplus(a (x - 1))) / a}: the log of the quotient, without overflow. */
    static Node softClipping(Node x, double alpha) {
        Branches.require("soft_clipping", Branches.require("soft_clipping", x), "alpha", alpha, true);
        Node upper = SmoothUnits.softplus(x.mul(alpha));
        Node lower = SmoothUnits.softplus(x.sub(1.0).mul(alpha));
        return upper.sub(lower).div(alpha);
    }

    /**
     * {@code z - log(sum(exp(z)))} with {@code z = x - max(x)}, as PyTorch and JAX compute it: no
     * overflow at 1000, and a slice holding NaN or +inf is NaN throughout ({@code inf - inf}),
     * where {@code x - logsumexp(x)} would give {@code [NaN, -inf]} for {@code [inf, 1]}. The
     * shift cancels exactly, so no gradient flows through it.
     */
    static Node logSoftmax(String op, Node x, int axis) {
        Branches.requireAxis(op, Branches.require(op, x), axis);
        Node z = x.sub(Ops.stopGradient(Reductions.max(x, true, axis)));
        return z.sub(Reductions.sum(z.exp(), true, axis).log());
    }

    static Node hardSigmoid(Node x) {
        return Branches.clamp(Branches.require("hard_sigmoid", x).div(6.0).add(0.5), 0.0, 1.0);
    }
}
