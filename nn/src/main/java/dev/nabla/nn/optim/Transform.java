// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import java.util.List;

/**
 * One optimizer building block (after optax): it turns the incoming updates of all params (at
 * first their gradients), its typed state {@code S} and the params into outgoing updates and the
 * next state. Every value is a graph node, so a whole optimizer step is part of the training
 * plan and can itself be printed or differentiated. Seeing every param at once lets a link such
 * as {@link Transforms#clipByGlobalNorm} compute one norm over all of them.
 *
 * <p>Usage: {@code Optimizer adam = Optimizer.of(Transforms.chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate()));}
 *
 * @param <S> the state, a record named by what it holds (such as {@link AdamState}), or a list of them, one per param
 */
public interface Transform<S> {
    /**
     * The state a step starts from, read through slots: non-trainable params named under each
     * param, so the state is saved and loaded with the model.
     *
     * @param slots the params being optimised, and where to keep state for them
     * @return the state, every node of it read from a slot
     */
    S init(Slots slots);

    /**
     * One step.
     *
     * @param updates the incoming updates, one per param and shaped like it
     * @param state the state {@link #init} read, or the previous link's result
     * @param step what every transform may read: the params' nodes and the learning rate
     * @return the outgoing updates, in the same order, and the next state
     */
    Update<S> update(List<Node> updates, S state, Step step);

    /**
     * The nodes of a state, in the order {@link #init} read their slots, so a step can write each
     * next value back to the slot it came from.
     *
     * @param state a state this transform made
     * @return its nodes
     */
    List<Node> nodes(S state);

    /**
     * A transform's result.
     *
     * @param updates the outgoing updates, one per param
     * @param state the next state
     * @param <S> the state's type
     */
    record Update<S>(List<Node> updates, S state) {
        /** Copies the updates. */
        public Update {
            updates = List.copyOf(Arguments.requireElements("Transform.Update", "updates", updates));
            Arguments.requireNonNull("Transform.Update", "state", state);
        }
    }

    /**
     * What a step may read besides the updates and the state.
     *
     * @param params the params' current values, in the order of the updates
     * @param learningRate the learning rate, a scalar input fed at each step
     */
    record Step(List<Node> params, Node learningRate) {
        /** Copies the params and requires the rate. */
        public Step {
            params = List.copyOf(Arguments.requireElements("Transform.Step", "params", params));
            Arguments.requireNonNull("Transform.Step", "learningRate", learningRate);
        }
    }
}
