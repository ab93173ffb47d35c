// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.op.CallSite;
import java.util.List;

/** What the recurrent cells share: their params, the checks of their shapes, and gate slicing. */
final class Cells {
    private Cells() {}

    /**
     * A cell's four params, drawn as PyTorch draws them: every one from U(-k, k), k = 1/sqrt(H).
     *
     * @return {@code wih, whh, bih, bhh}, named {@code kind/W_ih} and so on until placed
     */
    static Param[] params(String cell, int in, int hidden, int gates) {
        if (in < 1 || hidden < 1) {
            throw new NablaException(cell + ".of: input and hidden sizes must be at least 1, got " + in + " and "
                    + hidden);
        }
        long width = (long) gates * hidden;
        if (width > Integer.MAX_VALUE / Math.max(in, hidden)) {
            throw new NablaException(cell + ".of: " + gates + " gates of hidden size " + hidden + " over inputs of "
                    + in + " make weights too large for one array");
        }
        double k = 1.0 / Math.sqrt(hidden);
        Init init = Init.uniform(-k, k);
        String kind = cell.toLowerCase(java.util.Locale.ROOT).replace("cell", "");
        int g = (int) width;
        return new Param[] {Param.of(kind + "/W_ih", Shape.of(in, g), init), Param.of(kind + "/W_hh", Shape.of(hidden, g), init),
            Param.of(kind + "/b_ih", Shape.of(g), init), Param.of(kind + "/b_hh", Shape.of(g), init)};
    }

    /** Checks that a cell's params fit each other: {@code [in, G*H]}, {@code [H, G*H]}, {@code [G*H]} twice. */
    static void checkParams(String cell, int gates, Param wih, Param whh, Param bih, Param bhh) {
        Arguments.requireNonNulls(cell, "wih", wih, "whh", whh, "bih", bih, "bhh", bhh);
        Shape a = wih.shape();
        Shape b = whh.shape();
        boolean fits = a.rank() == 2 && b.rank() == 2 && b.dim(1) == gates * b.dim(0) && a.dim(1) == b.dim(1)
                && bih.shape().equals(Shape.of(b.dim(1))) && bhh.shape().equals(Shape.of(b.dim(1)));
        if (!fits) {
            throw new NablaException(cell + ": params must be W_ih [in, " + gates + "*H], W_hh [H, " + gates
                    + "*H], b_ih and b_hh [" + gates + "*H], got " + a + ", " + b + ", " + bih.shape() + ", "
                    + bhh.shape());
        }
    }

    /** Checks the weight nodes of one step against the cell's params, so a wrong feed is named at once. */
    static void checkWeights(String where, RecurrentCell<?> cell, CellWeights w) {
        Arguments.requireNonNull(where, "w", w);
        List<Node> nodes = List.of(w.wih(), w.whh(), w.bih(), w.bhh());
        List<Param> params = cell.params();
        String[] names = {"wih", "whh", "bih", "bhh"};
        for (int i = 0; i < 4; i++) {
            if (!nodes.get(i).shape().equals(params.get(i).shape())) {
                throw ShapeException.of(where, nodes, "weight " + names[i] + " is " + nodes.get(i).shape()
                        + ", expected " + params.get(i).shape() + " (input size " + cell.inputSize() + ", hidden size "
                        + cell.hiddenSize() + ")", CallSite.capture());
            }
        }
    }

    /** Checks one step's input {@code [N, in]} and state parts {@code [N, H]}, naming the cell and both shapes. */
    static void checkStep(String where, RecurrentCell<?> cell, Node x, Node... state) {
        Arguments.requireNonNull(where, "x", x);
        Shape s = x.shape();
        if (s.rank() != 2 || s.dim(1) != cell.inputSize()) {
            throw ShapeException.of(where, List.of(x), "the input x is " + s + ", expected [N, " + cell.inputSize()
                    + "] (batch, input size)", CallSite.capture());
        }
        for (Node h : state) {
            Shape hs = h.shape();
            boolean batchAgrees = hs.rank() == 2 && (hs.dim(0) == s.dim(0) || hs.dim(0) == Shape.UNKNOWN
                    || s.dim(0) == Shape.UNKNOWN);
            if (!batchAgrees || hs.dim(1) != cell.hiddenSize()) {
                throw ShapeException.of(where, List.of(x, h), "the state " + h.label() + " is " + hs + ", expected ["
                        + (s.dim(0) == Shape.UNKNOWN ? "N" : s.dim(0)) + ", " + cell.hiddenSize()
                        + "] (the input's batch, hidden size) for the input " + s, CallSite.capture());
            }
        }
    }

    /** Gate {@code k} of a {@code [N, G*H]} pre-activation: its columns {@code [k*H, (k+1)*H)}. */
    static Node gate(Node pre, int k, int hidden) {
        return pre.slice(-1, k * hidden, (k + 1) * hidden);
    }

    /** Zeros {@code [N, H]} with the batch size of {@code x [N, in]}, known at build time or only at run time. */
    static Node zeros(String where, RecurrentCell<?> cell, Node x) {
        checkStep(where, cell, x);
        return Ops.zerosLike(x.slice(-1, 0, 1).expand(x.shape().dim(0), cell.hiddenSize()));
    }
}
