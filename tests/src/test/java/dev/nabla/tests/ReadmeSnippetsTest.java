// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's code, kept compiling and running: a snippet that rots is worse than none. */
class ReadmeSnippetsTest {
    @Test
    void tenLines() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node w = g.param("w", 3, 1);
        Node b = g.param("b", 1);
        Node y = x.matmul(w).add(b).tanh().named("y");

        ParamStore store = new ParamStore()
                .put("w", Tensor.randomNormal(42, 0, 0.1, 3, 1))
                .put("b", Tensor.zeros(1));
        Tensor out = new Session(store).run(Map.of(x, Tensor.ones(4, 3)), y).get(0);

        assertEquals(Shape.of(4, 1), out.shape());
        double z = 0;
        for (double v : store.get("w").toArray()) {
            z += v;
        }
        assertEquals(Math.tanh(z), out.get(2, 0), 1e-15);
        assertTrue(g.format(y).contains("\"y\" = tanh"), g.format(y));
        assertTrue(g.toDot(y).startsWith("strict digraph") || g.toDot(y).startsWith("digraph"), g.toDot(y));
    }

    /** The README's custom layer. */
    record Scale(Param s) implements Layer {
        public Node apply(Node x, Context ctx) {
            return x.mul(ctx.param(s));
        }

        public List<Param> params() {
            return List.of(s);
        }

        public Layer named(String name) {
            return new Scale(s.under(name));
        }
    }

    @Test
    void customLayer() {
        Layer model = Sequential.of(Dense.of(4, 8), new Scale(Param.of("s", Shape.of(8), Init.constant(1))));
        assertEquals(List.of("dense_1/W", "dense_1/b", "scale_1/s"), model.params().stream().map(Param::name).toList());
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node y = model.apply(x, Context.of(g));
        ParamStore store = Params.initialize(model, new ParamStore(), 1);
        assertEquals(Shape.of(2, 8), new Session(store).run(Map.of(x, Tensor.ones(2, 4)), y).get(0).shape());
    }
}
