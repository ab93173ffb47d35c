// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;

/**
 * Every activation of the lecture's table and the ones users expect beside them, as composites of
 * graph ops: no kernel and no derivative rule of their own, so autodiff differentiates them to
 * any order. Elementwise unless said otherwise; each returns a node shaped like its input.
 * Branches picked by {@code where} get safe arguments where they are not picked, so no NaN
 * reaches a value or a gradient that the input did not bring; a NaN input stays NaN in the
 * output (see {@code Branches}). Metadata (range, continuity,
 * monotonicity) is in {@link ActivationCatalog}; layers are in {@link ActivationLayers}.
 *
 * <p>Usage: {@code Node h = Activations.elu(x.matmul(w), 1.0);}
 */
public final class Activations {
    /** SELU's lambda (Klambauer et al. 2017). */
    public static final double SELU_LAMBDA = 1.0507009873554805;
    /** SELU's alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772;

    private Activations() {}

    /**
     * The identity {@code f(x) = x}. Usage: {@code Activations.identity(x)}.
     *
     * @param x the input
     * @return {@code x} itself
     */
    public static Node identity(Node x) {
        return Branches.require("identity", x);
    }

    /**
     * The binary step {@code f(x) = 1 for x >= 0, else 0}, and NaN for NaN; its gradient is 0 everywhere (the jump has
     * none). Usage: {@code Activations.binaryStep(x)}.
     *
     * @param x the input
     * @return the step
     */
    public static Node binaryStep(Node x) {
        return Branches.keepNaN(x, Branches.atLeast(Branches.require("binary_step", x), 0.0));
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)}, the primitive that never overflows.
     * Usage: {@code Activations.sigmoid(x)}.
     *
     * @param x the input
     * @return the sigmoid
     */
    public static Node sigmoid(Node x) {
        return Sigmoids.sigmoid(x);
    }

    /**
     * The hyperbolic tangent {@code (e^x - e^-x) / (e^x + e^-x)}. Usage: {@code Activations.tanh(x)}.
     *
     * @param x the input
     * @return tanh
     */
    public static Node tanh(Node x) {
        return Sigmoids.tanh(x);
    }

    /**
     * The arctangent {@code tan^-1(x)}. Usage: {@code Activations.arctan(x)}.
     *
     * @param x the input
     * @return atan
     */
    public static Node arctan(Node x) {
        return Sigmoids.arctan(x);
    }

    /**
     * The inverse hyperbolic sine {@code ln(x + sqrt(x^2 + 1))}, accurate near 0 and finite up to 1e308.
     * Usage: {@code Activations.arsinh(x)}.
     *
     * @param x the input
     * @return asinh
     */
    public static Node arsinh(Node x) {
        return Sigmoids.arsinh(x);
    }

    /**
     * Softsign {@code x / (1 + |x|)}. Usage: {@code Activations.softsign(x)}.
     *
     * @param x the input
     * @return softsign
     */
    public static Node softsign(Node x) {
        return Sigmoids.softsign(x);
    }

    /**
     * The inverse square root unit {@code x / sqrt(1 + alpha x^2)} (Carlile et al. 2017).
     * Usage: {@code Activations.isru(x, 1.0)}.
     *
     * @param x the input
     * @param alpha the steepness, positive
     * @return ISRU
     * @throws dev.nabla.graph.NablaException if alpha is not positive and finite
     */
    public static Node isru(Node x, double alpha) {
        return Sigmoids.isru(x, alpha);
    }

    /**
     * The inverse square root linear unit: {@code x / sqrt(1 + alpha x^2)} for {@code x < 0}, {@code x} above.
     * Usage: {@code Activations.isrlu(x, 1.0)}.
     *
     * @param x the input
     * @param alpha the steepness, positive
     * @return ISRLU
     * @throws dev.nabla.graph.NablaException if alpha is not positive and finite
     */
    public static Node isrlu(Node x, double alpha) {
        return Rectifiers.isrlu(x, alpha);
    }

    /**
     * The square nonlinearity: 1 above 2, {@code x - x^2/4} on [0, 2], {@code x + x^2/4} on [-2, 0), -1 below -2.
     * Usage: {@code Activations.sqnl(x)}.
     *
     * @param x the input
     * @return SQNL
     */
    public static Node sqnl(Node x) {
        return Sigmoids.sqnl(x);
    }

    /**
     * ReLU {@code max(0, x)}, as {@code where(x <= 0, 0, x)}: the derivative at 0 is 0, and NaN stays NaN.
     * Usage: {@code Activations.relu(x)}.
     *
     * @param x the input
     * @return ReLU
     */
    public static Node relu(Node x) {
        return Rectifiers.relu(x);
    }

    /**
     * The bipolar ReLU: {@code relu(x_i)} at even indices {@code i} of the last axis, {@code -relu(-x_i)} at odd ones.
     * Usage: {@code Activations.brelu(x)} for {@code x} of shape {@code [batch, C]}.
     *
     * @param x the input, whose last axis has a known size
     * @return BReLU
     * @throws dev.nabla.graph.ShapeException if {@code x} is a scalar or its last size is unknown
     */
    public static Node brelu(Node x) {
        return Rectifiers.brelu(x);
    }

    /**
     * Leaky ReLU {@code x for x > 0, else 0.01 x}. Usage: {@code Activations.leakyRelu(x)}.
     *
     * @param x the input
     * @return leaky ReLU
     */
    public static Node leakyRelu(Node x) {
        return Rectifiers.leakyRelu(x, 0.01);
    }

    /**
     * Leaky ReLU {@code x for x > 0, else slope x}. Usage: {@code Activations.leakyRelu(x, 0.2)}.
     *
     * @param x the input
     * @param slope the negative slope
     * @return leaky ReLU
     */
    public static Node leakyRelu(Node x, double slope) {
        return Rectifiers.leakyRelu(x, slope);
    }

    /**
     * The parametric ReLU {@code x for x > 0, else alpha x} (He et al. 2015), alpha usually learned.
     * Usage: {@code Activations.prelu(x, ctx.param(alpha))}.
     *
     * @param x the input
     * @param alpha shape {@code []} (shared) or {@code [C]} (per channel of the last axis)
     * @return PReLU
     * @throws dev.nabla.graph.ShapeException if alpha has another shape
     */
    public static Node prelu(Node x, Node alpha) {
        return Rectifiers.prelu(x, alpha);
    }

    /**
     * The randomized leaky ReLU (Xu et al. 2015): {@code x for x > 0, else a x}, where {@code a} is drawn uniformly
     * from {@code [lower, upper)} per element and per run when {@code training} is 1, and is {@code (lower + upper) /
     * 2} when it is 0.
     * Usage: {@code Activations.rrelu(x, 1.0 / 8, 1.0 / 3, ctx.training(), 7)}.
     *
     * @param x the input
     * @param lower the smallest slope
     * @param upper the largest slope
     * @param training the train/eval switch, a scalar node fed 1 or 0
     * @param seed the random op's seed
     * @return RReLU
     */
    public static Node rrelu(Node x, double lower, double upper, Node training, long seed) {
        return Rectifiers.rrelu(x, lower, upper, training, seed);
    }

    /**
     * ELU {@code x for x > 0, else alpha (e^x - 1)} (Clevert et al. 2016). Usage: {@code Activations.elu(x, 1.0)}.
     *
     * @param x the input
     * @param alpha the negative saturation
     * @return ELU
     */
    public static Node elu(Node x, double alpha) {
        return Rectifiers.elu(x, alpha);
    }

    /**
     * SELU {@code lambda elu(x, alpha)} with {@link #SELU_LAMBDA} and {@link #SELU_ALPHA}.
     * Usage: {@code Activations.selu(x)}.
     *
     * @param x the input
     * @return SELU
     */
    public static Node selu(Node x) {
        return Rectifiers.elu(x, SELU_ALPHA).mul(SELU_LAMBDA);
    }

    /**
     * The S-shaped ReLU (Jin et al. 2016): {@code t1 + a1 (x - t1)} for {@code x <= t1}, {@code x} between, {@code t2 +
     * a2 (x - t2)} for {@code x >= t2}.
     * Usage: {@code Activations.srelu(x, t1, a1, t2, a2)}.
     *
     * @param x the input
     * @param t1 the left threshold
     * @param a1 the left slope
     * @param t2 the right threshold
     * @param a2 the right slope; each parameter of shape {@code []} or {@code [C]}
     * @return SReLU
     */
    public static Node srelu(Node x, Node t1, Node a1, Node t2, Node a2) {
        return Rectifiers.srelu(x, t1, a1, t2, a2);
    }

    /**
     * The adaptive piecewise linear unit (Agostinelli et al. 2015): {@code max(0, x) + sum_i a_i max(0, b_i - x)}.
     * Usage: {@code Activations.apl(x, a, b)}.
     *
     * @param x the input
     * @param a the hinge slopes
     * @param b the hinge positions; both {@code [k]} (shared) or {@code [k, C]} (per channel of the last axis)
     * @return APL
     */
    public static Node apl(Node x, Node a, Node b) {
        return Rectifiers.apl(x, a, b);
    }

    /**
     * Softplus {@code ln(1 + e^x)}, as {@code relu(x) + log1p(e^-|x|)}: finite at 1000 and -1000.
     * Usage: {@code Activations.softplus(x)}.
     *
     * @param x the input
     * @return softplus
     */
    public static Node softplus(Node x) {
        return SmoothUnits.softplus(x);
    }

    /**
     * The bent identity {@code (sqrt(x^2 + 1) - 1) / 2 + x}. Usage: {@code Activations.bentIdentity(x)}.
     *
     * @param x the input
     * @return bent identity
     */
    public static Node bentIdentity(Node x) {
        return SmoothUnits.bentIdentity(x);
    }

    /**
     * SiLU (swish-1) {@code x sigmoid(x)}. Usage: {@code Activations.silu(x)}.
     *
     * @param x the input
     * @return SiLU
     */
    public static Node silu(Node x) {
        return SmoothUnits.silu(x);
    }

    /**
     * The soft exponential (Godfrey and Gashler 2015): {@code -ln(1 - alpha (x + alpha)) / alpha} for {@code alpha <
     * 0}, {@code x} for {@code alpha = 0}, {@code (e^(alpha x) - 1) / alpha + alpha} for {@code alpha > 0}. For {@code
     * alpha < 0} it is defined only where {@code 1 - alpha (x + alpha) > 0} and is NaN elsewhere.
     * Usage: {@code Activations.softExponential(x, ctx.param(alpha))}.
     *
     * @param x the input
     * @param alpha shape {@code []} or {@code [C]}, usually learned
     * @return the soft exponential
     */
    public static Node softExponential(Node x, Node alpha) {
        return SmoothUnits.softExponential(x, alpha);
    }

    /**
     * Soft clipping {@code (1 / alpha) ln((1 + e^(alpha x)) / (1 + e^(alpha (x - 1))))} (Klimek and Perelstein 2020).
     * Usage: {@code Activations.softClipping(x, 1.0)}.
     *
     * @param x the input
     * @param alpha the sharpness, positive
     * @return soft clipping
     */
    public static Node softClipping(Node x, double alpha) {
        return Sigmoids.softClipping(x, alpha);
    }

    /**
     * The sinusoid {@code sin(x)}. Usage: {@code Activations.sinusoid(x)}.
     *
     * @param x the input
     * @return sin
     */
    public static Node sinusoid(Node x) {
        return Waves.sinusoid(x);
    }

    /**
     * Sinc {@code sin(x) / x}, 1 at 0 with derivative 0 there and no NaN. Usage: {@code Activations.sinc(x)}.
     *
     * @param x the input
     * @return sinc
     */
    public static Node sinc(Node x) {
        return Waves.sinc(x);
    }

    /**
     * The Gaussian {@code e^(-x^2)}. Usage: {@code Activations.gaussian(x)}.
     *
     * @param x the input
     * @return the Gaussian
     */
    public static Node gaussian(Node x) {
        return Waves.gaussian(x);
    }

    /**
     * GELU {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}, the exact form. Usage: {@code Activations.gelu(x)}.
     *
     * @param x the input
     * @return GELU
     */
    public static Node gelu(Node x) {
        return SmoothUnits.gelu(x);
    }

    /**
     * GELU's tanh approximation {@code x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2}.
     * Usage: {@code Activations.geluTanh(x)}.
     *
     * @param x the input
     * @return approximate GELU
     */
    public static Node geluTanh(Node x) {
        return SmoothUnits.geluTanh(x);
    }

    /**
     * Mish {@code x tanh(softplus(x))} (Misra 2019). Usage: {@code Activations.mish(x)}.
     *
     * @param x the input
     * @return Mish
     */
    public static Node mish(Node x) {
        return SmoothUnits.mish(x);
    }

    /**
     * The hard sigmoid {@code relu6(x + 3) / 6}, PyTorch's form. Usage: {@code Activations.hardSigmoid(x)}.
     *
     * @param x the input
     * @return the hard sigmoid
     */
    public static Node hardSigmoid(Node x) {
        return Sigmoids.hardSigmoid(x);
    }

    /**
     * Hard swish {@code x relu6(x + 3) / 6} (Howard et al. 2019). Usage: {@code Activations.hardSwish(x)}.
     *
     * @param x the input
     * @return hard swish
     */
    public static Node hardSwish(Node x) {
        return SmoothUnits.hardSwish(x);
    }

    /**
     * Softmax along an axis, {@code e^(x - logsumexp(x))}: stable for inputs like 1000 and -1000; a slice holding
     * NaN or +inf is NaN throughout, as in PyTorch.
     * Usage: {@code Activations.softmax(logits, -1)}.
     *
     * @param x the input
     * @param axis the axis; negative counts from the end
     * @return the probabilities
     * @throws dev.nabla.graph.ShapeException if the axis is out of range
     */
    public static Node softmax(Node x, int axis) {
        return Sigmoids.logSoftmax("softmax", x, axis).exp();
    }

    /**
     * Log-softmax along an axis, {@code x - logsumexp(x)}: stable for inputs like 1000 and -1000; a slice holding
     * NaN or +inf is NaN throughout, as in PyTorch.
     * Usage: {@code Activations.logSoftmax(logits, -1)}.
     *
     * @param x the input
     * @param axis the axis; negative counts from the end
     * @return the log-probabilities
     * @throws dev.nabla.graph.ShapeException if the axis is out of range
     */
    public static Node logSoftmax(Node x, int axis) {
        return Sigmoids.logSoftmax("log_softmax", x, axis);
    }
}
