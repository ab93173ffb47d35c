// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Sum and max, over all axes and over random subsets, against loops and Kahan summation. */
class ReductionProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_5E3AL;
    private static final int EXAMPLES = 200;

    /**
     * A tensor, the axes to reduce (sorted, non-negative), the same axes as requested (some
     * counted from the end), and whether reduced axes are kept as size 1.
     */
    record Case(Tensor x, List<Integer> axes, List<Integer> request, boolean keepDims) {
        int[] requestDims() {
            return request.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String toString() {
            return "x " + x.shape() + " = " + x + ", axes " + request + (keepDims ? " keeping dims" : "");
        }
    }

    /** A reference result: the values, and per element the sum of magnitudes that bounds rounding. */
    record Expected(Shape shape, double[] values, double[] magnitudes, int count) {}

    @Test
    void sumOfAllMatchesKahanSum() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.tensors(Gens.shapes(0, 4, 0, 4), -10, 10))
                .checkAssert(t -> {
                    Graph g = new Graph();
                    Node x = g.input("x", t.shape().dims());
                    Node s = x.sum();
                    Tensor got = new Session(new ParamStore()).run(Map.of(x, t), s).get(0);
                    assertEquals(Shape.SCALAR, got.shape(), () -> "shape of the sum of " + t);
                    double[] v = t.toArray();
                    double expected = kahan(v);
                    double magnitude = Arrays.stream(v).map(Math::abs).sum();
                    assertClose(expected, got.item(), v.length, magnitude, () -> "sum of " + t);
                });
    }

    @Test
    void sumOverAxesMatchesLoops() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(0))
                .checkAssert(c -> {
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    Node y = Reductions.sum(x, c.keepDims(), c.requestDims());
                    Tensor got = new Session(new ParamStore()).run(Map.of(x, c.x()), y).get(0);
                    Expected e = reference(c, false);
                    assertEquals(e.shape(), y.shape(), () -> "inferred shape for " + c);
                    assertEquals(e.shape(), got.shape(), () -> "run-time shape for " + c);
                    double[] v = got.toArray();
                    for (int i = 0; i < v.length; i++) {
                        int at = i;
                        assertClose(e.values()[i], v[i], e.count(), e.magnitudes()[i], () -> "element " + at + " for " + c);
                    }
                });
    }

    @Test
    void maxOverAxesMatchesLoops() {
        // No empty axes here: the maximum of nothing is a convention, not a property.
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(1))
                .checkAssert(c -> {
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    Node y = Reductions.max(x, c.keepDims(), c.requestDims());
                    Tensor got = new Session(new ParamStore()).run(Map.of(x, c.x()), y).get(0);
                    Expected e = reference(c, true);
                    assertEquals(e.shape(), y.shape(), () -> "inferred shape for " + c);
                    assertEquals(e.shape(), got.shape(), () -> "run-time shape for " + c);
                    assertArrayEquals(e.values(), got.toArray(), () -> "max for " + c);
                });
    }

    @Test
    void rowMaxGivesTheBitsOfOneRunningMaximum() {
        // The last axis is reduced with four running maxima; NaN, -0 and 0 must come out as from one.
        double[] pool = {Double.NaN, -0.0, 0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1, 1, 2.5};
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(SEED);
        for (int trial = 0; trial < 2000; trial++) {
            int rows = 1 + rnd.nextInt(3);
            int cols = 1 + rnd.nextInt(13);
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : rnd.nextDouble(-3, 3);
            }
            Tensor t = Tensor.of(Shape.of(rows, cols), v);
            Graph g = new Graph();
            Node x = g.input("x", rows, cols);
            Tensor got = new Session(new ParamStore()).run(Map.of(x, t), Reductions.max(x, false, 1)).get(0);
            for (int r = 0; r < rows; r++) {
                double want = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < cols; c++) {
                    want = Math.max(want, v[r * cols + c]);
                }
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got.toArray()[r]),
                        "row " + r + " of " + t);
            }
        }
    }

    /** Passes when {@code |expected - got|} is within the bound of recursive summation of n terms. */
    private static void assertClose(double expected, double got, int n, double magnitude,
            Supplier<String> what) {
        // Recursive summation errs by at most (n-1)·u·sum|x| (u = eps/2); Kahan's by about 2u·sum|x|.
        double tol = (n + 2) * Math.ulp(1.0) * magnitude;
        assertTrue(Math.abs(expected - got) <= tol,
                () -> what.get() + ": got " + got + ", reference " + expected + ", tolerance " + tol);
    }

    /** Kahan's compensated sum: carries each addition's rounding error into the next. */
    static double kahan(double[] values) {
        double sum = 0.0;
        double carry = 0.0;
        for (double v : values) {
            double y = v - carry;
            double t = sum + y;
            carry = (t - sum) - y;
            sum = t;
        }
        return sum;
    }

    /** Sum (Kahan) or max over the case's axes, by sending each input index to its output index. */
    private static Expected reference(Case c, boolean max) {
        Shape in = c.x().shape();
        int rank = in.rank();
        boolean[] reduced = new boolean[rank];
        int count = 1;
        for (int a : c.axes()) {
            reduced[a] = true;
            count *= in.dim(a);
        }
        int[] kept = new int[rank];
        int keptRank = 0;
        int[] outDims = new int[rank];
        int outRank = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                kept[keptRank++] = in.dim(i);
            }
            if (!reduced[i] || c.keepDims()) {
                outDims[outRank++] = reduced[i] ? 1 : in.dim(i);
            }
        }
        Shape keptShape = Shape.of(Arrays.copyOf(kept, keptRank));
        int size = keptShape.size();
        double[][] groups = new double[size][count];
        int[] filled = new int[size];
        for (int[] idx : Gens.indices(in)) {
            int[] o = new int[keptRank];
            for (int i = 0, k = 0; i < rank; i++) {
                if (!reduced[i]) {
                    o[k++] = idx[i];
                }
            }
            int f = Gens.flat(keptShape, o);
            groups[f][filled[f]++] = c.x().get(idx);
        }
        double[] values = new double[size];
        double[] magnitudes = new double[size];
        for (int f = 0; f < size; f++) {
            values[f] = max ? Arrays.stream(groups[f]).max().orElse(Double.NEGATIVE_INFINITY) : kahan(groups[f]);
            magnitudes[f] = Arrays.stream(groups[f]).map(Math::abs).sum();
        }
        return new Expected(Shape.of(Arrays.copyOf(outDims, outRank)), values, magnitudes, count);
    }

    /**
     * A tensor of rank 1 to 4 with a random non-empty subset of its axes, each sometimes given as
     * a negative axis, and a random keep-dims flag.
     *
     * @param minDim 0 to allow empty axes
     */
    private static Gen<Case> cases(int minDim) {
        Gen<Tensor> tensors = Gens.tensors(Gens.shapes(1, 4, minDim, 4), -10, 10);
        Gen<Integer> coin = Generate.range(0, 1);
        return rs -> {
            Tensor x = tensors.generate(rs);
            List<Integer> axes = Gens.axisSubsets(x.rank()).generate(rs);
            Integer[] request = new Integer[axes.size()];
            for (int i = 0; i < request.length; i++) {
                request[i] = coin.generate(rs) == 1 ? axes.get(i) - x.rank() : axes.get(i);
            }
            return new Case(x, axes, List.of(request), coin.generate(rs) == 1);
        };
    }
}
