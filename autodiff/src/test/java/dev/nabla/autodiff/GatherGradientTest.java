// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gather's gradient when a size is known only at run time (issue 16): built with
 * {@link Shape#UNKNOWN}, then run with fed batches and compared, first and second order, with
 * central differences of the same graph, as {@link GradCheck} does for known shapes.
 */
class GatherGradientTest {
    private static final Session SESSION = new Session(new ParamStore());

    @Test
    void gatherOfABatchProductDifferentiatesByTheWeights() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node w = g.input("w", 3, 2);
        Node idx = g.constant(Tensor.of(Shape.of(2), 1, 0));
        // The expression, as written, then a nonlinear one whose second derivative is not zero.
        Node plain = Indexing.gather(x.matmul(w), idx, 1).sum();
        Node curved = Indexing.gather(x.matmul(w).tanh(), g.constant(Tensor.of(Shape.of(3), 1, 1, 0)), 1).square().sum();
        assertEquals(Shape.of(3, 2), Grad.grad(plain, w).shape());
        for (int batch : new int[] {1, 4}) {
            Map<Node, Tensor> at = point(x, w, batch);
            checkBothOrders(plain, w, at);
            checkBothOrders(curved, w, at);
        }
    }

    @Test
    void gatherAlongTheUnknownBatchAxisDifferentiatesByTheBatchAndTheWeights() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node w = g.input("w", 3, 2);
        Node rows = Indexing.gather(x.matmul(w).tanh(), g.constant(Tensor.of(Shape.of(3), 2, 0, 2)), 0);
        Node loss = rows.square().sum();
        assertEquals(Shape.of(Shape.UNKNOWN, 3), Grad.grad(loss, x).shape());
        for (int batch : new int[] {3, 5}) {
            Map<Node, Tensor> at = point(x, w, batch);
            checkBothOrders(loss, w, at);
            checkBothOrders(loss, x, at);
        }
    }

    @Test
    void gatherAlongTheUnknownBatchAxisDifferentiatesInFloat32Too() {
        Tensor batch = Tensor.randomNormal(3, 0, 1, 4, 3);
        double[][] grads = new double[2][];
        for (DType type : DType.values()) {
            Graph g = new Graph(type);
            Node x = g.input("x", Shape.UNKNOWN, 3);
            Node loss = Indexing.gather(x.tanh(), g.constant(Tensor.of(Shape.of(3), 3, 0, 3)), 0).square().sum();
            grads[type.ordinal()] = SESSION.run(Map.of(x, batch), Grad.grad(loss, x)).get(0).to(DType.FLOAT64).toArray();
        }
        assertArrayEquals(grads[0], grads[1], 1e-6);
        assertEquals(0.0, grads[0][4]);
        assertNotEquals(0.0, grads[0][9]);
    }

    @Test
    void gatherWithMatrixIndicesFromARankThreeBatch() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4, 3);
        Node idx = g.constant(Tensor.of(Shape.of(2, 2), 3, 0, 0, 2));
        Node loss = Indexing.gather(x.tanh(), idx, 1).square().sum();
        Map<Node, Tensor> at = Map.of(x, Tensor.randomNormal(7, 0, 1, 2, 4, 3));
        checkBothOrders(loss, x, at);
    }

    @Test
    void indicesOfUnknownCountFromABatchOrATable() {
        Graph g = new Graph();
        Node idx = g.input("idx", Shape.UNKNOWN);
        Node x = g.input("x", Shape.UNKNOWN, 5);
        Node columns = Indexing.gather(x.tanh(), idx, 1).square().sum();
        Node table = g.input("table", 6, 2);
        Node embedded = Indexing.gather(table.tanh(), idx, 0).square().sum();
        Map<Node, Tensor> at = Map.of(idx, Tensor.of(Shape.of(4), 4, 1, 4, 0),
                x, Tensor.randomNormal(8, 0, 1, 3, 5), table, Tensor.randomNormal(9, 0, 1, 6, 2));
        checkBothOrders(columns, x, at);
        checkBothOrders(embedded, table, at);
    }

    @Test
    void aGradientThatWouldNeedTwoRunTimeSizesInOneShapeIsRefusedNamingGather() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4, 3);
        Node idx = g.input("idx", Shape.UNKNOWN, 2);
        Node loss = Indexing.gather(x, idx, 1).sum();
        ShapeException e = assertThrows(ShapeException.class, () -> Grad.grad(loss, x));
        assertTrue(e.getMessage().startsWith("gather(\"x\" [?, 4, 3], \"idx\" [?, 2]): cannot build the gradient"
                + " along axis 1: it needs the cotangent [?, ?, 2, 3] as [?, ?, 3], "), e.getMessage());
        assertTrue(e.getMessage().contains("give the indices a shape known when the graph is built"), e.getMessage());
    }

    /** A batch {@code x [batch, 3]} and weights {@code w [3, 2]}, drawn from the batch size. */
    private static Map<Node, Tensor> point(Node x, Node w, int batch) {
        return Map.of(x, Tensor.randomNormal(batch, 0, 1, batch, 3), w, Tensor.randomNormal(10 + batch, 0, 1, 3, 2));
    }

    /** Checks the gradient of {@code loss} by {@code by}, and the gradient of its squared norm. */
    private static void checkBothOrders(Node loss, Node by, Map<Node, Tensor> at) {
        Node first = Grad.grad(loss, by);
        assertEquals(by.shape(), first.shape());
        check(loss, first, by, at);
        // A scalar of the gradient whose own gradient, 2 H·first, goes through every rule twice.
        Node second = first.square().sum();
        check(second, Grad.grad(second, List.of(by), Grad.Unused.ZERO).get(0), by, at);
    }

    /** Compares the analytic gradient with central differences, element by element, as GradCheck does. */
    private static void check(Node scalar, Node gradient, Node by, Map<Node, Tensor> at) {
        double[] analytic = SESSION.run(at, gradient).get(0).toArray();
        Plan value = SESSION.compile(scalar);
        Map<Node, Tensor> feeds = new HashMap<>(at);
        Tensor point = at.get(by);
        double[] x = point.toArray();
        for (int j = 0; j < x.length; j++) {
            double keep = x[j];
            double h = 1e-6 * Math.max(1.0, Math.abs(keep));
            x[j] = keep + h;
            feeds.put(by, Tensor.of(point.shape(), x));
            double plus = value.run(feeds).get(0).item();
            x[j] = keep - h;
            feeds.put(by, Tensor.of(point.shape(), x));
            double minus = value.run(feeds).get(0).item();
            x[j] = keep;
            double numeric = (plus - minus) / (2 * h);
            double tolerance = 1e-6 + 1e-5 * Math.max(Math.abs(analytic[j]), Math.abs(numeric));
            int element = j;
            assertTrue(Math.abs(analytic[j] - numeric) <= tolerance, () -> "element " + element + " of "
                    + by.label() + ": analytic " + analytic[element] + ", numeric " + numeric);
        }
    }
}
