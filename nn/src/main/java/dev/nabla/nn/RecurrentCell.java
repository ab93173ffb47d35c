// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import java.util.List;

/**
 * One step of a recurrent network, {@code (x_t [N, in], state) -> state'}, built from graph ops
 * so it differentiates twice; {@link Recurrent} unrolls it over a sequence.
 *
 * <p>A cell owns four params laid out as {@link CellWeights} describes (PyTorch's gate order, its
 * weights transposed), drawn from PyTorch's {@code U(-1/sqrt(H), 1/sqrt(H))}. Usage:
 * <pre>{@code
 * LstmCell cell = LstmCell.of(3, 8);
 * CellWeights w = cell.weights(ctx);
 * LstmState s = cell.step(x0, cell.zeros(x0), w);
 * }</pre>
 *
 * @param <S> the state: a node {@code h [N, H]}, or {@link LstmState} for an LSTM
 */
public interface RecurrentCell<S> {
    /**
     * Returns the input-to-hidden weights.
     *
     * @return input-to-hidden weights {@code [in, G*H]}
     */
    Param wih();

    /**
     * Returns the hidden-to-hidden weights.
     *
     * @return hidden-to-hidden weights {@code [H, G*H]}
     */
    Param whh();

    /**
     * Returns the input-to-hidden bias.
     *
     * @return input-to-hidden bias {@code [G*H]}
     */
    Param bih();

    /**
     * Returns the hidden-to-hidden bias.
     *
     * @return hidden-to-hidden bias {@code [G*H]}
     */
    Param bhh();

    /**
     * Computes one step.
     *
     * @param x the input at this step {@code [N, in]}
     * @param state the state after the previous step, each part {@code [N, H]}
     * @param w the weights, shaped as this cell's params
     * @return the state after this step
     * @throws dev.nabla.graph.NablaException if an argument is null or a shape is not what the cell takes
     */
    S step(Node x, S state, CellWeights w);

    /**
     * The state before the first step: zeros, as PyTorch starts when given no state.
     *
     * @param x an input step {@code [N, in]}, whose batch size (known or not) the zeros take
     * @return the zero state, each part {@code [N, H]}
     */
    S zeros(Node x);

    /**
     * Picks the hidden state, the part a recurrent layer outputs at each step.
     *
     * @param state a state of this cell
     * @return its hidden state {@code [N, H]}
     */
    Node hidden(S state);

    /**
     * The same cell with its params named under {@code name} ({@code lstm_1/W_ih}).
     *
     * @param name the cell's place in the model
     * @return the renamed cell
     */
    RecurrentCell<S> named(String name);

    /**
     * Names the kind of cell, used to name a recurrent layer by place.
     *
     * @return the short kind, such as {@code lstm}
     */
    String kind();

    /**
     * Reads the width of the inputs this cell takes.
     *
     * @return the input size {@code in}
     */
    default int inputSize() {
        return wih().shape().dim(0);
    }

    /**
     * Reads the width of the hidden state.
     *
     * @return the hidden size {@code H}
     */
    default int hiddenSize() {
        return whh().shape().dim(0);
    }

    /**
     * Lists the four params, in {@link CellWeights}'s order.
     *
     * @return {@code wih, whh, bih, bhh}
     */
    default List<Param> params() {
        return List.of(wih(), whh(), bih(), bhh());
    }

    /**
     * This cell's param nodes in a context's graph.
     *
     * @param ctx the context
     * @return the weights to step with
     */
    default CellWeights weights(Context ctx) {
        Arguments.requireNonNull(kind() + ".weights", "ctx", ctx);
        return new CellWeights(ctx.param(wih()), ctx.param(whh()), ctx.param(bih()), ctx.param(bhh()));
    }
}
