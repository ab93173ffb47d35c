// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.OpsForwardTest.assertClose;
import static dev.nabla.graph.OpsForwardTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NumPy broadcasting through real ops: each result is checked against loops that index every
 * operand with NumPy's rule (align at the last axis, a size-1 axis repeats), including inputs
 * whose batch size is known only at run time.
 */
class BroadcastForwardTest {
    private static final double RTOL = 1e-12;

    @Test
    void scalarWithMatrixOnEitherSide() {
        Graph g = new Graph();
        Node m = g.constant(Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        Node s = g.constant(Tensor.scalar(10));
        List<Tensor> out = run(Map.of(), m.add(s), s.sub(m), Ops.mul(s, m), Ops.maximum(m, g.scalar(3.5)),
                Ops.lt(s, m), Ops.pow(g.scalar(2), m));
        assertEquals(Tensor.fromRows(new double[] {11, 12, 13}, new double[] {14, 15, 16}), out.get(0));
        assertEquals(Tensor.fromRows(new double[] {9, 8, 7}, new double[] {6, 5, 4}), out.get(1));
        assertEquals(Tensor.fromRows(new double[] {10, 20, 30}, new double[] {40, 50, 60}), out.get(2));
        assertEquals(Tensor.fromRows(new double[] {3.5, 3.5, 3.5}, new double[] {4, 5, 6}), out.get(3));
        assertEquals(Tensor.zeros(2, 3), out.get(4));
        assertEquals(Tensor.fromRows(new double[] {2, 4, 8}, new double[] {16, 32, 64}), out.get(5));
    }

    @Test
    void columnPlusVectorGivesMatrix() {
        // [4,1] + [3] -> [4,3]: out[i][j] = col[i] + row[j].
        Graph g = new Graph();
        double[] col = {1, 2, 3, 4};
        double[] row = {10, 20, 30};
        Node c = g.constant(Tensor.fromArray(col, 4, 1));
        Node r = g.constant(Tensor.fromArray(row));
        Node y = c.add(r);
        Node z = r.add(c);
        assertEquals(Shape.of(4, 3), y.shape());
        List<Tensor> out = run(Map.of(), y, z, c.mul(r), r.sub(c));
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(col[i] + row[j], out.get(0).get(i, j));
                assertEquals(col[i] + row[j], out.get(1).get(i, j));
                assertEquals(col[i] * row[j], out.get(2).get(i, j));
                assertEquals(row[j] - col[i], out.get(3).get(i, j));
            }
        }
    }

    @Test
    void sizeOneAxesOnEitherSideMatchLoops() {
        // Shape pairs whose size-1 axes sit on the left operand, the right one, or both.
        int[][][] pairs = {
            {{2, 1, 4}, {2, 3, 4}}, {{2, 3, 4}, {1, 3, 1}}, {{2, 1, 4}, {1, 3, 1}}, {{1, 1, 1}, {2, 3, 4}},
            {{2, 3, 1}, {2, 1, 4}}, {{2, 3, 4}, {2, 3, 4}}};
        for (int[][] p : pairs) {
            checkAgainstLoops(p[0], p[1]);
            checkAgainstLoops(p[1], p[0]);
        }
    }

    @Test
    void rankDifferencesMatchLoops() {
        int[][][] pairs = {{{2, 3, 4}, {4}}, {{2, 3, 4}, {3, 1}}, {{2, 3, 4}, {}}, {{3, 1, 4}, {2, 1}},
            {{5}, {2, 3, 1}}, {{1}, {2, 3}}};
        for (int[][] p : pairs) {
            checkAgainstLoops(p[0], p[1]);
            checkAgainstLoops(p[1], p[0]);
        }
    }

    @Test
    void incompatibleShapesAreRejectedWhenBuilt() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.zeros(2, 3));
        Node b = g.constant(Tensor.zeros(2));
        ShapeException e = assertThrows(ShapeException.class, () -> a.add(b));
        assertEquals(true, e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2]"), e.getMessage());
        assertThrows(ShapeException.class, () -> Ops.where(g.constant(Tensor.zeros(3)), a, b));
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        // cond [2,1,1], a [3,1], b [4] -> [2,3,4]
        double[] cond = {1, 0};
        double[] a = {10, 20, 30};
        double[] b = {-1, -2, -3, -4};
        Graph g = new Graph();
        Node y = Ops.where(g.constant(Tensor.fromArray(cond, 2, 1, 1)), g.constant(Tensor.fromArray(a, 3, 1)),
                g.constant(Tensor.fromArray(b)));
        assertEquals(Shape.of(2, 3, 4), y.shape());
        Tensor out = run(Map.of(), y).get(0);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(cond[i] != 0 ? a[j] : b[k], out.get(i, j, k), i + "," + j + "," + k);
                }
            }
        }
    }

    @Test
    void whereWithScalarBranches() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromArray(new double[] {-2, 0, 3, -1}, 2, 2));
        Tensor out = run(Map.of(), Ops.where(Ops.gt(x, g.scalar(0)), x, g.scalar(0))).get(0);
        assertEquals(Tensor.fromArray(new double[] {0, 0, 3, 0}, 2, 2), out);
    }

    @Test
    void unknownBatchWithVectorAndColumnThroughOnePlan() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node bias = g.param("bias", 3);
        Node col = g.input("col", Shape.UNKNOWN, 1);
        Node y = x.add(bias).mul(col).sub(g.scalar(1));
        assertEquals(Shape.of(Shape.UNKNOWN, 3), y.shape());
        double[] bv = {0.5, -1, 2};
        Session s = new Session(new ParamStore().put("bias", Tensor.fromArray(bv)));
        Plan plan = s.compile(y);
        for (int batch : new int[] {4, 1, 7, 4}) {
            Tensor xv = Tensor.randomUniform(batch, -1, 1, batch, 3);
            Tensor cv = Tensor.randomUniform(100 + batch, -1, 1, batch, 1);
            Tensor out = plan.run(Map.of(x, xv, col, cv)).get(0);
            assertEquals(Shape.of(batch, 3), out.shape());
            double[] expected = new double[batch * 3];
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[i * 3 + j] = (xv.get(i, j) + bv[j]) * cv.get(i, 0) - 1;
                }
            }
            assertClose(expected, out, RTOL, "batch " + batch);
        }
    }

    @Test
    void unknownBatchOnTheRightOfASizeOneAxis() {
        // [1,3] + [?,1] -> [?,3]: both operands repeat, and the size comes from the fed input.
        Graph g = new Graph();
        Node row = g.constant(Tensor.fromArray(new double[] {1, 2, 3}, 1, 3));
        Node col = g.input("col", Shape.UNKNOWN, 1);
        Node y = row.add(col);
        assertEquals(Shape.of(Shape.UNKNOWN, 3), y.shape());
        Plan plan = new Session(new ParamStore()).compile(y);
        for (int batch : new int[] {2, 5}) {
            double[] c = new double[batch];
            for (int i = 0; i < batch; i++) {
                c[i] = 10 * (i + 1);
            }
            Tensor out = plan.run(Map.of(col, Tensor.fromArray(c, batch, 1))).get(0);
            assertEquals(Shape.of(batch, 3), out.shape());
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(c[i] + j + 1, out.get(i, j));
                }
            }
        }
    }

    @Test
    void meanAndOtherReductionsOverTheUnknownBatchAxis() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node mean0 = x.mean(0);
        Node meanAll = x.mean();
        Node meanKeep = Reductions.mean(x, true, 0);
        Node centred = x.sub(meanKeep);
        Node sum0 = x.sum(0);
        Node max0 = x.max(0);
        Node mean1 = x.mean(1);
        assertEquals(Shape.of(3), mean0.shape());
        assertEquals(Shape.of(1, 3), meanKeep.shape());
        assertEquals(Shape.of(Shape.UNKNOWN), mean1.shape());
        Plan plan = new Session(new ParamStore()).compile(mean0, meanAll, centred, sum0, max0, mean1);
        for (int batch : new int[] {1, 6, 3, 6}) {
            Tensor xv = Tensor.randomUniform(7 * batch, -2, 2, batch, 3);
            List<Tensor> out = plan.run(Map.of(x, xv));
            double[] colSum = new double[3];
            double[] colMax = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            double[] rowMean = new double[batch];
            double total = 0;
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < 3; j++) {
                    double v = xv.get(i, j);
                    colSum[j] += v;
                    colMax[j] = Math.max(colMax[j], v);
                    rowMean[i] += v / 3;
                    total += v;
                }
            }
            double[] colMean = {colSum[0] / batch, colSum[1] / batch, colSum[2] / batch};
            double[] centredExpected = new double[batch * 3];
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < 3; j++) {
                    centredExpected[i * 3 + j] = xv.get(i, j) - colMean[j];
                }
            }
            String at = "batch " + batch;
            assertClose(colMean, out.get(0), RTOL, "mean(0), " + at);
            assertClose(new double[] {total / (3 * batch)}, out.get(1), RTOL, "mean(), " + at);
            assertEquals(Shape.of(batch, 3), out.get(2).shape(), at);
            assertClose(centredExpected, out.get(2), 1e-10, "x - mean, " + at);
            assertClose(colSum, out.get(3), RTOL, "sum(0), " + at);
            assertClose(colMax, out.get(4), 0, "max(0), " + at);
            assertClose(rowMean, out.get(5), RTOL, "mean(1), " + at);
        }
    }

    @Test
    void unknownBatchMatmulThenBiasThenLogsumexp() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node w = g.constant(Tensor.fromRows(new double[] {1, 0, -1}, new double[] {2, 1, 0}));
        Node b = g.constant(Tensor.fromArray(new double[] {0, 1, 2}));
        Node logits = x.matmul(w).add(b);
        Node lse = Reductions.logsumexp(logits, false, 1);
        Node logProbs = logits.sub(Reductions.logsumexp(logits, true, 1));
        assertEquals(Shape.of(Shape.UNKNOWN), lse.shape());
        Plan plan = new Session(new ParamStore()).compile(lse, logProbs);
        for (int batch : new int[] {3, 1, 5}) {
            Tensor xv = Tensor.randomNormal(batch, 0, 1, batch, 2);
            List<Tensor> out = plan.run(Map.of(x, xv));
            double[] lseExpected = new double[batch];
            double[] lpExpected = new double[batch * 3];
            for (int i = 0; i < batch; i++) {
                double[] l = new double[3];
                double s = 0;
                for (int j = 0; j < 3; j++) {
                    l[j] = xv.get(i, 0) * w(0, j) + xv.get(i, 1) * w(1, j) + j;
                    s += Math.exp(l[j]);
                }
                lseExpected[i] = Math.log(s);
                for (int j = 0; j < 3; j++) {
                    lpExpected[i * 3 + j] = l[j] - Math.log(s);
                }
            }
            assertClose(lseExpected, out.get(0), 1e-12, "lse, batch " + batch);
            assertClose(lpExpected, out.get(1), 1e-10, "log-probs, batch " + batch);
        }
    }

    @Test
    void feedOfTheWrongTrailingSizeIsRejected() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node y = x.add(g.constant(Tensor.ones(3)));
        Session s = new Session(new ParamStore());
        assertThrows(EvaluationException.class, () -> s.run(Map.of(x, Tensor.zeros(2, 4)), y));
        assertThrows(EvaluationException.class, () -> s.run(Map.of(x, Tensor.zeros(6)), y));
    }

    private static double w(int i, int j) {
        double[][] w = {{1, 0, -1}, {2, 1, 0}};
        return w[i][j];
    }

    /** Runs add, mul, maximum, lt and pow on random operands of the two shapes and checks them. */
    private static void checkAgainstLoops(int[] aDims, int[] bDims) {
        int rank = Math.max(aDims.length, bDims.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = at(aDims, i, rank);
            int db = at(bDims, i, rank);
            out[i] = Math.max(da, db);
        }
        Tensor ta = Tensor.randomUniform(31, 0.5, 2, aDims);
        Tensor tb = Tensor.randomUniform(32, -2, 2, bDims);
        Graph g = new Graph();
        Node a = g.constant(ta);
        Node b = g.constant(tb);
        List<Tensor> got = run(Map.of(), a.add(b), a.mul(b), a.maximum(b), a.lt(b), a.pow(b));
        int size = Shape.of(out).size();
        double[][] expected = new double[5][size];
        int[] idx = new int[rank];
        for (int flat = 0; flat < size; flat++) {
            int rest = flat;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rest % out[d];
                rest /= out[d];
            }
            double va = ta.get(project(idx, aDims));
            double vb = tb.get(project(idx, bDims));
            expected[0][flat] = va + vb;
            expected[1][flat] = va * vb;
            expected[2][flat] = va > vb ? va : vb;
            expected[3][flat] = va < vb ? 1 : 0;
            expected[4][flat] = Math.exp(vb * Math.log(va));
        }
        String what = java.util.Arrays.toString(aDims) + " with " + java.util.Arrays.toString(bDims);
        String[] names = {"add", "mul", "maximum", "lt", "pow"};
        for (int k = 0; k < 5; k++) {
            assertEquals(Shape.of(out), got.get(k).shape(), names[k] + " " + what);
            assertClose(expected[k], got.get(k), RTOL, names[k] + " " + what);
        }
    }

    /** The size of axis i of the broadcast rank, for an operand aligned at the last axis. */
    private static int at(int[] dims, int i, int rank) {
        int j = i - (rank - dims.length);
        return j < 0 ? 1 : dims[j];
    }

    /** The operand's index for an output index: drop leading axes, pin size-1 axes to 0. */
    private static int[] project(int[] idx, int[] dims) {
        int[] p = new int[dims.length];
        int offset = idx.length - dims.length;
        for (int j = 0; j < dims.length; j++) {
            p[j] = dims[j] == 1 ? 0 : idx[j + offset];
        }
        return p;
    }
}
