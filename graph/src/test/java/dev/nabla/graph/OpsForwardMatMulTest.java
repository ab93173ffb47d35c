// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.OpsForwardTest.assertClose;
import static dev.nabla.graph.OpsForwardTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.view.GraphView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Forward values of matmul in every rank combination (NumPy's vectors and broadcast batches by
 * hand and at run-time batch sizes; {@link MatMulNumPyProperties} draws them at random), the
 * nodes it builds, and the {@link MatMul} transpose flags.
 */
class OpsForwardMatMulTest {
    private static final double RTOL = 1e-12;

    @Test
    void twoByThreeTimesThreeByTwoByHand() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        Node b = g.constant(Tensor.fromRows(new double[] {7, 8}, new double[] {9, 10}, new double[] {11, 12}));
        Tensor y = run(Map.of(), a.matmul(b)).get(0);
        // [1*7+2*9+3*11, 1*8+2*10+3*12; 4*7+5*9+6*11, 4*8+5*10+6*12]
        assertEquals(Tensor.fromRows(new double[] {58, 64}, new double[] {139, 154}), y);
    }

    @Test
    void matrixTimesVectorColumnAndRowByHand() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromRows(new double[] {1, -1}, new double[] {2, 0.5}));
        Node col = g.constant(Tensor.fromArray(new double[] {3, 4}, 2, 1));
        Node row = g.constant(Tensor.fromArray(new double[] {3, 4}, 1, 2));
        List<Tensor> out = run(Map.of(), a.matmul(col), row.matmul(a), Ops.matmul(row, col));
        assertEquals(Tensor.fromArray(new double[] {-1, 8}, 2, 1), out.get(0));
        assertEquals(Tensor.fromArray(new double[] {11, -1}, 1, 2), out.get(1));
        assertEquals(Tensor.fromArray(new double[] {25}, 1, 1), out.get(2));
    }

    @Test
    void twoDimensionalMatchesLoops() {
        Tensor a = Tensor.randomNormal(1, 0, 1, 7, 5);
        Tensor b = Tensor.randomNormal(2, 0, 1, 5, 9);
        Graph g = new Graph();
        Tensor y = run(Map.of(), g.constant(a).matmul(g.constant(b))).get(0);
        assertEquals(Shape.of(7, 9), y.shape());
        assertClose(product(a.toArray(), 0, false, b.toArray(), 0, false, 7, 9, 5), y, RTOL, "matmul");
    }

    @Test
    void batchedThreeDimensionalMatchesLoops() {
        int batch = 4;
        Tensor a = Tensor.randomNormal(3, 0, 1, batch, 3, 6);
        Tensor b = Tensor.randomNormal(4, 0, 1, batch, 6, 2);
        Graph g = new Graph();
        Tensor y = run(Map.of(), g.constant(a).matmul(g.constant(b))).get(0);
        assertEquals(Shape.of(batch, 3, 2), y.shape());
        assertClose(batched(a.toArray(), true, false, b.toArray(), true, false, batch, 3, 2, 6), y, RTOL, "bmm");
    }

    @Test
    void batchTimesSharedMatrixMatchesLoops() {
        Tensor a = Tensor.randomNormal(5, 0, 1, 3, 4, 5);
        Tensor b = Tensor.randomNormal(6, 0, 1, 5, 2);
        Graph g = new Graph();
        Tensor y = run(Map.of(), g.constant(a).matmul(g.constant(b))).get(0);
        assertEquals(Shape.of(3, 4, 2), y.shape());
        assertClose(batched(a.toArray(), true, false, b.toArray(), false, false, 3, 4, 2, 5), y, RTOL, "3d x 2d");
    }

    @Test
    void sharedMatrixTimesBatchMatchesLoops() {
        Tensor a = Tensor.randomNormal(7, 0, 1, 4, 5);
        Tensor b = Tensor.randomNormal(8, 0, 1, 3, 5, 2);
        Graph g = new Graph();
        Tensor y = run(Map.of(), g.constant(a).matmul(g.constant(b))).get(0);
        assertEquals(Shape.of(3, 4, 2), y.shape());
        assertClose(batched(a.toArray(), false, false, b.toArray(), true, false, 3, 4, 2, 5), y, RTOL, "2d x 3d");
    }

    @Test
    void batchTimesSharedMatrixWithUnknownBatch() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3, 4);
        Node w = g.param("w", 4, 2);
        Node y = x.matmul(w);
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 2), y.shape());
        Tensor wv = Tensor.randomNormal(9, 0, 1, 4, 2);
        Session s = new Session(new ParamStore().put("w", wv));
        for (int batch : new int[] {1, 5, 2}) {
            Tensor xv = Tensor.randomNormal(10 + batch, 0, 1, batch, 3, 4);
            Tensor out = s.run(Map.of(x, xv), y).get(0);
            assertEquals(Shape.of(batch, 3, 2), out.shape());
            assertClose(batched(xv.toArray(), true, false, wv.toArray(), false, false, batch, 3, 2, 4), out, RTOL,
                    "batch " + batch);
        }
    }

    @Test
    void vectorsByHand() {
        Graph g = new Graph();
        Node u = g.constant(Tensor.fromArray(new double[] {1, 2, 3}, 3));
        Node v = g.constant(Tensor.fromArray(new double[] {4, 5, 6}, 3));
        Node m = g.constant(Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        Node row = g.constant(Tensor.fromArray(new double[] {1, -1}, 2));
        List<Tensor> out = run(Map.of(), u.matmul(v), row.matmul(m), m.matmul(u));
        assertEquals(Tensor.scalar(32), out.get(0), "1*4 + 2*5 + 3*6, a scalar");
        assertEquals(Tensor.fromArray(new double[] {-3, -3, -3}, 3), out.get(1), "[1, -1] . m, the row axis dropped");
        assertEquals(Tensor.fromArray(new double[] {14, 32}, 2), out.get(2), "m . [1, 2, 3], the column axis dropped");
    }

    @Test
    void broadcastBatchByHand() {
        Graph g = new Graph();
        // [2, 1, 1, 2] . [3, 2, 1]: every a_i times every b_j, an outer product laid out as [2, 3, 1, 1].
        Node a = g.constant(Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 1, 1, 2));
        Node b = g.constant(Tensor.fromArray(new double[] {1, 0, 0, 1, 1, 1}, 3, 2, 1));
        Tensor y = run(Map.of(), a.matmul(b)).get(0);
        assertEquals(Tensor.fromArray(new double[] {1, 2, 3, 3, 4, 7}, 2, 3, 1, 1), y);
    }

    /** The forms the primitive has are the primitive alone: no reshape, no expand. */
    @Test
    void matricesAndThreeDimensionalBatchesAreOnePrimitiveNode() {
        Graph g = new Graph();
        Node m = g.input("m", 4, 5);
        Node w = g.param("w", 5, 2);
        Node x = g.input("x", Shape.UNKNOWN, 4, 5);
        Node z = g.input("z", Shape.UNKNOWN, 5, 2);
        Node a1 = g.param("a1", 1, 4, 5);
        Node b1 = g.param("b1", 1, 5, 2);
        for (Node[] ab : new Node[][] {{m, w}, {x, w}, {m, z}, {x, z}, {a1, b1}}) {
            Node y = ab[0].matmul(ab[1]);
            assertTrue(y.op() instanceof MatMul, y::describe);
            assertSame(ab[0], y.input(0));
            assertSame(ab[1], y.input(1));
        }
    }

    /** A matrix shared by the whole batch is the primitive's shared operand, never expanded B times. */
    @Test
    void aSharedMatrixIsNeverRepeated() {
        Graph g = new Graph();
        Node x4 = g.input("x4", Shape.UNKNOWN, 3, 4, 5);
        Node w = g.param("w", 5, 2);
        Node w1 = g.param("w1", 1, 5, 2);
        Node a1 = g.param("a1", 1, 1, 4, 5);
        Node b4 = g.input("b4", Shape.UNKNOWN, 2, 5, 2);
        Node v = g.param("v", 5);
        for (Node y : List.of(x4.matmul(w), x4.matmul(w1), a1.matmul(b4), v.matmul(b4), x4.matmul(v))) {
            List<Node> nodes = GraphView.topologicalOrder(List.of(y));
            assertTrue(nodes.stream().noneMatch(n -> n.op() instanceof Expand), () -> g.format(y));
            assertEquals(1, nodes.stream().filter(n -> n.op() instanceof MatMul).count(), () -> g.format(y));
        }
    }

    /** Batch sizes fixed by each feed: one graph, one session, several sizes, each against the loop. */
    @Test
    void unknownBatchSizesFedAtRunTime() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 1, 3, 4);      // broadcast over the heads
        Node w = g.param("w", 2, 4, 5);                     // one matrix per head
        Node q = g.input("q", Shape.UNKNOWN, 2, 3, 4);
        Node k = g.input("k", Shape.UNKNOWN, 2, 4, 3);
        Node v = g.param("v", 4);
        List<Node> ys = List.of(x.matmul(w), q.matmul(k), q.matmul(v), v.matmul(k));
        assertEquals(Shape.of(Shape.UNKNOWN, 2, 3, 5), ys.get(0).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 2, 3, 3), ys.get(1).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 2, 3), ys.get(2).shape());
        assertEquals(Shape.of(Shape.UNKNOWN, 2, 3), ys.get(3).shape());
        Tensor wv = Tensor.randomNormal(21, 0, 1, 2, 4, 5);
        Tensor vv = Tensor.randomNormal(22, 0, 1, 4);
        Session s = new Session(new ParamStore().put("w", wv).put("v", vv));
        for (int batch : new int[] {1, 3, 2}) {
            Tensor xv = Tensor.randomNormal(23 + batch, 0, 1, batch, 1, 3, 4);
            Tensor qv = Tensor.randomNormal(33 + batch, 0, 1, batch, 2, 3, 4);
            Tensor kv = Tensor.randomNormal(43 + batch, 0, 1, batch, 2, 4, 3);
            List<Tensor> out = s.run(Map.of(x, xv, q, qv, k, kv), ys.toArray(new Node[0]));
            Tensor[][] operands = {{xv, wv}, {qv, kv}, {qv, vv}, {vv, kv}};
            for (int i = 0; i < operands.length; i++) {
                MatMulProperties.Expected e = MatMulNumPyProperties.reference(operands[i][0], operands[i][1]);
                assertEquals(e.shape(), out.get(i).shape(), "product " + i + ", batch " + batch);
                assertClose(e.values(), out.get(i), RTOL, "product " + i + ", batch " + batch);
            }
        }
    }

    /** Every flag combination, 2-D and 3-D: operands are stored transposed where a flag says so. */
    @ParameterizedTest
    @CsvSource({
        "false, false, 2, 2", "true, false, 2, 2", "false, true, 2, 2", "true, true, 2, 2",
        "false, false, 3, 3", "true, false, 3, 3", "false, true, 3, 3", "true, true, 3, 3",
        "false, false, 3, 2", "true, false, 3, 2", "false, true, 3, 2", "true, true, 3, 2",
        "false, false, 2, 3", "true, false, 2, 3", "false, true, 2, 3", "true, true, 2, 3"})
    void transposeFlagsMatchLoops(boolean transA, boolean transB, int rankA, int rankB) {
        int batch = 3;
        int m = 4;
        int n = 5;
        int k = 6;
        int[] aDims = transA ? new int[] {k, m} : new int[] {m, k};
        int[] bDims = transB ? new int[] {n, k} : new int[] {k, n};
        Tensor a = Tensor.randomNormal(11, 0, 1, withBatch(rankA == 3, batch, aDims));
        Tensor b = Tensor.randomNormal(12, 0, 1, withBatch(rankB == 3, batch, bDims));
        Graph g = new Graph();
        Node y = g.apply(new MatMul(transA, transB), List.of(g.constant(a), g.constant(b)));
        boolean batched = rankA == 3 || rankB == 3;
        Shape expectedShape = batched ? Shape.of(batch, m, n) : Shape.of(m, n);
        assertEquals(expectedShape, y.shape());
        Tensor out = run(Map.of(), y).get(0);
        assertEquals(expectedShape, out.shape());
        double[] expected = batched(a.toArray(), rankA == 3, transA, b.toArray(), rankB == 3, transB,
                batched ? batch : 1, m, n, k);
        assertClose(expected, out, RTOL, "matmul(" + transA + ", " + transB + ") ranks " + rankA + "," + rankB);
    }

    @Test
    void transposeFlagEqualsExplicitTranspose() {
        Tensor a = Tensor.randomNormal(13, 0, 1, 5, 3);
        Tensor b = Tensor.randomNormal(14, 0, 1, 4, 5);
        Graph g = new Graph();
        Node na = g.constant(a);
        Node nb = g.constant(b);
        List<Tensor> out = run(Map.of(),
                g.apply(new MatMul(true, true), List.of(na, nb)), na.transpose().matmul(nb.transpose()));
        assertEquals(Shape.of(3, 4), out.get(0).shape());
        assertClose(out.get(1).toArray(), out.get(0), RTOL, "flags vs transpose");
    }

    // Reference products: plain triple loops over explicit indices.

    /** C[m,n] of op(A)·op(B); A starts at aOff, stored [m,k] or [k,m]; B at bOff, [k,n] or [n,k]. */
    static double[] product(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double bpj = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += aip * bpj;
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static double[] batched(double[] a, boolean aBatched, boolean transA, double[] b, boolean bBatched,
            boolean transB, int batch, int m, int n, int k) {
        double[] out = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            double[] c = product(a, aBatched ? t * m * k : 0, transA, b, bBatched ? t * k * n : 0, transB, m, n, k);
            System.arraycopy(c, 0, out, t * m * n, m * n);
        }
        return out;
    }

    private static int[] withBatch(boolean batched, int batch, int[] dims) {
        return batched ? new int[] {batch, dims[0], dims[1]} : dims;
    }
}
