// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.diagnostics;

import java.util.Locale;

/**
 * When an activation's output counts as saturated: on a flat tail, where its derivative is nearly
 * 0 and almost no gradient passes back.
 *
 * <p>Usage: {@code Saturation.forActivation("tanh").test(0.995) // true}
 */
public enum Saturation {
    /** The logistic sigmoid: saturated when {@code y < 0.01} or {@code y > 0.99}, where {@code y(1 - y) < 0.0099}. */
    SIGMOID,
    /** The hyperbolic tangent: saturated when {@code |y| > 0.99}, where {@code 1 - y^2 < 0.0199}. */
    TANH,
    /** No saturation rule (ReLU and its kin have no flat tail on the positive side). */
    NONE;

    /** The tolerance of both rules: outputs within this of an asymptote are saturated. */
    public static final double TOLERANCE = 0.01;

    /**
     * The rule for an activation by its name.
     *
     * @param name an activation's name, such as {@code sigmoid} (case ignored)
     * @return {@link #SIGMOID} for {@code sigmoid}, {@link #TANH} for {@code tanh}, else {@link #NONE}
     */
    public static Saturation forActivation(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "sigmoid", "logistic" -> SIGMOID;
            case "tanh" -> TANH;
            default -> NONE;
        };
    }

    /**
     * Tells whether an output is saturated under this rule.
     *
     * @param y an activation's output
     * @return true if it lies on a flat tail; always false for {@link #NONE}
     */
    public boolean test(double y) {
        return switch (this) {
            case SIGMOID -> y < TOLERANCE || y > 1 - TOLERANCE;
            case TANH -> Math.abs(y) > 1 - TOLERANCE;
            case NONE -> false;
        };
    }
}
