// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Grad#perExample}: each row of the result against the gradient of that row alone, computed
 * in a graph of its own with a batch of one; against the Jacobian where rows interact; its
 * second derivative against finite differences; and its refusals.
 */
class PerExampleTest {
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;

    /** A two-layer tanh network with a per-row softmax cross-entropy against fixed labels. */
    private static Node mlpLosses(Graph g, Node x) {
        int rows = x.shape().dim(0);
        Node w1 = g.param("w1", 4, 6);
        Node b1 = g.param("b1", 6);
        Node w2 = g.param("w2", 6, 3);
        Node b2 = g.param("b2", 3);
        Node logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
        Node labels = g.input("labels", rows, 3);  // one-hot
        return Reductions.logsumexp(logits, false, 1).sub(logits.mul(labels).sum(1));
    }

    private static ParamStore mlpParams() {
        return new ParamStore().put("w1", Tensor.randomNormal(1, 0, 0.7, 4, 6)).put("b1", Tensor.randomNormal(2, 0, 0.3, 6))
                .put("w2", Tensor.randomNormal(3, 0, 0.7, 6, 3)).put("b2", Tensor.randomNormal(4, 0, 0.3, 3));
    }

    /**
     * Broadcasting everywhere: a vector param against [B, 3] rows, a scalar param, a [1, 3] param,
     * and a row param read twice.
     */
    private static Node broadcastLosses(Graph g, Node x) {
        Node v = g.param("v", 3);
        Node s = g.param("s");
        Node r = g.param("r", 1, 3);
        Node h = x.mul(v).add(s).sin().mul(r).add(x.mul(r).square());
        return h.sum(1).mul(s).add(v.mul(v).sum());
    }

    private static ParamStore broadcastParams() {
        return new ParamStore().put("v", Tensor.fromArray(new double[] {0.5, -1.2, 0.8}, 3)).put("s", Tensor.scalar(0.7))
                .put("r", Tensor.fromArray(new double[] {1.1, -0.4, 0.3}, 1, 3));
    }

    @Test
    void mlpRowsEqualALoopOfSingleRowGradients() {
        Tensor x = Tensor.randomNormal(5, 0, 1, 7, 4);
        Tensor labels = oneHot(new int[] {0, 2, 1, 1, 0, 2, 2}, 3);
        matchesALoopOfSingleRows(PerExampleTest::mlpLosses, List.of("w1", "b1", "w2", "b2"), x, labels, mlpParams());
    }

    @Test
    void broadcastRowsEqualALoopOfSingleRowGradients() {
        matchesALoopOfSingleRows(PerExampleTest::broadcastLosses, List.of("v", "s", "r"), Tensor.randomNormal(6, 0, 1, 5, 3),
                null, broadcastParams());
    }

    /** Rows that interact (each loss minus the batch mean): row b is still d losses[b] / dw, the Jacobian's row. */
    @Test
    void rowsThatInteractGiveTheJacobian() {
        Graph g = new Graph();
        Node x = g.input("x", 4, 3);
        Node w = g.param("w", 3);
        Node z = x.mul(w).sum(1).tanh();
        Node losses = z.sub(z.mean().reshape(1));
        Node per = Grad.perExample(losses, List.of(w)).get(0);
        Node jac = Grad.jacobian(losses, w);
        Session session = new Session(new ParamStore().put("w", Tensor.fromArray(new double[] {0.3, -0.6, 1.2}, 3)));
        List<Tensor> out = session.run(Map.of(x, Tensor.randomNormal(7, 0, 1, 4, 3)), per, jac);
        assertEquals(Shape.of(4, 3), out.get(0).shape());
        assertTrue(out.get(0).allClose(out.get(1), RTOL, ATOL), out.get(0) + "\nagainst\n" + out.get(1));
    }

    /** The result differentiates again: the sum of squared per-example gradient norms, to second order. */
    @Test
    void perExampleGradientsDifferentiateTwice() {
        GradCheck.assertPasses(v -> {
            Node losses = v.get(0).matmul(v.get(1)).tanh().sum(1);
            return Grad.perExample(losses, List.of(v.get(1))).get(0).square().sum();
        }, List.of(Tensor.randomNormal(8, 0, 1, 3, 2), Tensor.randomNormal(9, 0, 0.8, 2, 2)));
    }

    @Test
    void aFloat32GraphGivesItsRowsInFloat32() {
        Graph g = new Graph(DType.FLOAT32);
        Node x = g.input("x", 3, 2);
        Node w = g.param("w", 2);
        Node per = Grad.perExample(x.mul(w).sum(1).square(), List.of(w)).get(0);
        Tensor xv = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor got = new Session(new ParamStore().put("w", Tensor.ones(2).to(DType.FLOAT32))).run(Map.of(x, xv), per).get(0);
        assertEquals(DType.FLOAT32, got.dtype());
        // d (x_b . w)^2 / dw = 2 (x_b . w) x_b, with w = 1: rows 2*3*(1,2), 2*7*(3,4), 2*11*(5,6).
        assertEquals(Tensor.fromArray(new double[] {6, 12, 42, 56, 110, 132}, 3, 2), got.to(DType.FLOAT64));
    }

