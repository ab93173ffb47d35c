// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static dev.nabla.nn.activation.Branches.c;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.UnaryFn;

/**
 * Softplus and the units built on it or shaped like it (SiLU, GELU, Mish, soft exponential,
 * bent identity, hard swish); see {@link Activations} for the formulas.
 */
final class SmoothUnits {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private SmoothUnits() {}

    /**
     * {@code relu(x) + log1p(exp(-|x|))}: exp never sees a positive number, so 1000 and -1000
     * neither overflow nor lose the gradient. {@code |x|} is {@code s x} with a gradient-free sign
     * {@code s} that is -1 at 0: with {@code relu'(0) = 0} that gives {@code softplus'(0) = 1/2}
     * and, since {@code s s = 1}, {@code softplus''(0) = 1/4}, as it must.
     */
    static Node softplus(Node x) {
        Branches.require("softplus", x);
        return Ops.unary(UnaryFn.SOFTPLUS, x);
    }

    /** {@code x^2 / (2 (sqrt(x^2 + 1) + 1)) + x}: the table's {@code (sqrt(x^2 + 1) - 1) / 2} without cancellation near 0. */
    static Node bentIdentity(Node x) {
        Node xx = Branches.require("bent_identity", x).square();
        return xx.div(xx.add(1.0).sqrt().add(1.0).mul(2.0)).add(x);
    }

    static Node silu(Node x) {
        return x.mul(Sigmoids.sigmoid(Branches.require("silu", x)));
    }

    /**
     * The three cases of Godfrey and Gashler (2015), each with safe arguments where it is not
     * picked. At {@code alpha = 0} the branch {@code x + alpha (1 + x^2/2)} has the value
     * {@code x} and the alpha-derivative {@code 1 + x^2/2} that both other branches tend to, so a
     * learned alpha starting at 0 still gets a gradient. (The second alpha-derivative differs on
     * the two sides of 0: the function is C^1, not C^2, in alpha there.) For {@code alpha < 0} the
     * function is defined only where {@code 1 - alpha (x + alpha) > 0}; elsewhere it is NaN.
     */
    static Node softExponential(Node x, Node alpha) {
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

    /** {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2}, the exact form of Hendrycks and Gimpel (2016). */
    static Node gelu(Node x) {
        Node erf = Ops.unary(UnaryFn.ERF, Branches.require("gelu", x).mul(SQRT_HALF));
        return erf.add(1.0).mul(x).mul(0.5);
    }

    static Node geluTanh(Node x) {
        Node cube = Branches.require("gelu_tanh", x).square().mul(x);
        Node inner = x.add(cube.mul(0.044715)).mul(SQRT_2_OVER_PI);
        return inner.tanh().add(1.0).mul(x).mul(0.5);
    }

    static Node mish(Node x) {
        return x.mul(softplus(Branches.require("mish", x)).tanh());
    }

    static Node hardSwish(Node x) {
        return x.mul(Sigmoids.hardSigmoid(Branches.require("hard_swish", x)));
    }
}
