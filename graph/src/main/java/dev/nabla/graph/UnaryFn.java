// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;

/**
 * The elementwise unary primitives: one row per op, holding its scalar kernel.
 *
 * <p>Usage: {@code x.apply(UnaryFn.TANH)} or the fluent {@code x.tanh()}.
 */
public enum UnaryFn {
    NEG(x -> -x),
    EXP(Math::exp),
    LOG(Math::log),
    SIN(Math::sin),
    COS(Math::cos),
    SQRT(Math::sqrt),
    RECIP(x -> 1.0 / x),
    ABS(Math::abs),
    // tanh is a primitive, not sigmoid-based: the composite loses digits near 0 and costs four ops.
    TANH(Math::tanh),
    SIGN(Math::signum),
    LOG1P(Math::log1p),
    EXPM1(Math::expm1),
    ERF(Erf::erf);

    final DoubleUnaryOperator kernel;

    UnaryFn(DoubleUnaryOperator kernel) {
        this.kernel = kernel;
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
