// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.NablaException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sum of one vector per partition, added in a fixed binary tree over the partition numbers,
 * whatever order Spark delivers the parts in.
 *
 * <p>Why: Spark's {@code treeAggregate} merges results as tasks finish, and floating-point
 * addition is not associative, so a plain sum would change in its last bits from run to run
 * (and between a run with a retried task and one without). Addition of two numbers is
 * commutative, though. So each partial sum here is a node of the tree: leaf {@code p} is
 * partition {@code p}'s vector, and a node is its left child plus its right child, formed as
 * soon as both are present (a child whose partitions do not exist is skipped). Every node's
 * value, the root's included, is then the same bits in every run.
 *
 * <p>A partition with nothing to add gives an empty leaf, which adds nothing.
 */
final class TreeSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partitions;
    /** Tree node (level in the high half, index in the low half) to its partial sum; null for empty. */
    private final TreeMap<Long, double[]> nodes;

    private TreeSum(int partitions, TreeMap<Long, double[]> nodes) {
        this.partitions = partitions;
        this.nodes = nodes;
    }

    /**
     * Creates an empty sum over a number of partitions.
     *
     * @param partitions how many leaves the tree has
     * @return a sum with no parts yet (Spark's zero value)
     */
    static TreeSum empty(int partitions) {
        if (partitions < 1) {
            throw new NablaException("TreeSum: expected at least 1 partition, got " + partitions);
        }
        return new TreeSum(partitions, new TreeMap<>());
    }

    /**
     * Creates a sum holding one partition's part.
     *
     * @param partitions how many leaves the tree has
     * @param partition this part's leaf
     * @param values the part, or null if the partition adds nothing; not copied
     * @return a sum holding just this part
     */
    static TreeSum leaf(int partitions, int partition, double[] values) {
        if (partition < 0 || partition >= partitions) {
            throw new NablaException("TreeSum: partition " + partition + " is outside 0.." + (partitions - 1));
        }
        TreeMap<Long, double[]> m = new TreeMap<>();
        m.put(key(0, partition), values);
        return new TreeSum(partitions, m);
    }

    /**
     * Merges the parts of two sums of the same tree.
     *
     * @param other parts of the same tree, none of them also here
     * @return a sum with the parts of both, adding every pair of siblings now complete
     */
    TreeSum merge(TreeSum other) {
        if (other.partitions != partitions) {
            throw new NablaException("TreeSum: cannot merge sums over " + partitions + " and " + other.partitions + " partitions");
        }
        TreeMap<Long, double[]> m = new TreeMap<>(nodes);
        for (Map.Entry<Long, double[]> e : other.nodes.entrySet()) {
            if (m.containsKey(e.getKey())) {
                throw new NablaException("TreeSum: the part " + describe(e.getKey()) + " arrived twice");
            }
            m.put(e.getKey(), e.getValue());
        }
        collapse(m);
        return new TreeSum(partitions, m);
    }

    /**
     * Returns the sum of all partitions' parts.
     *
     * @return the sum of all parts, or null if every part was empty
     * @throws NablaException if some partition's part has not arrived
     */
    double[] total() {
        long root = key(levels(), 0);
        if (nodes.size() != 1 || !nodes.containsKey(root)) {
            throw new NablaException("TreeSum: parts are missing; have " + nodes.keySet().stream().map(TreeSum::describe).toList()
                    + " of " + partitions + " partitions");
        }
        return nodes.get(root);
    }

    private void collapse(TreeMap<Long, double[]> m) {
        int top = levels();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Long k : new ArrayList<>(m.keySet())) {
                int level = (int) (k >>> 32);
                int index = (int) (long) k;
                if (level == top || !m.containsKey(k)) {
                    continue;
                }
                int sibling = index ^ 1;
                long parent = key(level + 1, index >> 1);
                if (((long) sibling << level) >= partitions) {
                    m.put(parent, m.remove(k));
                    changed = true;
                } else if (m.containsKey(key(level, sibling))) {
                    double[] a = m.remove(k);
                    double[] b = m.remove(key(level, sibling));
                    m.put(parent, add(a, b));
                    changed = true;
                }
            }
        }
    }

    /** Commutative, so which sibling arrived first does not matter. */
    private static double[] add(double[] a, double[] b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.length != b.length) {
            throw new NablaException("TreeSum: parts of lengths " + a.length + " and " + b.length + " cannot be added");
        }
        double[] s = new double[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private int levels() {
        return 32 - Integer.numberOfLeadingZeros(partitions - 1);
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | (index & 0xFFFFFFFFL);
    }

    private static String describe(long key) {
        return "level " + (key >>> 32) + " node " + (int) key;
    }
}
