// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Slice, pad and concat undo each other as index loops say. */
class IndexingProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_1D3AL;
    private static final int EXAMPLES = 200;

    /**
     * A tensor, an axis (as requested, possibly negative), and cut points {@code 0 <= c_1 <= ... <=
     * size} of that axis; consecutive cuts bound the slices.
     */
    record Case(Tensor x, int axis, int request, List<Integer> cuts) {
        @Override
        public String toString() {
            return "x " + x.shape() + " = " + x + ", axis " + request + ", cuts " + cuts;
        }
    }

    @Test
    void sliceThenPadRestoresTheZeroPaddedOriginal() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(false, 2))
                .checkAssert(c -> {
                    int n = c.x().shape().dim(c.axis());
                    int start = c.cuts().get(0);
                    int end = c.cuts().get(1);
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    Node part = Indexing.slice(x, c.request(), start, end);
                    Node back = Indexing.pad(part, c.request(), start, n - end, 0.0);
                    Tensor got = new Session(new ParamStore()).run(Map.of(x, c.x()), back).get(0);
                    assertEquals(zeroOutside(c.x(), c.axis(), start, end), got, () -> "pad(slice(x)) for " + c);
                });
    }

    @Test
    void concatOfSlicesThatPartitionAnAxisRestoresTheOriginal() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(true, 5))
                .checkAssert(c -> {
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    List<Node> parts = new ArrayList<>();
                    for (int i = 0; i + 1 < c.cuts().size(); i++) {
                        parts.add(Indexing.slice(x, c.request(), c.cuts().get(i), c.cuts().get(i + 1)));
                    }
                    Node joined = Indexing.concat(c.request(), parts.toArray(new Node[0]));
                    Tensor got = new Session(new ParamStore()).run(Map.of(x, c.x()), joined).get(0);
                    assertEquals(c.x().shape(), got.shape(), () -> "shape of concat for " + c);
                    double[] want = c.x().toArray();
                    double[] have = got.toArray();
                    for (int i = 0; i < want.length; i++) {
                        int at = i;
                        // Compared as numbers: concat adds zero-pads, which turns -0.0 into 0.0.
                        assertTrue(want[i] == have[i], () -> "element " + at + " of concat(slices) for " + c
                                + ": got " + have[at] + ", want " + want[at]);
                    }
                });
    }

    /** {@code x} with every entry outside {@code [start, end)} of the axis set to 0, by index loop. */
    private static Tensor zeroOutside(Tensor x, int axis, int start, int end) {
        double[] y = new double[x.size()];
        for (int[] idx : Gens.indices(x.shape())) {
            boolean inside = idx[axis] >= start && idx[axis] < end;
            y[Gens.flat(x.shape(), idx)] = inside ? x.get(idx) : 0.0;
        }
        return Tensor.fromArray(y, x.shape().dims());
    }

    /**
     * A tensor of rank 1 to 4 (empty axes now and then), a random axis, and sorted random cut
     * points between 0 and its size; repeated cuts make empty slices.
     *
     * @param partition whether the first cut is 0 and the last the size, so the slices cover the axis
     * @param maxCuts the most cut points, at least 2
     */
    private static Gen<Case> cases(boolean partition, int maxCuts) {
        Gen<Tensor> tensors = Gens.tensors(Gens.shapes(1, 4, 0, 5), -1, 1);
        Gen<Integer> coin = Generate.range(0, 1);
        Gen<Integer> count = Generate.range(2, maxCuts);
        return rs -> {
            Tensor x = tensors.generate(rs);
            int axis = Generate.range(0, x.rank() - 1).generate(rs);
            int n = x.shape().dim(axis);
            int k = count.generate(rs);
            int[] cuts = new int[k];
            for (int i = 0; i < k; i++) {
                cuts[i] = Generate.range(0, n).generate(rs);
            }
            Arrays.sort(cuts);
            if (partition) {
                cuts[0] = 0;
                cuts[k - 1] = n;
            }
            int request = coin.generate(rs) == 1 ? axis - x.rank() : axis;
            return new Case(x, axis, request, Arrays.stream(cuts).boxed().toList());
        };
    }
}
