// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.MatMul;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The matrix product against a plain triple loop, for matrices, batches and transposed operands. */
class MatMulProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_3A73L;
    private static final int EXAMPLES = 200;

    /**
     * Operands as stored: {@code a} is {@code [.., m, k]}, or {@code [.., k, m]} if {@code transA};
     * {@code b} is {@code [.., k, n]}, or {@code [.., n, k]} if {@code transB}.
     */
    record Case(Tensor a, Tensor b, boolean transA, boolean transB) {
        @Override
        public String toString() {
            return "a " + a.shape() + (transA ? " read transposed" : "") + " = " + a
                    + ", b " + b.shape() + (transB ? " read transposed" : "") + " = " + b;
        }
    }

    /** Which operands are 3-D batches: {@code [m,k]·[k,n]}, {@code [B,m,k]·[B,k,n]} and the two mixes. */
    enum Layout {
        MATRIX_MATRIX(false, false),
        BATCH_BATCH(true, true),
        BATCH_MATRIX(true, false),
        MATRIX_BATCH(false, true);

        final boolean aBatched;
        final boolean bBatched;

        Layout(boolean aBatched, boolean bBatched) {
            this.aBatched = aBatched;
            this.bBatched = bBatched;
        }
    }

    /** The loop's product, and per element the sum of {@code |a_ip * b_pj|} that bounds rounding. */
    record Expected(Shape shape, double[] values, double[] magnitudes, int k) {
        /** Checks a computed product's shape and each element, within k + 1 ulps of its magnitude. */
        void assertMatches(Tensor got, Object what) {
            assertEquals(shape, got.shape(), () -> "run-time shape for " + what);
            double[] v = got.toArray();
            for (int i = 0; i < v.length; i++) {
                int at = i;
                double tol = (k + 1) * Math.ulp(1.0) * magnitudes[i];
                assertTrue(Math.abs(v[i] - values[i]) <= tol,
                        () -> "element " + at + ": got " + v[at] + ", loop gives " + values[at] + " for " + what);
            }
        }
    }

    @Test
    void matrixProductMatchesTripleLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(false, Layout.MATRIX_MATRIX))
                .checkAssert(c -> check(c, true));
    }

    @Test
    void batchedProductMatchesTripleLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(false, Layout.BATCH_BATCH, Layout.BATCH_MATRIX, Layout.MATRIX_BATCH))
                .checkAssert(c -> check(c, true));
    }

    @Test
    void transposeFlagsMatchTripleLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(true, Layout.values()))
                .checkAssert(c -> check(c, false));
    }

    /**
     * Runs the product, through {@code Node.matmul} or the primitive with its flags, and compares
     * every element with the loop within the error bound of recursive summation,
     * {@code k·eps·sum|a_ip·b_pj|}.
     */
    private static void check(Case c, boolean fluent) {
        Graph g = new Graph();
        Node a = g.input("a", c.a().shape().dims());
        Node b = g.input("b", c.b().shape().dims());
        Node y = fluent ? a.matmul(b) : g.apply(new MatMul(c.transA(), c.transB()), List.of(a, b));
        Tensor got = new Session(new ParamStore()).run(Map.of(a, c.a(), b, c.b()), y).get(0);
        Expected e = reference(c);
        assertEquals(e.shape(), y.shape(), () -> "inferred shape for " + c);
        e.assertMatches(got, c);
    }

    /** The product by a triple loop per batch; a 2-D operand is shared by every batch. */
    private static Expected reference(Case c) {
        Shape as = c.a().shape();
        Shape bs = c.b().shape();
        int m = as.dim(c.transA() ? -1 : -2);
        int k = as.dim(c.transA() ? -2 : -1);
        int n = bs.dim(c.transB() ? -2 : -1);
        boolean batched = as.rank() == 3 || bs.rank() == 3;
        int batches = as.rank() == 3 ? as.dim(0) : bs.rank() == 3 ? bs.dim(0) : 1;
        double[] y = new double[batches * m * n];
        double[] magnitudes = new double[y.length];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double sa = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = read(c.a(), t, i, p, c.transA()) * read(c.b(), t, p, j, c.transB());
                        s += prod;
                        sa += Math.abs(prod);
                    }
                    y[(t * m + i) * n + j] = s;
                    magnitudes[(t * m + i) * n + j] = sa;
                }
            }
        }
        return new Expected(batched ? Shape.of(batches, m, n) : Shape.of(m, n), y, magnitudes, k);
    }

    /** Element {@code (row, col)} of batch {@code t}'s matrix, read through the transpose if asked. */
    private static double read(Tensor x, int t, int row, int col, boolean trans) {
        int r = trans ? col : row;
        int q = trans ? row : col;
        return x.rank() == 3 ? x.get(t, r, q) : x.get(r, q);
    }

    /**
     * Operands of random sizes (0 now and then) in one of the given layouts; with {@code flags},
     * each operand is stored transposed at random.
     */
    private static Gen<Case> cases(boolean flags, Layout... layouts) {
        Gen<Integer> size = Gens.dims(0, 5);
        Gen<Integer> batch = Gens.dims(0, 4);
        Gen<Integer> coin = Generate.range(0, 1);
        Gen<Layout> layout = Generate.pick(List.of(layouts));
        return rs -> {
            Layout l = layout.generate(rs);
            int m = size.generate(rs);
            int k = size.generate(rs);
            int n = size.generate(rs);
            int bt = batch.generate(rs);
            boolean ta = flags && coin.generate(rs) == 1;
            boolean tb = flags && coin.generate(rs) == 1;
            Shape as = stored(l.aBatched, bt, ta ? k : m, ta ? m : k);
            Shape bs = stored(l.bBatched, bt, tb ? n : k, tb ? k : n);
            return new Case(Gens.tensors(as, -2, 2).generate(rs), Gens.tensors(bs, -2, 2).generate(rs), ta, tb);
        };
    }

    private static Shape stored(boolean batched, int batch, int rows, int cols) {
        return batched ? Shape.of(batch, rows, cols) : Shape.of(rows, cols);
    }
}
