// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;

/**
 * Every activation in one list, for callers who want to find them all in one class: each method
 * here is a one-line reference to the method that defines the activation and documents its
 * formula, parameters and exceptions, in the class of its family ({@link Rectifiers},
 * {@link Sigmoids}, {@link SmoothUnits}, {@link Waves}). The two calls build the same nodes.
 * Metadata (range, continuity, monotonicity) is in {@link ActivationCatalog}; layers are in
 * {@link ActivationLayers}.
 *
 * <p>Usage: {@code Node h = Activations.elu(x.matmul(w), 1.0);}
 */
public final class Activations {
    /** SELU's lambda, {@link Rectifiers#SELU_LAMBDA}. */
    public static final double SELU_LAMBDA = Rectifiers.SELU_LAMBDA;
    /** SELU's alpha, {@link Rectifiers#SELU_ALPHA}. */
    public static final double SELU_ALPHA = Rectifiers.SELU_ALPHA;

    private Activations() {}

    /** The identity, defined at {@link Rectifiers#identity(Node)}. */
    public static Node identity(Node x) {
        return Rectifiers.identity(x);
    }

    /** The binary step, defined at {@link Rectifiers#binaryStep(Node)}. */
    public static Node binaryStep(Node x) {
        return Rectifiers.binaryStep(x);
    }

    /** The logistic sigmoid, defined at {@link Sigmoids#sigmoid(Node)}. */
    public static Node sigmoid(Node x) {
        return Sigmoids.sigmoid(x);
    }

    /** The hyperbolic tangent, defined at {@link Sigmoids#tanh(Node)}. */
    public static Node tanh(Node x) {
        return Sigmoids.tanh(x);
    }

    /** The arctangent, defined at {@link Sigmoids#arctan(Node)}. */
    public static Node arctan(Node x) {
        return Sigmoids.arctan(x);
    }

    /** The inverse hyperbolic sine, defined at {@link Sigmoids#arsinh(Node)}. */
    public static Node arsinh(Node x) {
        return Sigmoids.arsinh(x);
    }

    /** Softsign, defined at {@link Sigmoids#softsign(Node)}. */
    public static Node softsign(Node x) {
        return Sigmoids.softsign(x);
    }

    /** The inverse square root unit, defined at {@link Sigmoids#isru(Node, double)}. */
    public static Node isru(Node x, double alpha) {
        return Sigmoids.isru(x, alpha);
    }

    /** The inverse square root linear unit, defined at {@link Rectifiers#isrlu(Node, double)}. */
    public static Node isrlu(Node x, double alpha) {
        return Rectifiers.isrlu(x, alpha);
    }

    /** The square nonlinearity, defined at {@link Sigmoids#sqnl(Node)}. */
    public static Node sqnl(Node x) {
        return Sigmoids.sqnl(x);
    }

    /** ReLU, defined at {@link Rectifiers#relu(Node)}. */
    public static Node relu(Node x) {
        return Rectifiers.relu(x);
    }

    /** The bipolar ReLU, defined at {@link Rectifiers#brelu(Node)}. */
    public static Node brelu(Node x) {
        return Rectifiers.brelu(x);
    }

    /** Leaky ReLU with slope 0.01, defined at {@link Rectifiers#leakyRelu(Node)}. */
    public static Node leakyRelu(Node x) {
        return Rectifiers.leakyRelu(x);
    }

    /** Leaky ReLU, defined at {@link Rectifiers#leakyRelu(Node, double)}. */
    public static Node leakyRelu(Node x, double slope) {
        return Rectifiers.leakyRelu(x, slope);
    }

    /** The parametric ReLU, defined at {@link Rectifiers#prelu(Node, Node)}. */
    public static Node prelu(Node x, Node alpha) {
        return Rectifiers.prelu(x, alpha);
    }

