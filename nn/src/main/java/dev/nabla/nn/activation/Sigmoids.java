// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.op.UnaryFn;

/**
 * The S-shaped activations, most of them bounded, and softmax, each defined here once;
 * {@link Activations} lists them beside the other families.
 *
 * <p>Usage: {@code Node p = Sigmoids.sigmoid(x.matmul(w));}
 */
public final class Sigmoids {
    /** Above this, {@code asinh(a) = log(2a)} to double precision (the next term is {@code 1/(4a^2)}). */
    private static final double ASINH_LARGE = 1e8;

    private Sigmoids() {}

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)}, which squashes any input into (0, 1); the primitive never
     * overflows. Usage: {@code Sigmoids.sigmoid(x)}.
     *
     * @param x the input
     * @return the sigmoid
     */
    public static Node sigmoid(Node x) {
        return Ops.unary(UnaryFn.SIGMOID, Branches.require("sigmoid", x));
    }

    /**
     * The hyperbolic tangent {@code (e^x - e^-x) / (e^x + e^-x)}, which squashes any input into (-1, 1).
     * Usage: {@code Sigmoids.tanh(x)}.
     *
     * @param x the input
     * @return tanh
     */
    public static Node tanh(Node x) {
        return Branches.require("tanh", x).tanh();
    }

    /**
     * The arctangent {@code tan^-1(x)}, which squashes any input into (-pi/2, pi/2). Usage: {@code Sigmoids.arctan(x)}.
     *
     * @param x the input
     * @return atan
     */
    public static Node arctan(Node x) {
        return Ops.unary(UnaryFn.ATAN, Branches.require("arctan", x));
    }

    /**
     * The inverse hyperbolic sine {@code ln(x + sqrt(x^2 + 1))}, an unbounded S-curve accurate near 0 and finite up
     * to 1e308. Usage: {@code Sigmoids.arsinh(x)}.
     *
     * <p>It is {@code s * asinh(a)} with {@code a = s * x = |x|}: the sign {@code s} is +1 at 0 and has no gradient,
     * and {@code s * s = 1}, so the derivative is right at 0 (abs' sign(0) = 0 would give 0 there). For {@code a} up
     * to 1e8, {@code log1p(a + a^2 / (1 + sqrt(1 + a^2)))} keeps every digit near 0; above, {@code log(a) + log 2},
     * as {@code a^2} would overflow.
     *
     * @param x the input
     * @return asinh
     */
    public static Node arsinh(Node x) {
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

    /**
     * Softsign {@code x / (1 + |x|)}, a sigmoid that approaches its bounds polynomially rather than exponentially.
     * Usage: {@code Sigmoids.softsign(x)}.
     *
     * @param x the input
     * @return softsign
     */
    public static Node softsign(Node x) {
        return x.div(Branches.require("softsign", x).abs().add(1.0));
    }

    /**
     * The inverse square root unit {@code x / sqrt(1 + alpha x^2)} (Carlile et al. 2017), a sigmoid bounded by
     * {@code ±1/sqrt(alpha)}. Usage: {@code Sigmoids.isru(x, 1.0)}.
     *
     * @param x the input
     * @param alpha the steepness, positive
     * @return ISRU
     * @throws dev.nabla.graph.NablaException if alpha is not positive and finite
     */
    public static Node isru(Node x, double alpha) {
        Branches.require("isru", Branches.require("isru", x), "alpha", alpha, true);
        return x.div(x.square().mul(alpha).add(1.0).sqrt());
    }

    /**
     * The square nonlinearity, a piecewise-quadratic sigmoid: 1 above 2, {@code x - x^2/4} on [0, 2],
     * {@code x + x^2/4} on [-2, 0), -1 below -2. Usage: {@code Sigmoids.sqnl(x)}.
     *
     * <p>It is {@code c - c|c|/4} with {@code c} clamped to [-2, 2]: the four cases of the table at once.
     *
     * @param x the input
     * @return SQNL
     */
    public static Node sqnl(Node x) {
        Node clamped = Branches.clamp(Branches.require("sqnl", x), -2.0, 2.0);
        return clamped.sub(clamped.mul(clamped.abs()).mul(0.25));
    }

    /**
     * Soft clipping {@code (1 / alpha) ln((1 + e^(alpha x)) / (1 + e^(alpha (x - 1))))} (Klimek and Perelstein 2020),
     * a smooth clamp to (0, 1) that is nearly linear between. Usage: {@code Sigmoids.softClipping(x, 1.0)}.
     *
     * <p>It is {@code (softplus(a x) - softplus(a (x - 1))) / a}: the log of the quotient, without overflow.
     *
     * @param x the input
     * @param alpha the sharpness, positive
     * @return soft clipping
     * @throws dev.nabla.graph.NablaException if alpha is not positive and finite
     */
    public static Node softClipping(Node x, double alpha) {
        Branches.require("soft_clipping", Branches.require("soft_clipping", x), "alpha", alpha, true);
        Node upper = SmoothUnits.softplus(x.mul(alpha));
        Node lower = SmoothUnits.softplus(x.sub(1.0).mul(alpha));
        return upper.sub(lower).div(alpha);
    }

    /**
     * The hard sigmoid {@code relu6(x + 3) / 6}, PyTorch's form: a sigmoid made of three straight pieces.
     * Usage: {@code Sigmoids.hardSigmoid(x)}.
     *
     * @param x the input
     * @return the hard sigmoid
     */
    public static Node hardSigmoid(Node x) {
        return Branches.clamp(Branches.require("hard_sigmoid", x).div(6.0).add(0.5), 0.0, 1.0);
    }

    /**
     * Softmax along an axis, {@code e^(x - logsumexp(x))}, which turns scores into probabilities: stable for inputs
     * like 1000 and -1000; a slice holding NaN or +inf is NaN throughout, as in PyTorch.
     * Usage: {@code Sigmoids.softmax(logits, -1)}.
     *
     * @param x the input
     * @param axis the axis; negative counts from the end
     * @return the probabilities
     * @throws dev.nabla.graph.ShapeException if the axis is out of range
     */
    public static Node softmax(Node x, int axis) {
        return logSoftmax("softmax", x, axis).exp();
    }

    /**
     * Log-softmax along an axis, {@code x - logsumexp(x)}, the log-probabilities a cross-entropy needs: stable for
     * inputs like 1000 and -1000; a slice holding NaN or +inf is NaN throughout, as in PyTorch.
     * Usage: {@code Sigmoids.logSoftmax(logits, -1)}.
     *
     * @param x the input
     * @param axis the axis; negative counts from the end
     * @return the log-probabilities
     * @throws dev.nabla.graph.ShapeException if the axis is out of range
     */
    public static Node logSoftmax(Node x, int axis) {
        return logSoftmax("log_softmax", x, axis);
    }

    /**
     * {@code z - log(sum(exp(z)))} with {@code z = x - max(x)}, as PyTorch and JAX compute it: no
     * overflow at 1000, and a slice holding NaN or +inf is NaN throughout ({@code inf - inf}),
     * where {@code x - logsumexp(x)} would give {@code [NaN, -inf]} for {@code [inf, 1]}. The
     * shift cancels exactly, so no gradient flows through it.
     */
    private static Node logSoftmax(String op, Node x, int axis) {
        Branches.requireAxis(op, Branches.require(op, x), axis);
        Node z = x.sub(Ops.stopGradient(Reductions.max(x, true, axis)));
        return z.sub(Reductions.sum(z.exp(), true, axis).log());
    }
}
