// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inference graph of a fetch: fixed inputs become constants, a {@code where} whose condition
 * they decide is replaced by the branch taken, and what is left to compute from fixed inputs and
 * constants alone is computed once, here, by a Nabla {@link Session}.
 *
 * <p>A node is <em>foldable</em> when its op is pure and every input is foldable, constants and
 * fixed inputs being foldable and params not (their values are the model's weights, which must stay
 * initializers of their own name). A {@code where} is decided by its condition's source: the node
 * under the expands and reshapes that broadcast it (nn's switch is a scalar stretched to the batch
 * by an expand whose reference is the batch itself, which is not foldable, but the values it
 * repeats are those of the scalar). All zero takes the false branch, all nonzero the true branch
 * (NaN is nonzero, as Nabla's kernel reads it); a mix keeps the {@code where}.
 */
final class Specialisation {
    private final Map<Node, Tensor> fixed;
    private final Set<Node> foldable = new HashSet<>();
    private final Map<Node, Node> alias = new HashMap<>();
    private final List<Node> order;
    private final Map<Node, Tensor> folded = new HashMap<>();

    Specialisation(List<Node> outputs, Map<Node, Tensor> fixed) {
        this.fixed = fixed;
        this.order = GraphView.topologicalOrder(outputs);
        for (Node n : order) {
            if (isFoldable(n)) {
                foldable.add(n);
            }
        }
        decideWheres();
    }

    private boolean isFoldable(Node n) {
        if (n.op() instanceof Leaf) {
            return n.op() instanceof Leaf.Constant || fixed.containsKey(n);
        }
        if (!n.op().kind().pure()) {
            return false;
        }
        return n.inputs().stream().allMatch(foldable::contains);
    }

    private void decideWheres() {
        Map<Node, Node> sources = new LinkedHashMap<>();
        for (Node n : order) {
            if (n.op().kind() == OpKind.WHERE && !foldable.contains(n)) {
                Node source = n.input(0);
                while (source.op() instanceof Expand || source.op() instanceof Reshape) {
                    source = source.input(0);
                }
                if (foldable.contains(source)) {
                    sources.put(n, source);
                }
            }
        }
        Map<Node, Tensor> values = evaluate(new ArrayList<>(new HashSet<>(sources.values())));
        // In topological order, so a where choosing another where follows it to its final branch.
        for (Node n : order) {
            Node source = sources.get(n);
            if (source == null) {
                continue;
            }
            int zeros = 0;
            double[] v = values.get(source).toArray();
            for (double x : v) {
                zeros += x == 0 ? 1 : 0;
            }
            if (zeros == v.length) {
                alias.put(n, resolve(n.input(2)));
            } else if (zeros == 0) {
                alias.put(n, resolve(n.input(1)));
            }
        }
    }

    /** The node that computes {@code n}'s value in the inference graph: itself, or the branch a decided where takes. */
    Node resolve(Node n) {
        Node r = alias.get(n);
        return r != null ? r : n;
    }

    /**
     * The node giving input {@code i} of {@code n} in the inference graph: the input resolved, and
     * for a reference that is read only for its run-time shape (expand's and one-hot's second
     * input), a random op drawn "like" a node is replaced by that node, which has its shape: so
     * nn's eval branches, broadcast against the mask they no longer use, do not keep it alive.
     */
    Node input(Node n, int i) {
        Node in = resolve(n.input(i));
        if (i == 1 && (n.op() instanceof Expand || n.op() instanceof OneHot)) {
            while (in.op().kind() == OpKind.RANDOM && in.inputs().size() == 1 && in.shape().equals(in.input(0).shape())) {
                in = resolve(in.input(0));
            }
        }
        return in;
    }

    /**
     * The nodes the inference graph computes, in topological order: reached from the outputs
     * through resolved inputs, stopping at foldable nodes (their values are constants).
     */
    List<Node> reached(List<Node> outputs) {
        Set<Node> seen = new HashSet<>();
        Deque<Node> todo = new ArrayDeque<>();
        for (Node o : outputs) {
            todo.push(resolve(o));
        }
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (seen.add(n) && !foldable.contains(n)) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    todo.push(input(n, i));
                }
            }
        }
        List<Node> reached = new ArrayList<>();
        for (Node n : order) {
            if (seen.contains(n)) {
                reached.add(n);
            }
        }
        List<Node> toFold = new ArrayList<>();
        for (Node n : reached) {
            if (foldable.contains(n) && !(n.op() instanceof Leaf.Constant)) {
                toFold.add(n);
            }
        }
        folded.putAll(evaluate(toFold));
        return reached;
    }

    /** The value a foldable node was computed to by {@link #reached}, or null when it is not folded. */
    Tensor folded(Node n) {
        return folded.get(n);
    }

    /** Runs foldable nodes in one Nabla session fed with the fixed inputs they need. */
    private Map<Node, Tensor> evaluate(List<Node> nodes) {
        Map<Node, Tensor> out = new HashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        Map<Node, Tensor> feeds = new HashMap<>();
        for (Node a : GraphView.ancestors(nodes)) {
            if (fixed.containsKey(a)) {
                feeds.put(a, fixed.get(a));
            }
        }
        List<Tensor> values = new Session(new ParamStore()).run(feeds, nodes.toArray(new Node[0]));
        for (int i = 0; i < nodes.size(); i++) {
            out.put(nodes.get(i), values.get(i));
        }
        return out;
    }
}
