// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code toString} shows of a graph, a store, a session and a plan: a reader at a REPL or in
 * a debugger sees names, types and shapes, never {@code ParamStore@2aae9190} and never megabytes
 * of values.
 */
class SummaryTest {
    @Test
    void aGraphShowsItsTypeNodeCountInputsAndParams() {
        Graph g = new Graph();
        assertEquals("Graph(float64; 0 nodes)", g.toString());
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node w = g.param("w", 3, 1);
        Node b = g.param("b", 1);
        x.matmul(w).add(b).tanh().named("y");
        int nodes = g.nextId();
        assertEquals("Graph(float64; " + nodes + " nodes; inputs \"x\" [?, 3]; params \"w\" [3, 1], \"b\" [1])",
                g.toString());
        Graph f = new Graph(DType.FLOAT32);
        f.param("only", 2);
        assertEquals("Graph(float32; 1 node; params \"only\" [2])", f.toString());
    }

    @Test
    void aStoreShowsNamesTypesAndShapesSortedButNoValues() {
        ParamStore store = new ParamStore();
        assertEquals("ParamStore(empty)", store.toString());
        store.put("w", Tensor.full(123.456, 3, 1)).put("b", Tensor.zeros(1).to(DType.FLOAT32));
        assertEquals("ParamStore(2 values: \"b\" float32 [1], \"w\" float64 [3, 1])", store.toString());
        assertFalse(store.toString().contains("123"), "values are not printed");
    }

    @Test
    void aLongListIsElidedWithACount() {
        ParamStore store = new ParamStore();
        for (int i = 0; i < Listing.SHOWN + 5; i++) {
            store.put(String.format("p%02d", i), Tensor.scalar(i));
        }
        String s = store.toString();
        assertTrue(s.startsWith("ParamStore(25 values: \"p00\" float64 [], \"p01\""), s);
        assertTrue(s.endsWith("\"p19\" float64 [], ... (5 more))"), s);
    }

    @Test
    void aSessionShowsSeedThreadsAnomaliesPlansAndItsStore() {
        ParamStore store = new ParamStore().put("w", Tensor.ones(2));
        Session s = new Session(store, 42).threads(1);
        assertEquals("Session(seed 42; 1 thread; anomaly detection off; 0 plans; ParamStore(1 value: \"w\" float64 [2]))",
                s.toString());
        Graph g = new Graph();
        s.compile(g.param("w", 2).sum());
        s.threads(3).detectAnomalies(true);
        assertEquals("Session(seed 42; 3 threads; anomaly detection on; 1 plan; ParamStore(1 value: \"w\" float64 [2]))",
                s.toString());
    }

    @Test
    void aPlanShowsWhatARunNeedsAndGivesThenItsNodesInRunOrder() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node w = g.param("w", 2);
        Node y = x.mul(w).sum().named("loss");
        Plan plan = new Session(new ParamStore()).compile(List.of(y), Map.of(w, w.mul(0.5)));
        List<String> lines = plan.toString().lines().toList();
        assertEquals("Plan(" + plan.nodes().size() + " nodes; inputs \"x\" [?, 2]; fetches \"loss\" []; updates \"w\" [2])",
                lines.get(0));
        assertEquals(plan.nodes().size() + 1, lines.size());
        for (int i = 0; i < plan.nodes().size(); i++) {
            assertEquals("  " + plan.nodes().get(i).describe(), lines.get(i + 1));
        }
        assertTrue(plan.toString().contains("\"loss\" = sum(%4) []"), plan.toString());
    }
}
