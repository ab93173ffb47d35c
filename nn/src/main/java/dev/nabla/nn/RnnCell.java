// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * The plain (Elman) recurrent cell with tanh, one step as PyTorch's {@code nn.RNNCell} computes
 * it: {@code h' = tanh(x W_ih + b_ih + h W_hh + b_hh)}, with {@code W_ih} PyTorch's
 * {@code weight_ih_l0} transposed ({@link CellWeights}). Its gradient through many steps is a
 * product of as many Jacobians, which is why it forgets, and explodes with large recurrent weights.
 * Usage: {@code Recurrent.of(RnnCell.of(3, 16))}
 *
 * @param wih input-to-hidden weights {@code [in, H]}
 * @param whh hidden-to-hidden weights {@code [H, H]}
 * @param bih input-to-hidden bias {@code [H]}
 * @param bhh hidden-to-hidden bias {@code [H]}
 */
public record RnnCell(Param wih, Param whh, Param bih, Param bhh) implements RecurrentCell<Node> {
    /** Checks that the params fit each other. */
    public RnnCell {
        Cells.checkParams("RnnCell", 1, wih, whh, bih, bhh);
    }

    /**
     * A tanh RNN cell with PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every param.
     *
     * @param in the input size
     * @param hidden the hidden size H
     * @return the cell, its params named {@code rnn/...} until placed
     * @throws dev.nabla.graph.NablaException if a size is below 1
     */
    public static RnnCell of(int in, int hidden) {
        Param[] p = Cells.params("RnnCell", in, hidden, 1);
        return new RnnCell(p[0], p[1], p[2], p[3]);
    }

    @Override
    public Node step(Node x, Node h, CellWeights w) {
        String where = "RnnCell.step";
        Arguments.requireNonNulls(where, "x", x, "h", h, "w", w);
        Cells.checkStep(where, this, x, h);
        Cells.checkWeights(where, this, w);
        return x.matmul(w.wih()).add(w.bih()).add(h.matmul(w.whh()).add(w.bhh())).tanh();
    }

    @Override
    public Node zeros(Node x) {
        return Cells.zeros("RnnCell.zeros", this, x);
    }

    @Override
    public Node hidden(Node h) {
        return Arguments.requireNonNull("RnnCell.hidden", "h", h);
    }

    @Override
    public RnnCell named(String name) {
        Arguments.requireNonNull("RnnCell.named", "name", name);
        return new RnnCell(wih.under(name), whh.under(name), bih.under(name), bhh.under(name));
    }

    @Override
    public String kind() {
        return "rnn";
    }
}
