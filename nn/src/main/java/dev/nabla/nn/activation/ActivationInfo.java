// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import java.util.function.UnaryOperator;

/**
 * One row of the activation table: a function with its true mathematical properties, at fixed
 * parameter values. Functions of a vector (softmax) are described as a function of one entry
 * with the others held fixed.
 *
 * <p>Usage: {@code ActivationInfo elu = ActivationCatalog.get("elu"); Node y = elu.fn().apply(x); elu.continuity();}
 *
 * @param name lower-case snake_case, such as {@code leaky_relu}
 * @param formula the formula in plain text, with the parameter values used
 * @param fn the function on nodes
 * @param rangeLow the infimum of the values ({@code -inf} if unbounded)
 * @param lowIncluded whether some input reaches {@code rangeLow}
 * @param rangeHigh the supremum of the values ({@code inf} if unbounded)
 * @param highIncluded whether some input reaches {@code rangeHigh}
 * @param continuity the order of continuity: -1 for discontinuous, 0 for C^0, 1 for C^1, ...,
 *     {@link Integer#MAX_VALUE} for C^inf
 * @param monotonic whether the function is monotonic
 * @param monotonicDerivative whether its derivative is monotonic (where it exists)
 * @param identityNearOrigin whether {@code f(0) = 0} and {@code f'(0) = 1}, so that {@code f(x) ~ x} near 0
 */
public record ActivationInfo(String name, String formula, UnaryOperator<Node> fn, double rangeLow, boolean lowIncluded,
        double rangeHigh, boolean highIncluded, int continuity, boolean monotonic, boolean monotonicDerivative,
        boolean identityNearOrigin) {
    /** Order of continuity of infinitely differentiable functions. */
    public static final int SMOOTH = Integer.MAX_VALUE;

    /** Checks the fields. */
    public ActivationInfo {
        Arguments.requireNonNulls("ActivationInfo", "name", name, "formula", formula, "fn", fn);
        if (name == null || !name.matches("[a-z][a-z0-9_]*") || formula == null || fn == null) {
            throw new NablaException("ActivationInfo: needs a snake_case name, a formula and a function, got " + name);
        }
        if (Double.isNaN(rangeLow) || Double.isNaN(rangeHigh) || rangeLow > rangeHigh || continuity < -1
                || lowIncluded && Double.isInfinite(rangeLow) || highIncluded && Double.isInfinite(rangeHigh)) {
            throw new NablaException("ActivationInfo \"" + name + "\": bad range [" + rangeLow + ", " + rangeHigh
                    + "] or continuity " + continuity + "; an infinite end cannot be included");
        }
    }
}