    @Test
    void badLossesAndParamsAreRefusedByName() {
        Graph g = new Graph();
        Node x = g.input("x", 4, 3);
        Node w = g.param("w", 3);
        Node column = x.mul(w).sum(1).reshape(4, 1);
        ShapeException notVector = assertThrows(ShapeException.class, () -> Grad.perExample(column, List.of(w)));
        assertTrue(notVector.getMessage().contains("perExample") && notVector.getMessage().contains("[4, 1]")
                && notVector.getMessage().contains(".reshape(B)"), notVector.getMessage());
        ShapeException scalar = assertThrows(ShapeException.class, () -> Grad.perExample(x.mul(w).sum(), List.of(w)));
        assertTrue(scalar.getMessage().contains("Grad.grad"), scalar.getMessage());
        Node u = g.input("u", Shape.UNKNOWN, 3);
        Node mixed = u.mul(w).sum(1);
        ShapeException unknown = assertThrows(ShapeException.class,
                () -> Grad.perExample(mixed.sub(mixed.mean().reshape(1)), List.of(w)));
        assertTrue(unknown.getMessage().contains("[?]") && unknown.getMessage().contains("mixes rows")
                && unknown.getMessage().contains("g.input(\"x\", 32, 3)"), unknown.getMessage());
        Node losses = x.mul(w).sum(1);
        Node elsewhere = new Graph().param("w", 3);
        NablaException other = assertThrows(NablaException.class, () -> Grad.perExample(losses, List.of(w, elsewhere)));
        assertTrue(other.getMessage().contains("another graph"), other.getMessage());
        Node unused = g.param("unused", 3);
        NablaException notUsed = assertThrows(NablaException.class, () -> Grad.perExample(losses, List.of(unused)));
        assertTrue(notUsed.getMessage().contains("do not depend on") && notUsed.getMessage().contains("\"unused\""),
                notUsed.getMessage());
        assertThrows(NablaException.class, () -> Grad.perExample(losses, List.of()));
        assertThrows(NablaException.class, () -> Grad.perExample(losses, Arrays.asList(w, null)));
        assertThrows(NablaException.class, () -> Grad.perExample(null, List.of(w)));
    }

    /**
     * Compares each row of {@link Grad#perExample} with the gradient of that row's loss computed
     * alone: the same model built again on an input of one row, fed row b.
     */
    private static void matchesALoopOfSingleRows(BiFunction<Graph, Node, Node> model, List<String> names, Tensor x,
            Tensor labels, ParamStore store) {
        int rows = x.shape().dim(0);
        Graph g = new Graph();
        Node in = g.input("x", x.shape().dims());
        Node losses = model.apply(g, in);
        List<Node> params = names.stream().map(n -> g.node(n).orElseThrow()).toList();
        List<Node> per = Grad.perExample(losses, params);
        List<Tensor> batch = new Session(store).run(feeds(g, in, x, labels), per.toArray(new Node[0]));
        for (int b = 0; b < rows; b++) {
            Graph h = new Graph();
            Node one = h.input("x", withRows(x.shape(), 1));
            Node loss = model.apply(h, one).sum();
            List<Node> hp = names.stream().map(n -> h.node(n).orElseThrow()).toList();
            List<Tensor> alone = new Session(store).run(feeds(h, one, row(x, b), labels == null ? null : row(labels, b)),
                    Grad.grad(loss, hp, Grad.Unused.ERROR).toArray(new Node[0]));
            for (int j = 0; j < names.size(); j++) {
                Tensor got = row(batch.get(j), b).reshape(params.get(j).shape().dims());
                assertEquals(params.get(j).shape(), alone.get(j).shape());
                assertTrue(got.allClose(alone.get(j), RTOL, ATOL), names.get(j) + " row " + b + ": " + got
                        + " against " + alone.get(j));
            }
        }
    }

    private static Map<Node, Tensor> feeds(Graph g, Node x, Tensor xv, Tensor labels) {
        return labels == null ? Map.of(x, xv) : Map.of(x, xv, g.node("labels").orElseThrow(), labels);
    }

    private static int[] withRows(Shape s, int rows) {
        int[] d = s.dims();
        d[0] = rows;
        return d;
    }

    /** Row b of a tensor, as a batch of one. */
    private static Tensor row(Tensor t, int b) {
        double[] all = t.toArray();
        int n = all.length / t.shape().dim(0);
        return Tensor.fromArray(Arrays.copyOfRange(all, b * n, (b + 1) * n), withRows(t.shape(), 1));
    }

    private static Tensor oneHot(int[] labels, int classes) {
        List<double[]> rows = new ArrayList<>();
        for (int l : labels) {
            double[] r = new double[classes];
            r[l] = 1;
            rows.add(r);
        }
        return Tensor.fromRows(rows.toArray(new double[0][]));
    }
}
