// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerTest {
    private static Layer mlp() {
        return Sequential.of(Dense.of(3, 4), Activation.of("tanh", Node::tanh), Dense.of(4, 2));
    }

    @Test
    void sequentialNamesParamsByPlace() {
        List<String> names = mlp().params().stream().map(Param::name).toList();
        assertEquals(List.of("dense_1/W", "dense_1/b", "dense_2/W", "dense_2/b"), names);
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, Params.count(mlp()));
        Layer nested = Sequential.of(mlp(), mlp());
        assertEquals("sequential_2/dense_1/W", nested.params().get(4).name());
    }

    @Test
    void initialisationIsSeededAndKeepsExistingValues() {
        ParamStore a = Params.initialize(mlp(), new ParamStore(), 7);
        ParamStore b = Params.initialize(mlp(), new ParamStore(), 7);
        ParamStore c = Params.initialize(mlp(), new ParamStore(), 8);
        assertEquals(a.get("dense_1/W"), b.get("dense_1/W"));
        assertNotEquals(a.get("dense_1/W"), c.get("dense_1/W"));
        Tensor kept = a.get("dense_2/W");
        Params.initialize(mlp(), a, 99);
        assertSame(kept, a.get("dense_2/W"));
    }

    @Test
    void denseComputesTheAffineMapForAnyBatch() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Layer model = mlp();
        Node y = model.apply(x, ctx);
        ParamStore store = Params.initialize(model, new ParamStore(), 1);
        Tensor xs = Tensor.randomNormal(3, 0, 1, 5, 3);
        Tensor out = new Session(store).run(Map.of(x, xs), y).get(0);
        double[] w1 = store.get("dense_1/W").toArray();
        double[] w2 = store.get("dense_2/W").toArray();
        for (int n = 0; n < 5; n++) {
            for (int o = 0; o < 2; o++) {
                double s = 0;
                for (int h = 0; h < 4; h++) {
                    double z = 0;
                    for (int i = 0; i < 3; i++) {
                        z += xs.get(n, i) * w1[i * 4 + h];
                    }
                    s += Math.tanh(z) * w2[h * 2 + o];
                }
                assertEquals(s, out.get(n, o), 1e-12);
            }
        }
    }

    @Test
    void gradientDescentThroughALayerLowersTheLoss() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node t = g.input("t", Shape.UNKNOWN, 2);
        Layer model = mlp();
        Node loss = model.apply(x, ctx).sub(t).square().mean();
        List<Node> ps = model.params().stream().map(ctx::param).toList();
        List<Node> grads = Grad.grad(loss, ps, Grad.Unused.ERROR);
        Map<Node, Node> step = new HashMap<>();
        for (int i = 0; i < ps.size(); i++) {
            step.put(ps.get(i), ps.get(i).sub(grads.get(i).mul(0.1)));
        }
        Session s = new Session(Params.initialize(model, new ParamStore(), 3));
        var plan = s.compile(List.of(loss), step);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.randomNormal(1, 0, 1, 16, 3), t, Tensor.randomNormal(2, 0, 1, 16, 2));
        double first = plan.run(feeds).get(0).item();
        double last = first;
        for (int i = 0; i < 50; i++) {
            last = plan.run(feeds).get(0).item();
        }
        assertTrue(last < 0.8 * first, first + " -> " + last);
    }

    @Test
    void theSwitchIsOneInputPerGraph() {
        Graph g = new Graph();
        assertSame(Context.of(g).training(), Context.of(g).training());
        Param state = new Param("bn/mean", Shape.of(2), Init.zeros(), false);
        Context ctx = Context.of(g);
        ctx.update(state, ctx.param(state).mul(0.5));
        assertEquals(1, ctx.updates().size());
        Param trainable = Param.of("w", Shape.of(2), Init.zeros());
        assertThrows(NablaException.class, () -> ctx.update(trainable, ctx.param(trainable)));
    }
}
