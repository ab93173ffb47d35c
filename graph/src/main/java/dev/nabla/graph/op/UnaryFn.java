// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import static dev.nabla.graph.Cotangents.mul;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.FloatMath;
import dev.nabla.graph.kernel.ScalarMath;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.Erf;

/**
 * The elementwise unary primitives: one row per op, holding its scalar kernel and its derivative
 * rule {@code (x, y, g) -> cotangent of x}, where {@code y} is the op's output (reused where that
 * is cheaper, as for exp) and {@code g} the cotangent of {@code y}.
 *
 * <p>In a float32 graph a row computes what its float64 kernel's value rounds to, bit for bit,
 * except exp, tanh, sigmoid and erf, which run {@link FloatMath}'s float arithmetic at float32
 * speed, within 1 ulp of that value.
 *
 * <p>Usage: {@code Ops.unary(UnaryFn.TANH, x)} or the fluent {@code x.tanh()}.
 */
public enum UnaryFn {
    NEG(x -> -x, x -> -x, (x, y, g) -> Cotangents.neg(g)),
    EXP("exp", ScalarMath::exp, FloatMath::exp, (x, y, g) -> mul(g, y)),
    LOG(Math::log, (x, y, g) -> mul(g, x.recip())),
    SIN(Math::sin, (x, y, g) -> mul(g, x.cos())),
    COS(Math::cos, (x, y, g) -> Cotangents.neg(mul(g, x.sin()))),
    SQRT(Math::sqrt, (x, y, g) -> mul(g, y.recip().mul(0.5))),
    // float32's 1f / x is correctly rounded, so it equals the float64 quotient rounded.
    RECIP(x -> 1.0 / x, x -> 1f / x, (x, y, g) -> Cotangents.neg(mul(g, y.square()))),
    // Flat almost everywhere: explicitly no gradient.
    SIGN(Math::signum, Math::signum, (x, y, g) -> Cotangents.NONE),
    // The kink at 0 gets sign(0) = 0, the subgradient PyTorch and JAX pick too.
    ABS(Math::abs, Math::abs, (x, y, g) -> mul(g, Ops.unary(SIGN, x))),
    // tanh is a primitive, not sigmoid-based: the composite loses digits near 0 and costs four ops.
    TANH("tanh", ScalarMath::tanh, FloatMath::tanh, (x, y, g) -> mul(g, y.square().neg().add(1.0))),
    LOG1P(Math::log1p, (x, y, g) -> mul(g, x.add(1.0).recip())),
    EXPM1(Math::expm1, (x, y, g) -> mul(g, y.add(1.0))),
    ERF("erf", Erf::value, FloatMath::erf, (x, y, g) -> mul(g, x.square().neg().exp().mul(2.0 / Math.sqrt(Math.PI)))),
    // A primitive because the composite 1 / (1 + exp(-x)) has a 0 * inf = NaN derivative for
    // x below about -710; this kernel never overflows and the rule reuses the output.
    SIGMOID("sigmoid", ScalarMath::sigmoid, FloatMath::sigmoid, (x, y, g) -> mul(g, y.mul(y.neg().add(1.0)))),
    // No composite of the other rows gives the arctangent.
    ATAN(Math::atan, (x, y, g) -> mul(g, x.square().add(1.0).recip())),
    // log(1 + e^x) as a primitive: the stable composite max(x, 0) + log1p(e^-|x|) has kinks that
    // cancel in value but leave autodiff a second derivative of 0 at x = 0 (the truth is 1/4).
    SOFTPLUS(x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), (x, y, g) -> mul(g, Ops.unary(SIGMOID, x)));

    final DoubleUnaryOperator kernel;
    final Elementwise.Map1 loop;
    final Vjp vjp;

    UnaryFn(DoubleUnaryOperator kernel, Vjp vjp) {
        this(kernel, null, vjp);
    }

    /** A row whose float32 form computes exactly the rounded float64 value without converting. */
    UnaryFn(DoubleUnaryOperator kernel, Elementwise.ExactFloat1 exact, Vjp vjp) {
        this.kernel = kernel;
        this.loop = Elementwise.unary(kernel, exact);
        this.vjp = vjp;
    }

    /**
     * A row with a float-native float32 kernel (one of {@link FloatMath}'s, within 1 ulp of the
     * float64 kernel's value rounded, not always equal to it), which a vector backend may run,
     * as it may run the float64 kernel when that is one of {@link ScalarMath}'s.
     */
    UnaryFn(String elementary, DoubleUnaryOperator kernel, Elementwise.NativeFloat1 float32, Vjp vjp) {
        this.kernel = kernel;
        this.loop = Elementwise.elementary(kernel, elementary, float32);
        this.vjp = vjp;
    }

    /** A unary derivative rule: x is the operand, y the output, g the cotangent of y. */
    @FunctionalInterface
    interface Vjp {
        Node apply(Node x, Node y, Node g);
    }

    /**
     * Applies the scalar kernel, for references and tests.
     *
     * @param x the operand
     * @return the result
     */
    public double apply(double x) {
        return kernel.applyAsDouble(x);
    }
}
