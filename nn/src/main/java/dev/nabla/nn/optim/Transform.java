// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.nn.Param;
import java.util.List;

/**
 * One small gradient transformation (after optax): per param, it turns an incoming update
 * {@code u} (at first the gradient), its own state and the param into an outgoing update and
 * the next state. Every value is a graph node, so a whole optimizer step is part of the
 * training plan and can itself be printed or differentiated.
 *
 * <p>Usage: {@code Optimizer adam = Optimizer.chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate());}
 */
public interface Transform {
    /**
     * The state this transform keeps for one param: non-trainable params named under it.
     *
     * @param param the param being optimised
     * @return the state params, possibly none
     */
    List<Param> state(Param param);

    /**
     * One step.
     *
     * @param u the incoming update, shaped like the param
     * @param state the current state nodes, in the order {@link #state} gave
     * @param step what every transform may read: the param's node and the learning rate
     * @return the outgoing update and the next state, in the same order
     */
    Update update(Node u, List<Node> state, Step step);

    /**
     * A transform's result.
     *
     * @param u the outgoing update
     * @param state the next state nodes
     */
    record Update(Node u, List<Node> state) {
        /** Copies the state list. */
        public Update {
            Arguments.requireNonNull("Transform.Update", "u", u);
            state = List.copyOf(Arguments.requireElements("Transform.Update", "state", state));
        }
    }

    /**
     * The per-param context of a step.
     *
     * @param param the param's current value
     * @param learningRate the learning rate, a scalar input fed at each step
     */
    record Step(Node param, Node learningRate) {
        /** Requires both nodes. */
        public Step {
            Arguments.requireNonNulls("Transform.Step", "param", param, "learningRate", learningRate);
        }
    }
}
