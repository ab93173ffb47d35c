// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What {@link Transforms#rmsprop} keeps for one param: the moving average of squared updates.
 *
 * @param nu the average, shaped like the param (slot {@code rms})
 */
public record RmsState(Node nu) {
    /** Requires every node. */
    public RmsState {
        Arguments.requireNonNulls("RmsState", "nu", nu);
    }
}
