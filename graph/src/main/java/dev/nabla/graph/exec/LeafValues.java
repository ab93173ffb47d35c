// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.Map;

/**
 * Gives each leaf its value for a run: a constant its own, an input its feed in the graph's type,
 * a param the store's value, checked against the declared shape and type.
 *
 * <p>Internal to nabla-graph. Usage: {@code Tensor v = LeafValues.bind(n, leaf, feeds, params);}
 */
public final class LeafValues {
    private LeafValues() {}

    /**
     * Finds a leaf's value for this run.
     *
     * @param n the leaf's node
     * @param leaf its op
     * @param feeds the run's feeds, already checked
     * @param params the store's snapshot for this run
     * @return the value, never copied for a constant or a param
     * @throws EvaluationException for a param the store lacks, or holds in another shape or type
     */
    public static Tensor bind(Node n, Leaf leaf, Map<Node, Tensor> feeds, Map<String, Tensor> params) {
        if (leaf instanceof Leaf.Constant c) {
            return c.value();
        }
        if (leaf instanceof Leaf.Input) {
            return feeds.get(n).to(n.dtype());
        }
        Tensor v = params.get(n.name());
        if (v == null) {
            throw new EvaluationException("param " + n.label() + " " + n.shape()
                    + " has no value in the session's store; " + missingValueFix(n));
        }
        if (!v.shape().equals(n.shape())) {
            throw new EvaluationException("param " + n.label() + " is declared " + n.shape()
                    + " but the store holds a value of shape " + v.shape());
        }
        if (v.dtype() != n.dtype()) {
            // Converting here would cost a copy of every weight on every run, unseen.
            throw new EvaluationException("param " + n.label() + " " + n.shape() + " is " + n.dtype()
                    + " like its graph, but the store holds a " + v.dtype() + " value; put value.to(DType."
                    + n.dtype().name() + ")");
        }
        return v;
    }

    /**
     * What to do about a param without a value, read from its name alone (the graph knows nothing
     * of layers or optimizers): a param named under another param of the graph is state kept for
     * it (optimizer slots are named {@code dense_1/W/adam_m}), a name with a {@code /} is a layer's
     * weight named by place ({@code dense_1/W}), any other name is the user's own.
     */
    private static String missingValueFix(Node n) {
        String name = n.name();
        String put = "store.put(\"" + name + "\", tensor)";
        int cut = name.lastIndexOf('/');
        if (cut <= 0) {
            return "put one with " + put;
        }
        String owner = name.substring(0, cut);
        boolean slot = n.graph().node(owner).filter(o -> o.op() instanceof Leaf.Param).isPresent();
        if (slot) {
            return "it is state kept for param \"" + owner + "\" (an optimizer's moments or step count), so"
                    + " initialise the optimizer with optimizer.initialize(params, store), or put one with " + put;
        }
        return "if it is a layer's weight, initialise the model with Params.initialize(model, store, seed); else put"
                + " one with " + put;
    }
}
