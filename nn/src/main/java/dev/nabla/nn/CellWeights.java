// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * The four weight nodes a recurrent cell computes one step with, so that a whole unrolled
 * sequence reads each param node once and a test can feed the weights as plain inputs.
 *
 * <p>Layout, for a cell of {@code G} gates and hidden size {@code H}: {@code wih} is
 * {@code [in, G*H]} and {@code whh} is {@code [H, G*H]} (PyTorch's {@code weight_ih_l0} and
 * {@code weight_hh_l0} transposed, so {@code x wih} is the usual {@code x W + b} of {@link Dense}),
 * {@code bih} and {@code bhh} are {@code [G*H]} (PyTorch's {@code bias_ih_l0} and
 * {@code bias_hh_l0}); gate {@code k} owns columns {@code [k*H, (k+1)*H)} in PyTorch's order.
 * Usage: {@code CellWeights w = cell.weights(ctx); LstmState s1 = cell.step(x1, s0, w);}
 *
 * @param wih input-to-hidden weights {@code [in, G*H]}
 * @param whh hidden-to-hidden weights {@code [H, G*H]}
 * @param bih input-to-hidden bias {@code [G*H]}
 * @param bhh hidden-to-hidden bias {@code [G*H]}
 */
public record CellWeights(Node wih, Node whh, Node bih, Node bhh) {
    /** Requires every node. */
    public CellWeights {
        Arguments.requireNonNulls("CellWeights", "wih", wih, "whh", whh, "bih", bih, "bhh", bhh);
    }
}
