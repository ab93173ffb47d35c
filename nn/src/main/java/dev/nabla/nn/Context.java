// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What layers build with: the graph, the train/eval switch, and the state updates layers ask
 * for (batch-norm running statistics). One graph serves training and evaluation: the switch is
 * an input, fed 1 to train and 0 to evaluate.
 *
 * <p>Usage: {@code Context ctx = Context.of(g); Node y = model.apply(x, ctx); plan.run(Map.of(x, batch, ctx.training(), Context.TRAIN));}
 */
public final class Context {
    /** The switch's value for training. */
    public static final Tensor TRAIN = Tensor.scalar(1.0);
    /** The switch's value for evaluation. */
    public static final Tensor EVAL = Tensor.scalar(0.0);

    private final Graph graph;
    private final Node training;
    private final Map<Node, Node> updates = new LinkedHashMap<>();

    private Context(Graph graph, Node training) {
        this.graph = graph;
        this.training = training;
    }

    /**
     * A context on a graph, with its train/eval switch: an input named {@code training}.
     *
     * @param graph the graph
     * @return the context
     */
    public static Context of(Graph graph) {
        if (graph == null) {
            throw new NablaException("Context.of: the graph is null");
        }
        Node sw = graph.node("training").orElseGet(() -> graph.input("training"));
        return new Context(graph, sw);
    }

    /**
     * Returns the graph the layers are adding their nodes to.
     *
     * @return the graph
     */
    public Graph graph() {
        return graph;
    }

    /**
     * Returns the node that tells layers whether the model is training or evaluating.
     *
     * @return the switch: a scalar input, 1 when training and 0 when evaluating
     */
    public Node training() {
        return training;
    }

    /**
     * The node of a param in this graph.
     *
     * @param p the param
     * @return its node
     */
    public Node param(Param p) {
        Arguments.requireNonNull("Context.param", "p", p);
        return p.node(graph);
    }

    /**
     * Asks that a state param take a new value after each training step.
     *
     * @param state a non-trainable param
     * @param next its value after the step, same shape
     */
    public void update(Param state, Node next) {
        Arguments.requireNonNulls("Context.update", "state", state, "next", next);
        if (state.trainable()) {
            throw new NablaException("Context.update: \"" + state.name() + "\" is trainable; only state params are updated by layers");
        }
        updates.put(param(state), next);
    }

    /**
     * Returns the state updates the layers have asked for, such as running statistics.
     *
     * @return the state updates asked for so far, param node to next value
     */
    public Map<Node, Node> updates() {
        return Collections.unmodifiableMap(updates);
    }
}
