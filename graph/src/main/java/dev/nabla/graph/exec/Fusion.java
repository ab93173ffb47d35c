// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.OpKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which elementwise nodes of a plan run together as one {@link FusedChain}, and what each slot
 * reads when it runs: the compile pass behind {@link dev.nabla.graph.Session#optimize}.
 *
 * <p>A chain is a connected set of elementwise nodes of one shape that runs at the slot of its
 * last member (its root). That is sound only if nothing outside the chain needs a member's value
 * before the root has run, so a node joins a chain only while no earlier node outside it reads a
 * member: the pass walks the nodes in run order and remembers, for each chain, the first outside
 * reader it has seen. Members that something outside reads (or that are fetched or updated) are
 * the chain's exits. Every member keeps its buffer, which lives until the chain has run.
 *
 * <p>Internal to nabla-graph: made by {@link Schedule#compile}, read by the plan's runs and by
 * {@link Workspace}.
 *
 * @param atRoot the chain that runs at each slot, or null
 * @param deferred the members that run with their chain rather than at their own slot
 * @param runArgs what each slot reads when it runs: a node's inputs; at a chain's root, its
 *     outside inputs and its other members (whose buffers it may hand on once it has run);
 *     nothing for a deferred member
 */
public record Fusion(FusedChain[] atRoot, boolean[] deferred, int[][] runArgs) {

    /** How a node may take part in a chain. */
    public enum Role {
        /** It runs its own range loop ({@link dev.nabla.graph.op.Pointwise}) on blocks of its operands. */
        LOOP,
        /** An {@code expand} whose operand repeats with one period: a chain reads it block by block without the copy. */
        BROADCAST,
        /** It runs at its own slot. */
        NONE
    }

    /** The fusion pass's entry for each kind: how a node of this kind may take part in a chain. */
    public static Role role(OpKind kind) {
        return switch (kind) {
            case UNARY, BINARY, COMPARE, WHERE -> Role.LOOP;
            case EXPAND -> Role.BROADCAST;
            case LEAF, REDUCTION, RESHAPE, PERMUTE, SLICE, PAD, GATHER, ONE_HOT, MATMUL, UNFOLD, FOLD, RANDOM,
                    STOP_GRADIENT, CUSTOM -> Role.NONE;
        };
    }

    /**
     * Runs every node at its own slot: the plain plan.
     *
     * @param args each node's input slots
     * @return no chains
     */
    static Fusion none(int[][] args) {
        int n = args.length;
        return new Fusion(new FusedChain[n], new boolean[n], args);
    }

    /**
     * Finds the chains and moves the last use of every value a chain reads to its root, so no
     * buffer is handed on before the chain has run.
     *
     * @param order the nodes in run order
     * @param args each node's input slots
     * @param lastUse each slot's last reader, updated in place
     * @param scalarRead the unfilled scalar broadcasts (their readers take the scalar itself)
     * @param fixed the values known before any run
     * @param dtype the graph's element type
     * @return the chains
     */
    static Fusion of(Node[] order, int[][] args, int[] lastUse, boolean[] scalarRead, Tensor[] fixed, DType dtype) {
        int n = order.length;
        int[] chainOf = group(order, args, scalarRead, fixed);
        Map<Integer, List<Integer>> chains = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (chainOf[i] >= 0) {
                chains.computeIfAbsent(chainOf[i], c -> new ArrayList<>()).add(i);
            }
        }
        FusedChain[] atRoot = new FusedChain[n];
        boolean[] deferred = new boolean[n];
        int[][] runArgs = args.clone();
        for (List<Integer> slots : chains.values()) {
            if (slots.size() < 2) {
                continue; // a lone node runs at its own slot as in the plain plan
            }
            int r = slots.get(slots.size() - 1);
            FusedChain chain = FusedChain.of(order, args, slots, exits(slots, lastUse, r), dtype);
            atRoot[r] = chain;
            int[] reads = IntStream.concat(IntStream.of(chain.inputSlots()),
                    slots.stream().mapToInt(Integer::intValue).filter(m -> m != r)).toArray();
            for (int m : slots) {
                deferred[m] = m != r;
                runArgs[m] = new int[0];
            }
            runArgs[r] = reads;
            for (int a : reads) {
                lastUse[a] = Math.max(lastUse[a], r);
                if (scalarRead[a]) {
                    // The broadcast's value is its source's array, which must live as long.
                    lastUse[args[a][0]] = Math.max(lastUse[args[a][0]], lastUse[a]);
                }
            }
        }
        return new Fusion(atRoot, deferred, runArgs);
    }

    /** Each node's chain id (the slot of one of its members, the same for all of them), or -1; see the class comment. */
    private static int[] group(Node[] order, int[][] args, boolean[] scalarRead, Tensor[] fixed) {
        int n = order.length;
        int[] parent = new int[n];
        int[] chainOf = new int[n];
        int[] firstOutsideReader = new int[n];
        Arrays.fill(chainOf, -1);
        Arrays.fill(firstOutsideReader, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            Node node = order[i];
            Role role = fixed[i] != null || scalarRead[i] ? Role.NONE : role(node.op().kind());
            if (role == Role.BROADCAST && !Broadcasts.periodic(order[args[i][0]].shape(), node.shape())) {
                role = Role.NONE;
            }
            if (role != Role.NONE) {
                int joined = -1;
                // A broadcast's operand has another shape; it may join its reference's chain.
                for (int a : role == Role.BROADCAST ? Arrays.copyOfRange(args[i], 1, args[i].length) : args[i]) {
                    int c = chainOf[a] < 0 ? -1 : find(parent, chainOf[a]);
                    if (c < 0 || c == joined || firstOutsideReader[c] <= i || !order[a].shape().equals(node.shape())) {
                        continue;
                    }
                    if (joined < 0) {
                        joined = c;
                    } else {
                        parent[c] = joined;
                        firstOutsideReader[joined] = Math.min(firstOutsideReader[joined], firstOutsideReader[c]);
                    }
                }
                chainOf[i] = joined >= 0 ? joined : i;
            }
            int mine = chainOf[i] < 0 ? -1 : find(parent, chainOf[i]);
            for (int a : args[i]) {
                int c = chainOf[a] < 0 ? -1 : find(parent, chainOf[a]);
                if (c >= 0 && c != mine) {
                    firstOutsideReader[c] = Math.min(firstOutsideReader[c], i);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (chainOf[i] >= 0) {
                chainOf[i] = find(parent, chainOf[i]);
            }
        }
        return chainOf;
    }

    private static int find(int[] parent, int c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    }

    /**
     * Which members leave the chain: the root, the fetched and updated ones (last use
     * {@link Integer#MAX_VALUE}) and those read outside it, which by the joining rule are read
     * only after the root.
     */
    private static boolean[] exits(List<Integer> slots, int[] lastUse, int root) {
        boolean[] exit = new boolean[slots.size()];
        for (int k = 0; k < exit.length; k++) {
            int m = slots.get(k);
            exit[k] = m == root || lastUse[m] > root;
        }
        return exit;
    }
}
