// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.diagnostics;

import dev.nabla.graph.Arguments;
import java.util.Locale;

/**
 * What one activation layer's outputs looked like over a data set.
 *
 * <p>Usage: {@code for (ActivationStats s : Diagnostics.activationStats(model, store, train)) System.out.println(s);}
 *
 * @param layer the layer's place in the model, such as {@code relu_2} (named as {@code Sequential.of} names layers)
 * @param activation the activation's name, such as {@code relu}
 * @param units the outputs per sample (the width of the layer)
 * @param samples the number of samples seen
 * @param deadFraction the share of units whose output was exactly 0 for every sample: dead ReLUs,
 *     never active over the data, which get no gradient and so never recover
 * @param saturatedFraction the share of (sample, unit) outputs on a flat tail under {@code saturation},
 *     averaged over samples and units; NaN when the rule is {@link Saturation#NONE}
 * @param saturation the rule used for {@code saturatedFraction}
 */
public record ActivationStats(String layer, String activation, int units, int samples, double deadFraction,
        double saturatedFraction, Saturation saturation) {
    /** Requires the names, the saturation rule, and counts of at least 0. */
    public ActivationStats {
        Arguments.requireNonNulls("ActivationStats", "layer", layer, "activation", activation, "saturation", saturation);
        Arguments.requireAtLeast("ActivationStats", "units", units, 0);
        Arguments.requireAtLeast("ActivationStats", "samples", samples, 0);
    }

    /**
     * Formats these statistics as one line of a report.
     *
     * @return one line: the layer, its width and both fractions
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-16s %-10s units %4d  dead %6.2f%%  saturated %s", layer, activation, units,
                100 * deadFraction, Double.isNaN(saturatedFraction) ? "n/a" : String.format(Locale.ROOT, "%6.2f%%",
                        100 * saturatedFraction));
    }
}
