// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    /** Ids [2, 3] with duplicates (3 twice, 0 twice) and id 4 unused. */
    private static final Tensor IDS = Tensor.fromArray(new double[] {3, 0, 3, 1, 0, 2}, 2, 3);

    @Test
    void eachIdPicksItsRowOfTheTable() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Embedding emb = Embedding.of(5, 4).named("emb");
        Node ids = g.input("ids", Shape.UNKNOWN, 3);
        Node y = emb.apply(ids, ctx);
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 4), y.shape());
        Tensor table = Tensor.randomNormal(1, 0, 1, 5, 4);
        Tensor out = new Session(new ParamStore().put("emb/table", table)).run(Map.of(ids, IDS), y).get(0);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(table.get((int) IDS.get(n, t), j), out.get(n, t, j), 0.0);
                }
            }
        }
    }

    @Test
    void theTableGradientIsAScatterAddThatSumsDuplicates() {
        Graph g = new Graph();
        Embedding emb = Embedding.of(5, 4).named("emb");
        Node table = g.param("emb/table", 5, 4);
        Tensor u = Tensor.randomNormal(2, 0, 1, 2, 3, 4);
        Node loss = emb.forward(g.constant(IDS), p -> table).mul(g.constant(u)).sum();
        Node grad = Grad.grad(loss, table);
        Tensor dt = new Session(new ParamStore().put("emb/table", Tensor.randomNormal(3, 0, 1, 5, 4))).run(Map.of(), grad)
                .get(0);
        double[] expected = new double[5 * 4];
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < 4; j++) {
                    expected[(int) IDS.get(n, t) * 4 + j] += u.get(n, t, j);
                }
            }
        }
        assertTrue(Tensor.fromArray(expected, 5, 4).allClose(dt, 1e-12, 1e-12), "scatter-add " + dt);
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, dt.get(4, j), 0.0, "id 4 is never looked up");
        }
    }

    @Test
    void embeddingGradientsMatchFiniteDifferencesToSecondOrder() {
        Embedding emb = Embedding.of(5, 4);
        GradCheck.assertPasses(xs -> emb.forward(xs.get(0).graph().constant(IDS), p -> xs.get(0)).tanh(),
                List.of(Tensor.randomNormal(4, 0, 1, 5, 4)));
    }

    @Test
    void anIdOutOfRangeNamesTheIdAndTheVocabularySize() {
        Graph g = new Graph();
        Embedding emb = Embedding.of(5, 2).named("words");
        Node ids = g.input("ids", 2, 3);
        Node y = emb.apply(ids, Context.of(g));
        Session s = new Session(Params.initialize(emb, new ParamStore(), 1));
        for (double bad : new double[] {5, -1, 2.5}) {
            Tensor feed = Tensor.fromArray(new double[] {0, 1, 2, 3, bad, 4}, 2, 3);
            EvaluationException e = assertThrows(EvaluationException.class, () -> s.run(Map.of(ids, feed), y));
            for (String part : List.of("gather(\"words/table\", \"ids\")", "index " + bad + " is not an integer in [0, 5)",
                    "entry 4 of the indices", "axis 0 of the source has size 5")) {
                assertTrue(e.getMessage().contains(part), () -> "message lacks \"" + part + "\": " + e.getMessage());
            }
        }
    }

    @Test
    void theSinusoidFollowsVaswaniEtAl() {
        Tensor pe = PositionalEncoding.sinusoid(6, 5);
        for (int p = 0; p < 6; p++) {
            assertEquals(Math.sin(p), pe.get(p, 0), 1e-15);
            assertEquals(Math.cos(p), pe.get(p, 1), 1e-15);
            assertEquals(Math.sin(p / Math.pow(10000, 2.0 / 5)), pe.get(p, 2), 1e-15);
            assertEquals(Math.cos(p / Math.pow(10000, 2.0 / 5)), pe.get(p, 3), 1e-15);
            assertEquals(Math.sin(p / Math.pow(10000, 4.0 / 5)), pe.get(p, 4), 1e-15);
        }
    }

    @Test
    void positionalEncodingAddsTheFirstTRowsAndChecksTheShape() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3, 4);
        Node y = PositionalEncoding.of(8, 4).apply(x, Context.of(g));
        Tensor xs = Tensor.randomNormal(5, 0, 1, 2, 3, 4);
        Tensor out = new Session(new ParamStore()).run(Map.of(x, xs), y).get(0);
        Tensor pe = PositionalEncoding.sinusoid(3, 4);
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(xs.get(n, t, j) + pe.get(t, j), out.get(n, t, j), 1e-15);
                }
            }
        }
        ShapeException e = assertThrows(ShapeException.class,
                () -> PositionalEncoding.of(2, 4).apply(g.input("long", 1, 3, 4), Context.of(g)));
        assertTrue(e.getMessage().contains("positional_encoding(\"long\" [1, 3, 4]): expected a sequence [N, T, 4]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
        assertThrows(ShapeException.class, () -> PositionalEncoding.of(8, 5).apply(x, Context.of(g)));
        assertThrows(NablaException.class, () -> PositionalEncoding.of(0, 4));
    }

    @Test
    void learnedPositionsAddTheirRowsAndOnlyTheUsedRowsGetGradient() {
        PositionalEmbedding pos = PositionalEmbedding.of(5, 4).named("pos");
        GradCheck.assertPasses(xs -> pos.forward(xs.get(0), p -> xs.get(1)).tanh(),
                List.of(Tensor.randomNormal(6, 0, 1, 2, 3, 4), Tensor.randomNormal(7, 0, 1, 5, 4)));
        Graph g = new Graph();
        Node x = g.input("x", 2, 3, 4);
        Node table = g.param("pos/table", 5, 4);
        Node y = pos.apply(x, Context.of(g));
        Node grad = Grad.grad(y.sum(), table);
        Tensor xs = Tensor.randomNormal(8, 0, 1, 2, 3, 4);
        Tensor rows = Tensor.randomNormal(9, 0, 1, 5, 4);
        List<Tensor> out = new Session(new ParamStore().put("pos/table", rows)).run(Map.of(x, xs), y, grad);
        for (int t = 0; t < 5; t++) {
            assertEquals(xs.get(1, Math.min(t, 2), 3) + rows.get(Math.min(t, 2), 3), out.get(0).get(1, Math.min(t, 2), 3), 1e-15);
            assertEquals(t < 3 ? 2.0 : 0.0, out.get(1).get(t, 3), 0.0, "row " + t + " is used by both examples iff t < 3");
        }
    }

    @Test
    void paramsAreNamedByPlace() {
        Layer model = Sequential.of(Embedding.of(10, 4), PositionalEmbedding.of(6, 4), PositionalEncoding.of(6, 4));
        assertEquals(List.of("embedding_1/table", "positional_embedding_1/table"),
                model.params().stream().map(Param::name).toList());
        assertEquals(10 * 4 + 6 * 4, Params.count(model));
        assertThrows(NablaException.class, () -> Embedding.of(0, 4));
        assertThrows(NablaException.class, () -> new Embedding(Param.of("t", Shape.of(4), Init.zeros())));
    }
}
