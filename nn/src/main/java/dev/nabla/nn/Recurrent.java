// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.op.CallSite;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent layer: a cell run over the time axis of {@code [N, T, in]}, unrolled into the graph
 * (one copy of the cell's nodes per step, so T must be known when the graph is built), giving
 * every step's hidden state {@code [N, T, H]}, as PyTorch's {@code nn.RNN}, {@code nn.GRU} and
 * {@code nn.LSTM} with {@code batch_first=True} and one layer.
 *
 * <p>The graph grows linearly with T: an LSTM's plan holds 28 nodes a step, 94 with its gradient
 * by the weights ({@code RecurrentUnrollingTest}), so a sequence of 500 steps compiles to some
 * 47,000 nodes. The outputs are joined by a balanced tree of concatenations: a concatenation is a
 * sum of zero-pads, so one flat concatenation of T parts adds T full-size pads ({@code N T^2 H}
 * work) where the tree copies each element {@code log T} times. Measured on an LSTM with T = 500
 * (forward and gradient, a loaded 2-core machine): 0.31 s a run against 1.0 s flat at N = 32,
 * H = 64; at N = 8, H = 16 the flat join was the faster, 55 against 82 ms, having fewer nodes.
 * Usage: {@code Sequential.of(Recurrent.of(LstmCell.of(3, 16)), ...)} (then pick the last step
 * with {@code y.slice(1, T - 1, T)}), or {@code Recurrent.of(cell).run(x, ctx).last()}.
 *
 * @param cell the cell run at each step
 * @param <S> the cell's state
 */
public record Recurrent<S>(RecurrentCell<S> cell) implements Layer {
    /** Requires the cell. */
    public Recurrent {
        Arguments.requireNonNull("Recurrent", "cell", cell);
    }

    /**
     * A recurrent layer over a cell.
     *
     * @param cell the cell, such as {@code LstmCell.of(3, 16)}
     * @param <S> the cell's state
     * @return the layer, named after the cell's kind until placed
     */
    public static <S> Recurrent<S> of(RecurrentCell<S> cell) {
        return new Recurrent<>(cell);
    }

    /**
     * Runs the cell from the zero state and returns every step's hidden state.
     *
     * @param x the sequences {@code [N, T, in]}, T known
     * @param ctx the context whose graph holds the params
     * @return the hidden states {@code [N, T, H]}
     */
    @Override
    public Node apply(Node x, Context ctx) {
        return run(x, ctx).outputs();
    }

    /**
     * Runs the cell from the zero state, with this layer's params.
     *
     * @param x the sequences {@code [N, T, in]}, T known
     * @param ctx the context whose graph holds the params
     * @return every step's hidden state {@code [N, T, H]} and the last state
     * @throws dev.nabla.graph.NablaException if an argument is null or x is not {@code [N, T, in]}
     */
    public RecurrentRun<S> run(Node x, Context ctx) {
        Arguments.requireNonNulls("Recurrent.run", "x", x, "ctx", ctx);
        checkSequences(x);
        return run(x, cell.zeros(step(x, 0)), cell.weights(ctx));
    }

    /**
     * Runs the cell from a given state with given weights: the form to differentiate by the
     * weights or the first state, or to continue a sequence.
     *
     * @param x the sequences {@code [N, T, in]}, T known
     * @param initial the state before the first step, each part {@code [N, H]}
     * @param w the weights, shaped as the cell's params
     * @return every step's hidden state {@code [N, T, H]} and the last state
     * @throws dev.nabla.graph.NablaException if an argument is null or a shape does not fit
     */
    public RecurrentRun<S> run(Node x, S initial, CellWeights w) {
        Arguments.requireNonNulls("Recurrent.run", "x", x, "initial", initial, "w", w);
        int steps = checkSequences(x);
        S state = initial;
        List<Node> outputs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            state = cell.step(step(x, t), state, w);
            Node h = cell.hidden(state);
            outputs.add(h.reshape(h.shape().dim(0), 1, cell.hiddenSize()));
        }
        return new RecurrentRun<>(joinTime(outputs, 0, steps), state);
    }

    @Override
    public List<Param> params() {
        return cell.params();
    }

    @Override
    public String kind() {
        return cell.kind();
    }

    @Override
    public Recurrent<S> named(String name) {
        Arguments.requireNonNull("Recurrent.named", "name", name);
        return new Recurrent<>(cell.named(name));
    }

    /** Checks x is {@code [N, T, in]} with T known and at least 1; returns T. */
    private int checkSequences(Node x) {
        Shape s = x.shape();
        if (s.rank() != 3 || s.dim(1) < 1 || s.dim(2) != cell.inputSize()) {
            throw ShapeException.of("Recurrent(" + cell.kind() + ")", List.of(x), "the sequences x are " + s
                    + ", expected [N, T, " + cell.inputSize() + "] (batch, time known when the graph is built, input"
                    + " size)", CallSite.capture());
        }
        return s.dim(1);
    }

    /** The input at step t, {@code [N, in]}. */
    private Node step(Node x, int t) {
        return x.slice(1, t, t + 1).reshape(x.shape().dim(0), cell.inputSize());
    }

    /** Joins steps [from, to) along time, halving the range so that each element is copied log T times. */
    private static Node joinTime(List<Node> steps, int from, int to) {
        if (to - from == 1) {
            return steps.get(from);
        }
        int mid = (from + to) >>> 1;
        return Indexing.concat(1, joinTime(steps, from, mid), joinTime(steps, mid, to));
    }
}
