// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeSumTest {
    /** Merges parts in a random order and random groupings, as Spark's treeAggregate might. */
    private static double[] mergeRandomly(List<TreeSum> parts, int partitions, Random rnd) {
        List<TreeSum> pool = new ArrayList<>(parts);
        pool.add(TreeSum.empty(partitions));
        Collections.shuffle(pool, rnd);
        while (pool.size() > 1) {
            TreeSum a = pool.remove(rnd.nextInt(pool.size()));
            TreeSum b = pool.remove(rnd.nextInt(pool.size()));
            pool.add(rnd.nextBoolean() ? a.merge(b) : b.merge(a));
        }
        return pool.get(0).total();
    }

    @Test
    void everyMergeOrderGivesTheSameBits() {
        Random rnd = new Random(7);
        for (int n = 1; n <= 9; n++) {
            List<TreeSum> parts = new ArrayList<>();
            double[] naive = new double[5];
            for (int p = 0; p < n; p++) {
                double[] v = new double[5];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
                    naive[i] += v[i];
                }
                // An empty partition (no rows of the batch) adds nothing.
                parts.add(TreeSum.leaf(n, p, p == 2 ? null : v));
                if (p == 2) {
                    for (int i = 0; i < v.length; i++) {
                        naive[i] -= v[i];
                    }
                }
            }
            double[] first = mergeRandomly(parts, n, rnd);
            for (int trial = 0; trial < 50; trial++) {
                assertArrayEquals(first, mergeRandomly(parts, n, rnd), 0.0, "n=" + n);
            }
            for (int i = 0; i < naive.length; i++) {
                assertEquals(naive[i], first[i], 1e-9 * Math.abs(naive[i]) + 1e-12, "n=" + n);
            }
        }
    }

    @Test
    void addsInTheTreeOrderNotTheArrivalOrder() {
        // 1e16 + 1 - 1e16 depends on grouping; the tree groups (p0 + p1) + (p2 + p3) always.
        double[][] v = {{1e16}, {1.0}, {-1e16}, {1.0}};
        List<TreeSum> parts = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            parts.add(TreeSum.leaf(4, p, v[p]));
        }
        double expected = (1e16 + 1.0) + (-1e16 + 1.0);
        TreeSum late = parts.get(3).merge(parts.get(0)).merge(parts.get(2)).merge(parts.get(1));
        assertEquals(expected, late.total()[0], 0.0);
        assertEquals(expected, parts.get(0).merge(parts.get(1)).merge(parts.get(2).merge(parts.get(3))).total()[0], 0.0);
    }

    @Test
    void allEmptyPartsSumToNothing() {
        assertNull(TreeSum.leaf(2, 0, null).merge(TreeSum.leaf(2, 1, null)).total());
    }

    @Test
    void aMissingOrRepeatedPartIsAnError() {
        TreeSum a = TreeSum.leaf(3, 0, new double[] {1});
        NablaException missing = assertThrows(NablaException.class, () -> a.merge(TreeSum.leaf(3, 2, new double[] {1})).total());
        assertTrue(missing.getMessage().contains("parts are missing"), missing.getMessage());
        NablaException twice = assertThrows(NablaException.class, () -> a.merge(TreeSum.leaf(3, 0, new double[] {1})));
        assertTrue(twice.getMessage().contains("arrived twice"), twice.getMessage());
        assertThrows(NablaException.class, () -> TreeSum.leaf(3, 3, null));
        assertThrows(NablaException.class, () -> a.merge(TreeSum.empty(4)));
    }
}
