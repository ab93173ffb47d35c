// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What compiling fetches and updates settles once: the nodes in run order, each known by its slot
 * (its index in {@code order}), with what every run needs to know about that slot.
 *
 * <p>Internal to nabla-graph: made by {@link #compile}, read by {@link dev.nabla.graph.Plan}'s runs
 * and by {@link Workspace}; no run writes it.
 *
 * @param graph the one graph of every fetch and update
 * @param order the nodes the outputs need, in topological order, leaves included; in an optimised
 *     schedule, only those {@link Rewrites} keeps (the representatives of the others)
 * @param args each node's input slots, in operand order (the slots of its operands' representatives)
 * @param lastUse the slot of each node's last reader; {@link Integer#MAX_VALUE} for a fetched or
 *     updated value, which outlives the run
 * @param inputs the input leaves a run must feed, in run order
 * @param fetchSlots the slot of each fetch, in fetch order (two fetches may share one)
 * @param updatedParams the params a run writes, by node id
 * @param updateSlots the slot of each updated param's new value
 * @param scalarRead the broadcasts of a scalar that are never filled: their readers take the scalar
 * @param fixed the values known before any run (constants, and nodes of constants alone), else null
 * @param handedOut the computed values a run hands over (fetched or written back): each run
 *     computes them into a fresh array the caller or the store then owns, rather than copying them
 *     out of a reused buffer (an 8 MB copy cost about 1.5 ms on top of the allocation)
 * @param fusion which elementwise nodes run together as one chain, and what each slot reads when it runs
 */
public record Schedule(Graph graph, Node[] order, int[][] args, int[] lastUse, List<Node> inputs, int[] fetchSlots,
        Node[] updatedParams, int[] updateSlots, boolean[] scalarRead, Tensor[] fixed, boolean[] handedOut, Fusion fusion) {

    /**
     * Orders the nodes the fetches and updates need and settles every slot.
     *
     * @param fetches the nodes whose values a run returns
     * @param updates each param's new value, written back after a run
     * @param optimize whether to rewrite and fuse (see {@link dev.nabla.graph.Session#optimize}); the
     *     plain schedule runs every node as built
     * @return the schedule
     * @throws NablaException if there is nothing to run, the nodes span graphs, or an update is not a
     *     param of a compatible shape
     */
    public static Schedule compile(List<Node> fetches, Map<Node, Node> updates, boolean optimize) {
        List<Node> outputs = new ArrayList<>(fetches);
        outputs.addAll(updates.values());
        if (outputs.isEmpty()) {
            throw new NablaException("compile: nothing to fetch or update");
        }
        Graph graph = outputs.get(0).graph();
        for (Node n : outputs) {
            if (n.graph() != graph) {
                throw new NablaException("compile: " + n.label() + " belongs to another graph than "
                        + outputs.get(0).label() + "; a plan runs one graph");
            }
        }
        List<Map.Entry<Node, Node>> ups = new ArrayList<>(updates.entrySet());
        ups.sort(Comparator.comparingInt(e -> e.getKey().id()));
        Node[] updatedParams = new Node[ups.size()];
        for (int i = 0; i < ups.size(); i++) {
            updatedParams[i] = checkUpdate(ups.get(i).getKey(), ups.get(i).getValue());
        }
        Rewrites.Rewritten rewritten = Rewrites.apply(outputs, optimize);
        Node[] order = rewritten.order();
        Map<Node, Integer> slot = new IdentityHashMap<>();
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            slot.put(order[i], i);
            if (order[i].op() instanceof Leaf.Input) {
                inputs.add(order[i]);
            }
        }
        int[][] args = new int[order.length][];
        int[] lastUse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            List<Node> in = rewritten.operands().get(i);
            args[i] = new int[in.size()];
            for (int j = 0; j < in.size(); j++) {
                args[i][j] = slot.get(in.get(j));
                lastUse[args[i][j]] = i;
            }
        }
        int[] fetchSlots = fetches.stream().mapToInt(f -> slot.get(rewritten.representative(f))).toArray();
        int[] updateSlots = ups.stream().mapToInt(e -> slot.get(rewritten.representative(e.getValue()))).toArray();
        boolean[] scalarRead = CompileTime.unfilledBroadcasts(order, args, fetchSlots, updateSlots, lastUse);
        Tensor[] fixed = CompileTime.foldConstants(order, args, scalarRead, graph.dtype());
        boolean[] handedOut = new boolean[order.length];
        for (int[] outlive : new int[][] {fetchSlots, updateSlots}) {
            for (int s : outlive) {
                lastUse[s] = Integer.MAX_VALUE;
                handedOut[s] = !(order[s].op() instanceof Leaf) && fixed[s] == null;
            }
        }
        Fusion fusion = optimize ? Fusion.of(order, args, lastUse, scalarRead, fixed, graph.dtype()) : Fusion.none(args);
        return new Schedule(graph, order, args, lastUse, List.copyOf(inputs), fetchSlots, updatedParams, updateSlots,
                scalarRead, fixed, handedOut, fusion);
    }

    private static Node checkUpdate(Node param, Node value) {
        if (param == null || value == null) {
            throw new NablaException("compile: an update has a null param or value");
        }
        if (!(param.op() instanceof Leaf.Param)) {
            throw new NablaException("compile: update target " + param.describe() + " is not a param; only params are updated");
        }
        if (param.graph() != value.graph()) {
            throw new NablaException("compile: the update of param " + param.label() + " is a node of another graph");
        }
        if (!param.shape().accepts(value.shape()) && !value.shape().accepts(param.shape())) {
            throw new ShapeException("compile: param " + param.label() + " " + param.shape()
                    + " cannot take the value of " + value.label() + " " + value.shape() + "; shapes differ");
        }
        return param;
    }
}
