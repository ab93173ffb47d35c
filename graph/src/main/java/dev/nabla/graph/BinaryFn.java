// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.function.DoubleBinaryOperator;

/**
 * The elementwise binary primitives; both operands have the output's shape (the fluent front end
 * broadcasts first). Subtraction and division are composites of these.
 *
 * <p>Usage: {@code a.add(b)}, {@code a.pow(b)}.
 */
public enum BinaryFn {
    ADD(Double::sum),
    MUL((a, b) -> a * b),
    // Math.max returns NaN if either operand is NaN, so a NaN is never hidden.
    MAX(Math::max),
    POW(Math::pow);

    final DoubleBinaryOperator kernel;

    BinaryFn(DoubleBinaryOperator kernel) {
        this.kernel = kernel;
    }

    /**
     * Applies the scalar kernel, for references and tests.
     *
     * @param a the left operand
     * @param b the right operand
     * @return the result
     */
    public double apply(double a, double b) {
        return kernel.applyAsDouble(a, b);
    }
}
