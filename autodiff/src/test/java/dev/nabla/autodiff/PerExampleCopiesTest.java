// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The one-sweep method of per-example gradients against the exact per-row sweeps, on each way a
 * param can meet the batch (a product, transposed or batched, a broadcast, a gather of one index
 * or of several per row, a weight tied to two of them, a param-only computation between), its
 * refusals, and its graph, which does not grow with the batch.
 */
class PerExampleCopiesTest {
    private static final int ROWS = 5;

    /** Builds the losses of a test graph from the graph and its batch size (known or Shape.UNKNOWN). */
    private interface Model extends BiFunction<Graph, Integer, Node> {}

    private static final ParamStore STORE = new ParamStore()
            .put("w", Tensor.randomNormal(1, 0, 0.6, 4, 3)).put("b", Tensor.randomNormal(2, 0, 0.3, 3))
            .put("v", Tensor.randomNormal(3, 0, 0.6, 3, 4)).put("e", Tensor.randomNormal(4, 0, 0.6, 6, 4))
            .put("s", Tensor.scalar(0.8));

    private static final Tensor X = Tensor.randomNormal(5, 0, 1, ROWS, 4);
    private static final Tensor X3 = Tensor.randomNormal(6, 0, 1, ROWS, 2, 4);
    private static final Tensor IDS = Tensor.fromArray(new double[] {0, 5, 2, 2, 4}, ROWS);
    private static final Tensor IDS2 = Tensor.fromArray(new double[] {0, 1, 5, 5, 2, 3, 3, 0, 4, 1}, ROWS, 2);

    @Test
    void aDenseLayerWithBias() {
        sameAsExact((g, n) -> g.input("x", n, 4).matmul(g.param("w", 4, 3)).add(g.param("b", 3)).tanh().sum(1),
                "w", "b");
    }

    @Test
    void aProductWithTheWeightTransposed() {
        sameAsExact((g, n) -> g.apply(new MatMul(false, true), List.of(g.input("x", n, 4), g.param("v", 3, 4))).sin().sum(1),
                "v");
    }

    @Test
    void aBatchOfMatricesTimesASharedWeight() {
        sameAsExact((g, n) -> {
            Node x3 = g.input("x3", n, 2, 4);
            Node w = g.param("w", 4, 3);
            Node y = x3.matmul(w).tanh();
            Node yt = g.apply(new MatMul(false, true), List.of(y, g.param("v", 3, 4).reshape(12).reshape(4, 3)));
            return yt.square().sum(1, 2);
        }, "w", "v");
    }

    @Test
    void anEmbeddingGatheredByOneIndexAndBySeveralPerRow() {
        sameAsExact((g, n) -> Indexing.gather(g.param("e", 6, 4), g.input("ids", n), 0).mul(g.input("x", n, 4))
                .tanh().sum(1), "e");
        sameAsExact((g, n) -> Indexing.gather(g.param("e", 6, 4), g.input("ids2", n, 2), 0).square().sum(1, 2), "e");
    }

    /** An embedding whose transpose also makes the output scores: two meetings, summed per example. */
    @Test
    void aWeightTiedToAGatherAndAProduct() {
        sameAsExact((g, n) -> {
            Node e = g.param("e", 6, 4);
            Node h = Indexing.gather(e, g.input("ids", n), 0).tanh();
            Node scores = g.apply(new MatMul(false, true), List.of(h, e));
            return dev.nabla.graph.Reductions.logsumexp(scores, false, 1);
        }, "e");
    }

    /** A param-only computation between the param and the batch: differentiated once per row. */
    @Test
    void aParamComputedBeforeItMeetsTheBatch() {
        Model m = (g, n) -> {
            Node w = g.param("w", 4, 3);
            Node s = g.param("s");
            Node scaled = w.mul(s).div(w.square().sum().sqrt());
            return g.input("x", n, 4).matmul(scaled).add(s).tanh().sum(1).add(s.square());
        };
        sameAsExact(m, "w", "s");
        Graph g = new Graph();
        Node losses = m.apply(g, Shape.UNKNOWN);
        String why = PerExampleCopies.of(losses, List.of(g.node("w").orElseThrow())).refusal();
        assertNotNull(why, "with the batch size unknown, the rows of the param-only part cannot be swept");
        assertTrue(why.contains("more than reshapes"), why);
    }

