// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import java.util.function.UnaryOperator;

/**
 * One row of {@link ActivationCatalog} as it is written down: the name, formula and function, then
 * every property set by name, so a row reads like a line of the lecture's table. {@link #info()}
 * refuses a row with a property left unset, so no row can lose a column silently.
 */
final class CatalogRow {
    private final String name;
    private final String formula;
    private final UnaryOperator<Node> fn;
    private End low;
    private End high;
    private Integer continuity;
    private Boolean monotonic;
    private Boolean monotonicDerivative;
    private Boolean identityNearOrigin;

    /** One end of a range: its value, and whether some input reaches it. */
    record End(double value, boolean included) {}

    private CatalogRow(String name, String formula, UnaryOperator<Node> fn) {
        this.name = name;
        this.formula = formula;
        this.fn = fn;
    }

    /**
     * Starts a catalog row, to be completed with the builder methods.
     *
     * @return a row with nothing but its name, plain-text formula and function set
     */
    static CatalogRow row(String name, String formula, UnaryOperator<Node> fn) {
        return new CatalogRow(name, formula, fn);
    }

    /**
     * Makes an end of a range that the function attains.
     *
     * @return an end of the range that some input reaches
     */
    static End closed(double value) {
        return new End(value, true);
    }

    /**
     * Makes an end of a range that the function approaches but does not attain.
     *
     * @return an end of the range that no input reaches (an asymptote, or infinity)
     */
    static End open(double value) {
        return new End(value, false);
    }

    /**
     * Sets the range of the function's values.
     *
     * @return this row with the infimum and supremum of its values
     */
    CatalogRow range(End infimum, End supremum) {
        low = infimum;
        high = supremum;
        return this;
    }

    /**
     * Sets how many times the function is continuously differentiable.
     *
     * @return this row with its order of continuity: -1, 0, 1, ... or {@link ActivationInfo#SMOOTH}
     */
    CatalogRow continuity(int order) {
        continuity = order;
        return this;
    }

    /**
     * Sets whether the function is monotonic.
     *
     * @return this row, saying whether the function is monotonic
     */
    CatalogRow monotonic(boolean is) {
        monotonic = is;
        return this;
    }

    /**
     * Sets whether the function's derivative is monotonic.
     *
     * @return this row, saying whether the derivative is monotonic where it exists
     */
    CatalogRow monotonicDerivative(boolean is) {
        monotonicDerivative = is;
        return this;
    }

    /**
     * Sets whether the function approximates the identity near the origin.
     *
     * @return this row, saying whether {@code f(0) = 0} and {@code f'(0) = 1}
     */
    CatalogRow identityNearOrigin(boolean is) {
        identityNearOrigin = is;
        return this;
    }

    /**
     * Finishes the row, failing if a property was left unset.
     *
     * @return the finished row, checked by {@link ActivationInfo}
     */
    ActivationInfo info() {
        if (low == null || high == null || continuity == null || monotonic == null || monotonicDerivative == null
                || identityNearOrigin == null) {
            throw new IllegalStateException("ActivationCatalog row \"" + name + "\": range, continuity, monotonic, "
                    + "monotonicDerivative and identityNearOrigin must all be set");
        }
        return new ActivationInfo(name, formula, fn, low.value(), low.included(), high.value(), high.included(),
                continuity, monotonic, monotonicDerivative, identityNearOrigin);
    }
}
