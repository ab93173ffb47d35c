// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What running a cell over a sequence gives: every step's hidden state, and the last state to
 * continue from (or to classify with).
 *
 * <p>Usage: {@code RecurrentRun<LstmState> run = lstm.run(x, ctx); Node last = run.last().h();}
 *
 * @param outputs the hidden states of every step {@code [N, T, H]}
 * @param last the state after the last step
 * @param <S> the cell's state
 */
public record RecurrentRun<S>(Node outputs, S last) {
    /** Requires both parts. */
    public RecurrentRun {
        Arguments.requireNonNulls("RecurrentRun", "outputs", outputs, "last", last);
    }
}
