// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What {@link Transforms#momentum} keeps for one param: the decaying sum of past updates.
 *
 * @param trace the momentum buffer, shaped like the param (slot {@code momentum})
 */
public record TraceState(Node trace) {
    /** Requires every node. */
    public TraceState {
        Arguments.requireNonNulls("TraceState", "trace", trace);
    }
}
