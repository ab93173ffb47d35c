// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * What an {@link LstmCell} carries from one step to the next: the hidden state it outputs and
 * the cell state only it reads.
 *
 * <p>Usage: {@code LstmState s1 = lstm.step(x1, s0, w); Node out = s1.h();}
 *
 * @param h the hidden state {@code [N, H]}
 * @param c the cell state {@code [N, H]}
 */
public record LstmState(Node h, Node c) {
    /** Requires both nodes. */
    public LstmState {
        Arguments.requireNonNulls("LstmState", "h", h, "c", c);
    }
}
