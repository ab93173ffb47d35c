// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.List;
import java.util.Map;

/** Checks a run's feeds before anything is computed, naming the node at fault. */
public final class Feeds {
    private Feeds() {}

    /**
     * Checks that every input the plan reads is fed with a value of its graph, type and shape.
     *
     * @param graph the plan's graph
     * @param needed the inputs the plan reads
     * @param feeds the run's feeds
     * @throws dev.nabla.graph.EvaluationException naming the input at fault and what was expected
     */
    public static void check(Graph graph, List<Node> needed, Map<Node, Tensor> feeds) {
        if (feeds == null) {
            throw new EvaluationException("run: feeds is null; pass Map.of() when the plan needs no input");
        }
        for (Map.Entry<Node, Tensor> e : feeds.entrySet()) {
            Node n = e.getKey();
            if (n == null) {
                throw new EvaluationException("run: a feed has a null node");
            }
            if (n.graph() != graph) {
                throw new EvaluationException("run: the feed for " + n.describe() + " is for a node of another graph");
            }
            if (!(n.op() instanceof Leaf.Input)) {
                throw new EvaluationException("run: the feed for " + n.describe() + " (built at " + n.callSite()
                        + ") is not for an input; only nodes made by graph.input(...) are fed");
            }
            if (e.getValue() == null) {
                throw new EvaluationException("run: the feed for input " + n.label() + " is null");
            }
        }
        for (Node in : needed) {
            Tensor t = feeds.get(in);
            if (t == null) {
                throw new EvaluationException("run: input " + in.label() + " " + in.shape()
                        + " needs a feed; this plan's inputs are " + labels(needed));
            }
            if (!in.shape().accepts(t.shape())) {
                throw new EvaluationException("run: input " + in.label() + " expects " + in.shape()
                        + " but the feed has shape " + t.shape());
            }
        }
    }

    private static String labels(List<Node> nodes) {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append(b.length() > 0 ? ", " : "").append(n.label());
        }
        return b.toString();
    }
}
