// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;

/**
 * A gated recurrent unit (Cho et al., 2014), one step as PyTorch's {@code nn.GRUCell} computes it:
 * <pre>
 * r = sigmoid(x W_ir + b_ir + h W_hr + b_hr)      z = sigmoid(x W_iz + b_iz + h W_hz + b_hz)
 * n = tanh(x W_in + b_in + r * (h W_hn + b_hn))   h' = (1 - z) * n + z * h
 * </pre>
 * The reset gate multiplies {@code h W_hn + b_hn}, bias included, which is why the two biases are
 * kept apart. The gates sit in the columns of the weights in PyTorch's order r, z, n
 * ({@link CellWeights}), so {@code W_ih} here is PyTorch's {@code weight_ih_l0} transposed.
 * Usage: {@code Recurrent.of(GruCell.of(3, 16))}
 *
 * @param wih input-to-hidden weights {@code [in, 3H]}
 * @param whh hidden-to-hidden weights {@code [H, 3H]}
 * @param bih input-to-hidden bias {@code [3H]}
 * @param bhh hidden-to-hidden bias {@code [3H]}
 */
public record GruCell(Param wih, Param whh, Param bih, Param bhh) implements RecurrentCell<Node> {
    private static final int GATES = 3;

    /** Checks that the params fit each other. */
    public GruCell {
        Cells.checkParams("GruCell", GATES, wih, whh, bih, bhh);
    }

    /**
     * A GRU cell with PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every param.
     *
     * @param in the input size
     * @param hidden the hidden size H
     * @return the cell, its params named {@code gru/...} until placed
     * @throws dev.nabla.graph.NablaException if a size is below 1
     */
    public static GruCell of(int in, int hidden) {
        Param[] p = Cells.params("GruCell", in, hidden, GATES);
        return new GruCell(p[0], p[1], p[2], p[3]);
    }

    @Override
    public Node step(Node x, Node h, CellWeights w) {
        String where = "GruCell.step";
        Arguments.requireNonNulls(where, "x", x, "h", h, "w", w);
        Cells.checkStep(where, this, x, h);
        Cells.checkWeights(where, this, w);
        int n = hiddenSize();
        Node gi = x.matmul(w.wih()).add(w.bih());
        Node gh = h.matmul(w.whh()).add(w.bhh());
        Node r = Cells.gate(gi, 0, n).add(Cells.gate(gh, 0, n)).sigmoid();
        Node z = Cells.gate(gi, 1, n).add(Cells.gate(gh, 1, n)).sigmoid();
        Node candidate = Cells.gate(gi, 2, n).add(r.mul(Cells.gate(gh, 2, n))).tanh();
        // (1 - z) n + z h written as n + z (h - n): one multiply fewer, the same function.
        return candidate.add(z.mul(h.sub(candidate)));
    }

    @Override
    public Node zeros(Node x) {
        return Cells.zeros("GruCell.zeros", this, x);
    }

    @Override
    public Node hidden(Node h) {
        return Arguments.requireNonNull("GruCell.hidden", "h", h);
    }

    @Override
    public GruCell named(String name) {
        Arguments.requireNonNull("GruCell.named", "name", name);
        return new GruCell(wih.under(name), whh.under(name), bih.under(name), bhh.under(name));
    }

    @Override
    public String kind() {
        return "gru";
    }
}
