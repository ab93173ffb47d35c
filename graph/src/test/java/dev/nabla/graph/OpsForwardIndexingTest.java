// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.OpsForwardTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.OneHot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forward values of the ops that move elements: reshape, permute, transpose, expand, slice, pad,
 * concat, gather and one-hot, each compared with explicit index loops or hand values.
 */
class OpsForwardIndexingTest {

    @Test
    void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
        Tensor t = Tensor.arange(24);
        Graph g = new Graph();
        Node x = g.constant(t);
        Node a = x.reshape(2, 3, 4);
        Node b = x.reshape(-1, 6);
        Node c = a.reshape(4, -1);
        Node d = a.reshape(-1);
        assertEquals(Shape.of(4, 6), b.shape());
        assertEquals(Shape.of(4, 6), c.shape());
        assertEquals(Shape.of(24), d.shape());
        List<Tensor> out = run(Map.of(), a, b, c, d);
        assertEquals(Shape.of(2, 3, 4), out.get(0).shape());
        assertEquals(23.0, out.get(0).get(1, 2, 3));
        assertEquals(6.0, out.get(0).get(0, 1, 2));
        assertEquals(23.0, out.get(1).get(3, 5));
        assertArrayEquals(t.toArray(), out.get(2).toArray());
        assertEquals(t, out.get(3));
    }

    @Test
    void reshapeRejectsWrongSizesAndTwoUnknowns() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.zeros(2, 3));
        assertThrows(ShapeException.class, () -> x.reshape(4, 2));
        assertThrows(ShapeException.class, () -> x.reshape(-1, 4));
        assertThrows(ShapeException.class, () -> x.reshape(-1, -1));
    }

    @Test
    void permuteMatchesLoops() {
        Tensor t = Tensor.randomUniform(1, -1, 1, 2, 3, 4, 5);
        double[] x = t.toArray();
        int[] perm = {2, 0, 3, 1};
        Graph g = new Graph();
        Tensor y = run(Map.of(), g.constant(t).permute(perm)).get(0);
        assertEquals(Shape.of(4, 2, 5, 3), y.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    for (int l = 0; l < 5; l++) {
                        // y[k, i, l, j] = x[i, j, k, l]
                        assertEquals(x[((i * 3 + j) * 4 + k) * 5 + l], y.get(k, i, l, j));
                    }
                }
            }
        }
    }

    @Test
    void transposeSwapsLastTwoAxes() {
        Graph g = new Graph();
        Tensor m = Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        Tensor t3 = Tensor.randomUniform(2, -1, 1, 2, 3, 4);
        List<Tensor> out = run(Map.of(), g.constant(m).transpose(), Ops.transpose(g.constant(t3)));
        assertEquals(Tensor.fromRows(new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6}), out.get(0));
        assertEquals(Shape.of(2, 4, 3), out.get(1).shape());
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(t3.get(b, i, j), out.get(1).get(b, j, i));
                }
            }
        }
    }

    @Test
    void expandRepeatsSizeOneAxesAndAddsLeadingOnes() {
        Graph g = new Graph();
        Node col = g.constant(Tensor.fromArray(new double[] {1, 2, 3}, 3, 1));
        Node row = g.constant(Tensor.fromArray(new double[] {10, 20}));
        Node s = g.scalar(7);
        List<Tensor> out = run(Map.of(), col.expand(3, 2), row.expand(2, 3, 2), s.expand(2, 2), col.expand(3, 1));
        assertEquals(Tensor.fromRows(new double[] {1, 1}, new double[] {2, 2}, new double[] {3, 3}), out.get(0));
        Tensor e = out.get(1);
        assertEquals(Shape.of(2, 3, 2), e.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(10.0, e.get(i, j, 0));
                assertEquals(20.0, e.get(i, j, 1));
            }
        }
        assertEquals(Tensor.full(7, 2, 2), out.get(2));
        assertEquals(Tensor.fromArray(new double[] {1, 2, 3}, 3, 1), out.get(3));
        assertThrows(ShapeException.class, () -> col.expand(2, 2));
        assertThrows(ShapeException.class, () -> row.expand(2, 3));
    }

    @Test
    void sliceEveryAxisMatchesLoops() {
        Tensor t = Tensor.randomUniform(3, -1, 1, 3, 4, 5);
        Graph g = new Graph();
        Node x = g.constant(t);
        List<Tensor> out = run(Map.of(), Indexing.slice(x, 0, 1, 3), Indexing.slice(x, 1, 1, 3),
                Indexing.slice(x, -1, 2, 5), Indexing.slice(x, 2, 3, 3));
        assertEquals(Shape.of(2, 4, 5), out.get(0).shape());
        assertEquals(Shape.of(3, 2, 5), out.get(1).shape());
        assertEquals(Shape.of(3, 4, 3), out.get(2).shape());
        assertEquals(Shape.of(3, 4, 0), out.get(3).shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 5; k++) {
                    double v = t.get(i, j, k);
                    if (i >= 1) {
                        assertEquals(v, out.get(0).get(i - 1, j, k));
                    }
                    if (j >= 1 && j < 3) {
                        assertEquals(v, out.get(1).get(i, j - 1, k));
                    }
                    if (k >= 2) {
                        assertEquals(v, out.get(2).get(i, j, k - 2));
                    }
                }
            }
        }
        assertThrows(ShapeException.class, () -> Indexing.slice(x, 1, 2, 5));
        assertThrows(ShapeException.class, () -> Indexing.slice(x, 1, 3, 2));
    }

    @Test
    void padEveryAxisMatchesLoops() {
        Tensor t = Tensor.randomUniform(4, -1, 1, 2, 3, 2);
        Graph g = new Graph();
        Node x = g.constant(t);
        for (int axis = 0; axis < 3; axis++) {
            Tensor y = run(Map.of(), Indexing.pad(x, axis, 2, 1, -9.5)).get(0);
            int[] d = {2, 3, 2};
            d[axis] += 3;
            assertEquals(Shape.of(d), y.shape());
            for (int i = 0; i < d[0]; i++) {
                for (int j = 0; j < d[1]; j++) {
                    for (int k = 0; k < d[2]; k++) {
                        int[] src = {i, j, k};
                        src[axis] -= 2;
                        boolean inside = src[axis] >= 0 && src[axis] < t.shape().dim(axis);
                        double expected = inside ? t.get(src) : -9.5;
                        assertEquals(expected, y.get(i, j, k), "pad axis " + axis + " at " + i + "," + j + "," + k);
                    }
                }
            }
        }
    }

    @Test
    void concatOnBothAxesByHand() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}));
        Node b = g.constant(Tensor.fromRows(new double[] {5, 6}));
        Node c = g.constant(Tensor.fromRows(new double[] {7}, new double[] {8}));
        List<Tensor> out = run(Map.of(), Indexing.concat(0, a, b), Indexing.concat(-1, a, c, a), Indexing.concat(1, a));
        assertEquals(Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}), out.get(0));
        assertEquals(Tensor.fromRows(new double[] {1, 2, 7, 1, 2}, new double[] {3, 4, 8, 3, 4}), out.get(1));
        assertEquals(Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}), out.get(2));
        assertThrows(ShapeException.class, () -> Indexing.concat(0, a, c));
    }

    @Test
    void concatKeepsNegativeZeroAndInfinity() {
        // concat is a sum of zero pads: check that values survive the addition unchanged.
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromArray(new double[] {-0.0, Double.NEGATIVE_INFINITY}));
        Node b = g.constant(Tensor.fromArray(new double[] {Double.NaN, 1e-320}));
        Tensor y = run(Map.of(), Indexing.concat(0, a, b)).get(0);
        assertArrayEquals(new double[] {-0.0, Double.NEGATIVE_INFINITY, Double.NaN, 1e-320}, y.toArray());
    }

    @Test
    void gatherOnAxisZeroPicksRows() {
        Tensor t = Tensor.randomUniform(5, -1, 1, 4, 3);
        double[] idx = {3, 0, 3, 1, 2};
        Graph g = new Graph();
        Node y = Indexing.gather(g.constant(t), g.constant(Tensor.fromArray(idx)), 0);
        Node y2 = Indexing.gather(g.constant(t), g.constant(Tensor.fromArray(new double[] {2, 0, 1, 1}, 2, 2)), 0);
        List<Tensor> out = run(Map.of(), y, y2);
        assertEquals(Shape.of(5, 3), out.get(0).shape());
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(t.get((int) idx[i], j), out.get(0).get(i, j));
            }
        }
        assertEquals(Shape.of(2, 2, 3), out.get(1).shape());
        for (int j = 0; j < 3; j++) {
            assertEquals(t.get(2, j), out.get(1).get(0, 0, j));
            assertEquals(t.get(1, j), out.get(1).get(1, 1, j));
        }
    }

    @Test
    void gatherOnAxisOnePicksColumnsOfEveryBatch() {
        Tensor t = Tensor.randomUniform(6, -1, 1, 2, 4, 3);
        double[] idx = {1, 1, 0, 3, 2, 0};
        Graph g = new Graph();
        Tensor y = run(Map.of(), Indexing.gather(g.constant(t), g.constant(Tensor.fromArray(idx, 3, 2)), 1)).get(0);
        assertEquals(Shape.of(2, 3, 2, 3), y.shape());
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 2; q++) {
                    for (int k = 0; k < 3; k++) {
                        assertEquals(t.get(b, (int) idx[p * 2 + q], k), y.get(b, p, q, k));
                    }
                }
            }
        }
    }

    @Test
    void gatherOnLastAxisByHand() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromRows(new double[] {10, 11, 12}, new double[] {20, 21, 22}));
        Tensor y = run(Map.of(), Indexing.gather(x, g.constant(Tensor.fromArray(new double[] {2, 0})), -1)).get(0);
        assertEquals(Tensor.fromRows(new double[] {12, 10}, new double[] {22, 20}), y);
    }

    @Test
    void gatherRejectsBadIndicesAtRunTime() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.zeros(3, 2));
        Node idx = g.input("idx", Shape.UNKNOWN);
        Node y = Indexing.gather(x, idx, 0);
        Session s = new Session(new ParamStore());
        for (double bad : new double[] {3, -1, 0.5, Double.NaN}) {
            EvaluationException e = assertThrows(EvaluationException.class,
                    () -> s.run(Map.of(idx, Tensor.fromArray(new double[] {0, bad})), y));
            assertTrue(e.getMessage().contains("gather"), e.getMessage());
        }
    }

    @Test
    void oneHotByHandAndOnRank2Labels() {
        Graph g = new Graph();
        Node labels = g.input("labels", Shape.UNKNOWN);
        Node y = Indexing.oneHot(labels, 4);
        assertEquals(Shape.of(Shape.UNKNOWN, 4), y.shape());
        Tensor out = run(Map.of(labels, Tensor.fromArray(new double[] {2, 0, 3})), y).get(0);
        assertEquals(Tensor.fromRows(new double[] {0, 0, 1, 0}, new double[] {1, 0, 0, 0}, new double[] {0, 0, 0, 1}),
                out);
        double[] l2 = {1, 2, 0, 2, 1, 1};
        Tensor out2 = run(Map.of(), Indexing.oneHot(g.constant(Tensor.fromArray(l2, 2, 3)), 3)).get(0);
        assertEquals(Shape.of(2, 3, 3), out2.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(l2[i * 3 + j] == c ? 1.0 : 0.0, out2.get(i, j, c));
                }
            }
        }
        assertThrows(EvaluationException.class, () -> run(Map.of(labels, Tensor.fromArray(new double[] {4})), y));
    }

    @Test
    void oneHotOfAnUnknownDepthTakesItFromItsReferenceAtRunTime() {
        for (DType type : DType.values()) {
            Graph g = new Graph(type);
            Node labels = g.constant(Tensor.fromArray(new double[] {2, 0}));
            Node batch = g.input("batch", Shape.UNKNOWN, 5);
            Node rows = g.apply(new OneHot(Shape.UNKNOWN, 0), List.of(labels, batch));
            Node columns = g.apply(new OneHot(Shape.UNKNOWN, 1), List.of(labels, batch));
            assertEquals(Shape.of(2, Shape.UNKNOWN), rows.shape());
            assertEquals(Shape.of(2, 5), columns.shape());
            List<Tensor> out = run(Map.of(batch, Tensor.zeros(3, 5)), rows, columns);
            assertEquals(Tensor.fromRows(new double[] {0, 0, 1}, new double[] {1, 0, 0}), out.get(0).to(DType.FLOAT64));
            assertEquals(Shape.of(2, 5), out.get(1).shape());
            assertThrows(EvaluationException.class, () -> run(Map.of(batch, Tensor.zeros(2, 5)), rows));
        }
        Graph g = new Graph();
        Node labels = g.input("labels", 2);
        ShapeException e = assertThrows(ShapeException.class, () -> g.apply(new OneHot(Shape.UNKNOWN, 0), List.of(labels)));
        assertTrue(e.getMessage().contains("one_hot(\"labels\" [2]): an unknown depth takes the labels and a reference, got 1 inputs"),
                e.getMessage());
        e = assertThrows(ShapeException.class, () -> g.apply(new OneHot(Shape.UNKNOWN, 1), List.of(labels, labels)));
        assertTrue(e.getMessage().contains("the reference [2] has no axis 1 to give the depth"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> g.apply(new OneHot(3), List.of(labels, labels)));
        assertTrue(e.getMessage().contains("takes the labels only, got 2 inputs"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> new OneHot(-2));
        assertTrue(e.getMessage().contains("one_hot: depth must be at least 1, got -2"), e.getMessage());
    }
}
