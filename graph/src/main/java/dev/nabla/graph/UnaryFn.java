// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.Grads.mul;

import dev.nabla.graph.kernel.Elementwise;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.Erf;

/**
 * The elementwise unary primitives: one row per op, holding its scalar kernel and its derivative
 * rule {@code (x, y, g) -> cotangent of x}, where {@code y} is the op's output (reused where that
 * is cheaper, as for exp) and {@code g} the cotangent of {@code y}.
 *
 * <p>Usage: {@code x.apply(UnaryFn.TANH)} or the fluent {@code x.tanh()}.
 */
public enum UnaryFn {
    NEG(x -> -x, (x, y, g) -> Grads.neg(g)),
    EXP(Math::exp, (x, y, g) -> mul(g, y)),
    LOG(Math::log, (x, y, g) -> mul(g, x.recip())),
    SIN(Math::sin, (x, y, g) -> mul(g, x.cos())),
    COS(Math::cos, (x, y, g) -> Grads.neg(mul(g, x.sin()))),
    SQRT(Math::sqrt, (x, y, g) -> mul(g, y.recip().mul(0.5))),
    RECIP(x -> 1.0 / x, (x, y, g) -> Grads.neg(mul(g, y.square()))),
    // Flat almost everywhere: explicitly no gradient.
    SIGN(Math::signum, (x, y, g) -> Grads.NONE),
    // The kink at 0 gets sign(0) = 0, the subgradient PyTorch and JAX pick too.
    ABS(Math::abs, (x, y, g) -> mul(g, Ops.unary(SIGN, x))),
    // tanh is a primitive, not sigmoid-based: the composite loses digits near 0 and costs four ops.
    TANH(UnaryFn::tanh, (x, y, g) -> mul(g, y.square().neg().add(1.0))),
    LOG1P(Math::log1p, (x, y, g) -> mul(g, x.add(1.0).recip())),
    EXPM1(Math::expm1, (x, y, g) -> mul(g, y.add(1.0))),
    ERF(Erf::value, (x, y, g) -> mul(g, x.square().neg().exp().mul(2.0 / Math.sqrt(Math.PI)))),
    // A primitive because the composite 1 / (1 + exp(-x)) has a 0 * inf = NaN derivative for
    // x below about -710; this kernel never overflows and the rule reuses the output.
    SIGMOID(UnaryFn::sigmoid, (x, y, g) -> mul(g, y.mul(y.neg().add(1.0)))),
    // No composite of the other rows gives the arctangent.
    ATAN(Math::atan, (x, y, g) -> mul(g, x.square().add(1.0).recip())),
    // log(1 + e^x) as a primitive: the stable composite max(x, 0) + log1p(e^-|x|) has kinks that
    // cancel in value but leave autodiff a second derivative of 0 at x = 0 (the truth is 1/4).
    SOFTPLUS(x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), (x, y, g) -> mul(g, Ops.unary(SIGMOID, x)));

    /**
     * tanh: Java 17's Math.tanh is fdlibm in Java, about 30 ns. From 0.5 on, one exp (an
     * intrinsic); above 19.1 the exp's rounding leaves exactly 1, as Math.tanh gives. Below 0.5,
     * where 1 - 2/(e+1) would cancel, the Taylor series to x^33 (its terms shrink tenfold per
     * order there, so the truncation is under 1e-16 relative), instead of expm1, which is a native
     * call here; plain multiply-adds, so every machine gives the same bits. Within 3 ulp of
     * Math.tanh (UnaryFnAccuracyTest).
     */
    private static double tanh(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.5) {
            double t = ax * ax;
            double p = ((((((((((((((T33 * t + T31) * t + T29) * t + T27) * t + T25) * t + T23) * t + T21) * t + T19)
                    * t + T17) * t + T15) * t + T13) * t + T11) * t + T9) * t + T7) * t + T5) * t + T3;
            r = ax + ax * t * p;
        } else {
            r = 1 - 2 / (Math.exp(2 * ax) + 1);
        }
        return Math.copySign(r, x);
    }

    // tanh's Taylor coefficients 2^2n (2^2n - 1) B_2n / (2n)! of x^3 .. x^33.
    private static final double T3 = -0.3333333333333333;
    private static final double T5 = 0.13333333333333333;
    private static final double T7 = -0.05396825396825397;
    private static final double T9 = 0.021869488536155203;
    private static final double T11 = -0.008863235529902197;
    private static final double T13 = 0.003592128036572481;
    private static final double T15 = -0.0014558343870513183;
    private static final double T17 = 0.000590027440945586;
    private static final double T19 = -0.00023912911424355248;
    private static final double T21 = 9.691537956929451e-05;
    private static final double T23 = -3.927832388331683e-05;
    private static final double T25 = 1.5918905069328964e-05;
    private static final double T27 = -6.451689215655431e-06;
    private static final double T29 = 2.6147711512907546e-06;
    private static final double T31 = -1.0597268320104654e-06;
    private static final double T33 = 4.294911078273806e-07;

    /**
     * 1 / (1 + e) for x >= 0 and e / (1 + e) below, with e = exp(-|x|), so exp never overflows;
     * the side is chosen by the sign bit rather than a branch, which a coin-flip sign mispredicts
     * (16.2 against 12.5 ns an element on normal samples).
     */
    private static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        double s = 1.0 / (1.0 + e);
        long negative = Double.doubleToRawLongBits(x) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(e * s) & negative)
                | (Double.doubleToRawLongBits(s) & ~negative));
    }

    final DoubleUnaryOperator kernel;
    final Elementwise.Map1 loop;
    final Vjp vjp;

    UnaryFn(DoubleUnaryOperator kernel, Vjp vjp) {
        this.kernel = kernel;
        this.loop = Elementwise.unary(kernel);
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
