// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static dev.nabla.nn.activation.Branches.c;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.op.UnaryFn;

/**
 * Softplus and the smooth units built on it or shaped like it (SiLU, GELU, Mish, soft exponential,
 * bent identity, hard swish), each defined here once; {@link Activations} lists them beside the
 * other families.
 *
 * <p>Usage: {@code Node h = SmoothUnits.gelu(x.matmul(w));}
 */
public final class SmoothUnits {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private SmoothUnits() {}

    /**
     * Softplus {@code ln(1 + e^x)}, a smooth ReLU, computed as {@code relu(x) + log1p(e^-|x|)}: finite at 1000 and
     * -1000. Usage: {@code SmoothUnits.softplus(x)}.
     *
     * <p>The primitive's exp never sees a positive number, so 1000 and -1000 neither overflow nor lose the gradient,
     * and its derivative is the sigmoid: {@code softplus'(0) = 1/2} and {@code softplus''(0) = 1/4}, as they must.
     *
     * @param x the input
     * @return softplus
     */
    public static Node softplus(Node x) {
        Branches.require("softplus", x);
        return Ops.unary(UnaryFn.SOFTPLUS, x);
    }

    /**
     * The bent identity {@code (sqrt(x^2 + 1) - 1) / 2 + x}, an identity bent upward on both sides.
     * Usage: {@code SmoothUnits.bentIdentity(x)}.
     *
     * <p>It is {@code x^2 / (2 (sqrt(x^2 + 1) + 1)) + x}: the same value without cancellation near 0.
     *
     * @param x the input
     * @return bent identity
     */
    public static Node bentIdentity(Node x) {
        Node xx = Branches.require("bent_identity", x).square();
        return xx.div(xx.add(1.0).sqrt().add(1.0).mul(2.0)).add(x);
    }

    /**
     * SiLU (swish-1) {@code x sigmoid(x)}, the input gated by its own sigmoid. Usage: {@code SmoothUnits.silu(x)}.
     *
     * @param x the input
     * @return SiLU
     */
    public static Node silu(Node x) {
        return x.mul(Sigmoids.sigmoid(Branches.require("silu", x)));
    }

    /**
     * The soft exponential (Godfrey and Gashler 2015), which a learned alpha moves between logarithm, identity and
     * exponential: {@code -ln(1 - alpha (x + alpha)) / alpha} for {@code alpha < 0}, {@code x} for {@code alpha = 0},
     * {@code (e^(alpha x) - 1) / alpha + alpha} for {@code alpha > 0}. For {@code alpha < 0} it is defined only where
     * {@code 1 - alpha (x + alpha) > 0} and is NaN elsewhere. Usage: {@code SmoothUnits.softExponential(x,
     * ctx.param(alpha))}.
     *
     * <p>Each case gets safe arguments where it is not picked. At {@code alpha = 0} the branch
     * {@code x + alpha (1 + x^2/2)} has the value {@code x} and the alpha-derivative {@code 1 + x^2/2} that both
     * other branches tend to, so a learned alpha starting at 0 still gets a gradient. (The second alpha-derivative
     * differs on the two sides of 0: the function is C^1, not C^2, in alpha there.)
     *
     * @param x the input
     * @param alpha shape {@code []} or {@code [C]}, usually learned
     * @return the soft exponential
     * @throws dev.nabla.graph.ShapeException if alpha has another shape
     */
    public static Node softExponential(Node x, Node alpha) {
        Branches.requireChannels("soft_exponential", Branches.require("soft_exponential", x), alpha, "alpha");
        Node zero = c(x, 0.0);
        Node negative = Ops.lt(alpha, zero);
        Node positive = Ops.gt(alpha, zero);
        Node an = Branches.when(negative, alpha, -1.0);
        Node arg = an.mul(x.add(an)).neg().add(1.0);
        Node inDomain = Branches.above(arg, 0.0);
        Node logBranch = Branches.when(inDomain, arg, 1.0).log().neg().div(an);
        Node fNegative = Ops.where(inDomain, logBranch, c(x, Double.NaN));
        Node ap = Branches.when(positive, alpha, 1.0);
        Node xp = Ops.where(positive, x, zero);
        Node fPositive = Ops.unary(UnaryFn.EXPM1, ap.mul(xp)).div(ap).add(ap);
        Node fZero = x.add(alpha.mul(x.square().mul(0.5).add(1.0)));
        return Ops.where(negative, fNegative, Ops.where(positive, fPositive, fZero));
    }

    /**
     * GELU {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}, the input weighted by the normal CDF, in the exact form of
     * Hendrycks and Gimpel (2016). Usage: {@code SmoothUnits.gelu(x)}.
     *
     * @param x the input
     * @return GELU
     */
    public static Node gelu(Node x) {
        Node erf = Ops.unary(UnaryFn.ERF, Branches.require("gelu", x).mul(SQRT_HALF));
        return erf.add(1.0).mul(x).mul(0.5);
    }

    /**
     * GELU's tanh approximation {@code x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2}, for matching models trained
     * with it. Usage: {@code SmoothUnits.geluTanh(x)}.
     *
     * @param x the input
     * @return approximate GELU
     */
    public static Node geluTanh(Node x) {
        Node cube = Branches.require("gelu_tanh", x).square().mul(x);
        Node inner = x.add(cube.mul(0.044715)).mul(SQRT_2_OVER_PI);
        return inner.tanh().add(1.0).mul(x).mul(0.5);
    }

    /**
     * Mish {@code x tanh(softplus(x))} (Misra 2019), a smooth self-gated unit like SiLU.
     * Usage: {@code SmoothUnits.mish(x)}.
     *
     * @param x the input
     * @return Mish
     */
    public static Node mish(Node x) {
        return x.mul(softplus(Branches.require("mish", x)).tanh());
    }

    /**
     * Hard swish {@code x relu6(x + 3) / 6} (Howard et al. 2019), SiLU with the sigmoid made piecewise linear.
     * Usage: {@code SmoothUnits.hardSwish(x)}.
     *
     * @param x the input
     * @return hard swish
     */
    public static Node hardSwish(Node x) {
        return x.mul(Sigmoids.hardSigmoid(Branches.require("hard_swish", x)));
    }
}
