// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What {@link Transforms#adam} keeps for one param: Adam's step count and moment estimates.
 *
 * @param count the number of steps taken, a scalar (slot {@code adam_t})
 * @param mu the first-moment (mean) estimate of the gradient, shaped like the param (slot {@code adam_m})
 * @param nu the second-moment (uncentred variance) estimate, shaped like the param (slot {@code adam_v})
 */
public record AdamState(Node count, Node mu, Node nu) {
    /** Requires every node. */
    public AdamState {
        Arguments.requireNonNulls("AdamState", "count", count, "mu", mu, "nu", nu);
    }
}