    /** The randomized leaky ReLU, defined at {@link Rectifiers#rrelu(Node, double, double, Node, long)}. */
    public static Node rrelu(Node x, double lower, double upper, Node training, long seed) {
        return Rectifiers.rrelu(x, lower, upper, training, seed);
    }

    /** ELU, defined at {@link Rectifiers#elu(Node, double)}. */
    public static Node elu(Node x, double alpha) {
        return Rectifiers.elu(x, alpha);
    }

    /** SELU, defined at {@link Rectifiers#selu(Node)}. */
    public static Node selu(Node x) {
        return Rectifiers.selu(x);
    }

    /** The S-shaped ReLU, defined at {@link Rectifiers#srelu(Node, Node, Node, Node, Node)}. */
    public static Node srelu(Node x, Node t1, Node a1, Node t2, Node a2) {
        return Rectifiers.srelu(x, t1, a1, t2, a2);
    }

    /** The adaptive piecewise linear unit, defined at {@link Rectifiers#apl(Node, Node, Node)}. */
    public static Node apl(Node x, Node a, Node b) {
        return Rectifiers.apl(x, a, b);
    }

    /** Softplus, defined at {@link SmoothUnits#softplus(Node)}. */
    public static Node softplus(Node x) {
        return SmoothUnits.softplus(x);
    }

    /** The bent identity, defined at {@link SmoothUnits#bentIdentity(Node)}. */
    public static Node bentIdentity(Node x) {
        return SmoothUnits.bentIdentity(x);
    }

    /** SiLU (swish-1), defined at {@link SmoothUnits#silu(Node)}. */
    public static Node silu(Node x) {
        return SmoothUnits.silu(x);
    }

    /** The soft exponential, defined at {@link SmoothUnits#softExponential(Node, Node)}. */
    public static Node softExponential(Node x, Node alpha) {
        return SmoothUnits.softExponential(x, alpha);
    }

    /** Soft clipping, defined at {@link Sigmoids#softClipping(Node, double)}. */
    public static Node softClipping(Node x, double alpha) {
        return Sigmoids.softClipping(x, alpha);
    }

    /** The sinusoid, defined at {@link Waves#sinusoid(Node)}. */
    public static Node sinusoid(Node x) {
        return Waves.sinusoid(x);
    }

    /** Sinc, defined at {@link Waves#sinc(Node)}. */
    public static Node sinc(Node x) {
        return Waves.sinc(x);
    }

    /** The Gaussian, defined at {@link Waves#gaussian(Node)}. */
    public static Node gaussian(Node x) {
        return Waves.gaussian(x);
    }

    /** GELU, defined at {@link SmoothUnits#gelu(Node)}. */
    public static Node gelu(Node x) {
        return SmoothUnits.gelu(x);
    }

    /** GELU's tanh approximation, defined at {@link SmoothUnits#geluTanh(Node)}. */
    public static Node geluTanh(Node x) {
        return SmoothUnits.geluTanh(x);
    }

    /** Mish, defined at {@link SmoothUnits#mish(Node)}. */
    public static Node mish(Node x) {
        return SmoothUnits.mish(x);
    }

    /** The hard sigmoid, defined at {@link Sigmoids#hardSigmoid(Node)}. */
    public static Node hardSigmoid(Node x) {
        return Sigmoids.hardSigmoid(x);
    }

    /** Hard swish, defined at {@link SmoothUnits#hardSwish(Node)}. */
    public static Node hardSwish(Node x) {
        return SmoothUnits.hardSwish(x);
    }

    /** Softmax along an axis, defined at {@link Sigmoids#softmax(Node, int)}. */
    public static Node softmax(Node x, int axis) {
        return Sigmoids.softmax(x, axis);
    }

    /** Log-softmax along an axis, defined at {@link Sigmoids#logSoftmax(Node, int)}. */
    public static Node logSoftmax(Node x, int axis) {
        return Sigmoids.logSoftmax(x, axis);
    }
}
