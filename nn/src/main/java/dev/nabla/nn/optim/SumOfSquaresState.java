// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What {@link Transforms#adagrad} keeps for one param: the running sum of squared updates.
 *
 * @param sumOfSquares the sum, shaped like the param (slot {@code adagrad_sum})
 */
public record SumOfSquaresState(Node sumOfSquares) {
    /** Requires every node. */
    public SumOfSquaresState {
        Arguments.requireNonNulls("SumOfSquaresState", "sumOfSquares", sumOfSquares);
    }
}