    @Test
    void rowsThatMixAreRefusedByNode() {
        Graph g = new Graph();
        Node x = g.input("x", ROWS, 4);
        Node w = g.param("w", 4, 3);
        Node h = x.matmul(w);
        Node normalised = h.sub(h.mean(0).reshape(1, 3)).sum(1);
        String why = PerExampleCopies.of(normalised, List.of(w)).refusal();
        assertNotNull(why);
        assertTrue(why.contains("mixes rows") && why.contains("sum"), why);
        Node perRowParam = g.param("p", ROWS);
        assertTrue(PerExampleCopies.of(h.sum(1).mul(perRowParam), List.of(perRowParam)).refusal()
                .contains("does not copy per example"));
    }

    /** The one-sweep graph is one backward pass: the same size for 5 rows and for 500. */
    @Test
    void theGraphDoesNotGrowWithTheBatch() {
        Model dense = (g, n) -> g.input("x", n, 4).matmul(g.param("w", 4, 3)).add(g.param("b", 3)).tanh().sum(1);
        assertEquals(graphSize(dense, 5), graphSize(dense, 500));
    }

    /** With the batch size unknown until the run, the same graph serves any batch. */
    @Test
    void anUnknownBatchSizeWorksForRowsThatStayApart() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node w = g.param("w", 4, 3);
        Node b = g.param("b", 3);
        List<Node> per = Grad.perExample(x.matmul(w).add(b).tanh().sum(1), List.of(w, b));
        assertEquals(Shape.of(Shape.UNKNOWN, 4, 3), per.get(0).shape());
        Session session = new Session(STORE);
        for (int n : new int[] {ROWS, 2}) {
            Tensor xs = Tensor.fromArray(java.util.Arrays.copyOf(X.toArray(), n * 4), n, 4);
            List<Tensor> got = session.run(Map.of(x, xs), per.toArray(new Node[0]));
            Graph h = new Graph();
            Node xk = h.input("x", n, 4);
            List<Node> exact = PerRowSweeps.run(xk.matmul(h.param("w", 4, 3)).add(h.param("b", 3)).tanh().sum(1),
                    List.of(h.node("w").orElseThrow(), h.node("b").orElseThrow()));
            List<Tensor> want = new Session(STORE).run(Map.of(xk, xs), exact.toArray(new Node[0]));
            for (int j = 0; j < 2; j++) {
                assertTrue(got.get(j).allClose(want.get(j), 1e-12, 1e-14), n + " rows, param " + j);
            }
        }
    }

    private static int graphSize(Model m, int rows) {
        Graph g = new Graph();
        Node losses = m.apply(g, rows);
        List<Node> per = Grad.perExample(losses, List.of(g.node("w").orElseThrow(), g.node("b").orElseThrow()));
        return GraphView.ancestors(per).size();
    }

    /** Builds the model for ROWS rows, takes the one-sweep method (which must accept it) and the exact one, and compares. */
    private static void sameAsExact(Model m, String... names) {
        Graph g = new Graph();
        Node losses = m.apply(g, ROWS);
        List<Node> params = new ArrayList<>();
        for (String n : names) {
            params.add(g.node(n).orElseThrow());
        }
        PerExampleCopies copies = PerExampleCopies.of(losses, params);
        assertNull(copies.refusal(), copies.refusal());
        List<Node> fast = copies.run();
        List<Node> exact = PerRowSweeps.run(losses, params);
        Map<Node, Tensor> feeds = new HashMap<>();
        Map<String, Tensor> data = Map.of("x", X, "x3", X3, "ids", IDS, "ids2", IDS2);
        data.forEach((name, value) -> g.node(name).ifPresent(n -> feeds.put(n, value)));
        List<Node> fetches = new ArrayList<>(fast);
        fetches.addAll(exact);
        List<Tensor> out = new Session(STORE).run(feeds, fetches.toArray(new Node[0]));
        for (int j = 0; j < params.size(); j++) {
            Tensor a = out.get(j);
            Tensor e = out.get(params.size() + j);
            assertEquals(e.shape(), a.shape(), names[j]);
            assertTrue(a.allClose(e, 1e-12, 1e-14), names[j] + ": one sweep\n" + a + "\nagainst a sweep per row\n" + e);
        }
    }
}
