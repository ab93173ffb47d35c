// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.Node;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compile-time rewrites that cut passes before a schedule is settled: algebraic identities
 * ({@link Simplifications}) and common subexpressions ({@link CommonSubexpressions}), in one walk
 * over the nodes the outputs need, in topological order.
 *
 * <p>The user's graph is never changed and no node is added: a node the rewrites remove is
 * represented by an existing node of the same value (its operand for {@code x * 1}, the first of
 * equal nodes), and a reshape of a reshape reads the first reshape's operand instead. So the plan
 * runs only nodes the user built (errors and anomaly reports name them), its node count only
 * shrinks, and ids and listings of the graph stay as they were. Adding a node (the one reshape of
 * the original) would have cut nothing more: the kernel is the same copy either way.
 */
final class Rewrites {
    private Rewrites() {}

    /**
     * What the rewrites leave to schedule.
     *
     * @param order the nodes to run, in topological order: representatives only
     * @param operands the nodes each of {@code order} reads, in operand order (its inputs' representatives,
     *     or for a reshape of a reshape the first one's operand)
     * @param representatives each node that is not run, mapped to the node that holds its value
     */
    record Rewritten(Node[] order, List<List<Node>> operands, Map<Node, Node> representatives) {
        /** The node whose slot holds {@code n}'s value: {@code n} itself unless it was rewritten away. */
        Node representative(Node n) {
            return representatives.getOrDefault(n, n);
        }
    }

    /**
     * Orders the nodes the outputs need and, when asked, rewrites them.
     *
     * @param outputs the fetches and update values
     * @param optimize whether to rewrite; else every node runs as built
     * @return the nodes to run, what each reads, and the representative of each node rewritten away
     */
    static Rewritten apply(List<Node> outputs, boolean optimize) {
        List<Node> all = GraphView.topologicalOrder(outputs);
        if (!optimize) {
            List<List<Node>> operands = new ArrayList<>(all.size());
            for (Node n : all) {
                operands.add(n.inputs());
            }
            return new Rewritten(all.toArray(new Node[0]), operands, Map.of());
        }
        Map<Node, Node> representatives = new IdentityHashMap<>();
        Map<Node, List<Node>> operandsOf = new IdentityHashMap<>();
        Simplifications simplifications = new Simplifications(operandsOf::get);
        CommonSubexpressions common = new CommonSubexpressions();
        for (Node n : all) {
            List<Node> in = simplifications.operands(n, representativesOf(n.inputs(), representatives));
            Node same = simplifications.sameValue(n, in);
            if (same == null) {
                same = common.representative(n, in);
            }
            if (same != n) {
                representatives.put(n, same);
                continue;
            }
            operandsOf.put(n, in);
            simplifications.record(n, in);
        }
        return live(all, outputs, representatives, operandsOf);
    }

    private static List<Node> representativesOf(List<Node> inputs, Map<Node, Node> representatives) {
        List<Node> in = null;
        for (int j = 0; j < inputs.size(); j++) {
            Node rep = representatives.get(inputs.get(j));
            if (rep != null && in == null) {
                in = new ArrayList<>(inputs);
            }
            if (rep != null) {
                in.set(j, rep);
            }
        }
        // Most nodes read what they were built on: their own immutable list then serves.
        return in == null ? inputs : in;
    }

    /** Keeps the representatives the outputs still read, in the order of {@code all}. */
    private static Rewritten live(List<Node> all, List<Node> outputs, Map<Node, Node> representatives,
            Map<Node, List<Node>> operandsOf) {
        Set<Node> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node out : outputs) {
            live.add(representatives.getOrDefault(out, out));
        }
        int count = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            Node n = all.get(i);
            if (live.contains(n)) {
                live.addAll(operandsOf.get(n));
                count++;
            }
        }
        Node[] order = new Node[count];
        List<List<Node>> operands = new ArrayList<>(count);
        int k = 0;
        for (Node n : all) {
            if (live.contains(n)) {
                order[k++] = n;
                operands.add(operandsOf.get(n));
            }
        }
        return new Rewritten(order, operands, representatives);
    }
}
