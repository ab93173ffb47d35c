// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * A long short-term memory cell (Hochreiter and Schmidhuber, 1997, with the forget gate of Gers
 * et al., 2000), one step as PyTorch's {@code nn.LSTMCell} computes it:
 * <pre>
 * i = sigmoid(x W_ii + b_ii + h W_hi + b_hi)     f = sigmoid(x W_if + b_if + h W_hf + b_hf)
 * g = tanh(x W_ig + b_ig + h W_hg + b_hg)        o = sigmoid(x W_io + b_io + h W_ho + b_ho)
 * c' = f * c + i * g                              h' = o * tanh(c')
 * </pre>
 * The gates sit in the columns of the weights in PyTorch's order i, f, g, o ({@link CellWeights}),
 * so {@code W_ih} here is PyTorch's {@code weight_ih_l0} transposed.
 * Usage: {@code Recurrent.of(LstmCell.of(3, 16))}
 *
 * @param wih input-to-hidden weights {@code [in, 4H]}
 * @param whh hidden-to-hidden weights {@code [H, 4H]}
 * @param bih input-to-hidden bias {@code [4H]}
 * @param bhh hidden-to-hidden bias {@code [4H]}
 */
public record LstmCell(Param wih, Param whh, Param bih, Param bhh) implements RecurrentCell<LstmState> {
    private static final int GATES = 4;

    /** Checks that the params fit each other. */
    public LstmCell {
        Cells.checkParams("LstmCell", GATES, wih, whh, bih, bhh);
    }

    /**
     * An LSTM cell with PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every param.
     *
     * @param in the input size
     * @param hidden the hidden size H
     * @return the cell, its params named {@code lstm/...} until placed
     * @throws dev.nabla.graph.NablaException if a size is below 1
     */
    public static LstmCell of(int in, int hidden) {
        Param[] p = Cells.params("LstmCell", in, hidden, GATES);
        return new LstmCell(p[0], p[1], p[2], p[3]);
    }

    @Override
    public LstmState step(Node x, LstmState state, CellWeights w) {
        String where = "LstmCell.step";
        Arguments.requireNonNulls(where, "x", x, "state", state, "w", w);
        Cells.checkStep(where, this, x, state.h(), state.c());
        Cells.checkWeights(where, this, w);
        int n = hiddenSize();
        Node pre = x.matmul(w.wih()).add(w.bih()).add(state.h().matmul(w.whh()).add(w.bhh()));
        Node i = Cells.gate(pre, 0, n).sigmoid();
        Node f = Cells.gate(pre, 1, n).sigmoid();
        Node g = Cells.gate(pre, 2, n).tanh();
        Node o = Cells.gate(pre, 3, n).sigmoid();
        Node c = f.mul(state.c()).add(i.mul(g));
        return new LstmState(o.mul(c.tanh()), c);
    }

    @Override
    public LstmState zeros(Node x) {
        Node z = Cells.zeros("LstmCell.zeros", this, x);
        return new LstmState(z, z);
    }

    @Override
    public Node hidden(LstmState state) {
        return Arguments.requireNonNull("LstmCell.hidden", "state", state).h();
    }

    @Override
    public LstmCell named(String name) {
        Arguments.requireNonNull("LstmCell.named", "name", name);
        return new LstmCell(wih.under(name), whh.under(name), bih.under(name), bhh.under(name));
    }

    @Override
    public String kind() {
        return "lstm";
    }
}
