// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.OpsForwardTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The executor: plan caching, buffer reuse, feeds and fetches, param updates, printing. */
class ExecutorTest {
    private static final double RTOL = 1e-12;

    @Test
    void sameFetchesGiveTheSamePlan() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node w = g.param("w", 2);
        Node y = x.mul(w).tanh();
        Node z = y.sum();
        Session s = new Session(new ParamStore().put("w", Tensor.ones(2)));
        Plan p = s.compile(y, z);
        assertSame(p, s.compile(y, z));
        assertSame(p, s.compile(List.of(y, z), Map.of()));
        assertNotSame(p, s.compile(z, y), "the fetch order is part of the key");
        assertNotSame(p, s.compile(y));
        Node halved = w.mul(0.5);
        Plan step = s.compile(List.of(z), Map.of(w, halved));
        assertNotSame(step, s.compile(z));
        assertSame(step, s.compile(List.of(z), Map.of(w, halved)));
        assertNotSame(step, s.compile(List.of(z), Map.of(w, w.mul(0.5))), "an equal-looking node is another node");
        assertNotSame(p, new Session(s.params()).compile(y, z), "plans belong to their session");
        assertEquals(List.of(x), p.inputs());
    }

    @Test
    void longChainGivesRightValuesAcrossRunsAndBatchSizes() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node y = x;
        for (int i = 0; i < 40; i++) {
            // x is read again at every step, long after its first reader, so its value must stay intact.
            y = y.mul(0.9).add(y.tanh()).sub(x.mul(0.01));
        }
        Node out = y;
        Plan plan = new Session(new ParamStore()).compile(out);
        Tensor first = Tensor.randomUniform(1, -1, 1, 3, 4);
        Tensor second = Tensor.randomUniform(2, -5, 5, 3, 4);
        Tensor third = Tensor.randomUniform(3, -1, 1, 6, 4);
        for (Tensor feed : List.of(first, second, third, first)) {
            double[] v = feed.toArray();
            double[] expected = new double[v.length];
            for (int e = 0; e < v.length; e++) {
                double value = v[e];
                for (int i = 0; i < 40; i++) {
                    value = value * 0.9 + Math.tanh(value) - v[e] * 0.01;
                }
                expected[e] = value;
            }
            assertClose(expected, plan.run(Map.of(x, feed)).get(0), 1e-10, "chain on " + feed.shape());
        }
    }

    @Test
    void diamondReadsAndLateReusesStayCorrect() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node a = x.exp();
        Node b = a.mul(a);
        Node c = b.add(a).sin();
        Node d = c.mul(2).add(x.square());
        Node e = d.sub(b).mul(a).add(c);
        Node f = e.sum(1);
        Plan plan = new Session(new ParamStore()).compile(f, a, e);
        for (long seed : new long[] {4, 5, 4}) {
            Tensor feed = Tensor.randomUniform(seed, -1, 1, (int) seed, 3);
            List<Tensor> out = plan.run(Map.of(x, feed));
            int n = (int) seed;
            double[] fExp = new double[n];
            double[] aExp = new double[n * 3];
            double[] eExp = new double[n * 3];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    double xv = feed.get(i, j);
                    double av = Math.exp(xv);
                    double bv = av * av;
                    double cv = Math.sin(bv + av);
                    double dv = cv * 2 + xv * xv;
                    double ev = (dv - bv) * av + cv;
                    aExp[i * 3 + j] = av;
                    eExp[i * 3 + j] = ev;
                    fExp[i] += ev;
                }
            }
            assertClose(fExp, out.get(0), 1e-10, "f, batch " + n);
            assertClose(aExp, out.get(1), RTOL, "a, batch " + n);
            assertClose(eExp, out.get(2), 1e-10, "e, batch " + n);
        }
    }

    @Test
    void squareOfAnInputReadsItTwice() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node y = x.square().add(x.mul(x)).add(x);
        Plan plan = new Session(new ParamStore()).compile(y);
        assertEquals(Tensor.fromArray(new double[] {1 + 1 + 1, 8 + 2, 0}),
                plan.run(Map.of(x, Tensor.fromArray(new double[] {1, 2, 0}))).get(0));
        assertEquals(Tensor.fromArray(new double[] {18 - 3, 0, 2 - 1}),
                plan.run(Map.of(x, Tensor.fromArray(new double[] {-3, 0, -1}))).get(0));
    }

    @Test
    void leavesCanBeFetched() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node w = g.param("w", 2);
        Tensor cv = Tensor.fromArray(new double[] {5, 6});
        Node c = g.constant(cv);
        Tensor wv = Tensor.fromArray(new double[] {0.5, -1});
        Session s = new Session(new ParamStore().put("w", wv));
        Tensor xv = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        List<Tensor> out = s.run(Map.of(x, xv), x, w, c, x.mul(w).add(c));
        assertEquals(xv, out.get(0));
        assertEquals(wv, out.get(1));
        assertEquals(cv, out.get(2));
        assertEquals(Tensor.fromArray(new double[] {5.5, 4, 6.5, 2}, 2, 2), out.get(3));
        assertEquals(List.of(cv), s.run(Map.of(), c), "a constant needs no feed");
    }

    @Test
    void updatesAreWrittenBackAfterTheRun() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node w = g.param("w", 2);
        Node loss = x.mul(w).sum();
        ParamStore store = new ParamStore().put("w", Tensor.fromArray(new double[] {1, 2}));
        Plan step = new Session(store).compile(List.of(loss, w), Map.of(w, w.sub(x.mul(0.5))));
        Tensor xv = Tensor.fromArray(new double[] {2, 4});
        List<Tensor> out = step.run(Map.of(x, xv));
        assertEquals(Tensor.scalar(10), out.get(0), "the loss sees the old w");
        assertEquals(Tensor.fromArray(new double[] {1, 2}), out.get(1), "the fetched w is the old one");
        assertEquals(Tensor.fromArray(new double[] {0, 0}), store.get("w"));
        out = step.run(Map.of(x, xv));
        assertEquals(Tensor.scalar(0), out.get(0));
        assertEquals(Tensor.fromArray(new double[] {-1, -2}), store.get("w"));
    }

    @Test
    void severalUpdatesInOnePlanAreAppliedAtOnce() {
        Graph g = new Graph();
        Node a = g.param("a", 2);
        Node b = g.param("b", 2);
        Node n = g.param("n");
        ParamStore store = new ParamStore().put("a", Tensor.fromArray(new double[] {1, 2}))
                .put("b", Tensor.fromArray(new double[] {3, 4})).put("n", Tensor.scalar(0));
        // A swap is only right if every update reads the values from before the run.
        Plan swap = new Session(store).compile(List.of(a.add(b)), Map.of(a, b, b, a, n, n.add(1)));
        for (int run = 1; run <= 3; run++) {
            Tensor sum = swap.run(Map.of()).get(0);
            assertEquals(Tensor.fromArray(new double[] {4, 6}), sum);
            boolean odd = run % 2 == 1;
            assertEquals(Tensor.fromArray(odd ? new double[] {3, 4} : new double[] {1, 2}), store.get("a"));
            assertEquals(Tensor.fromArray(odd ? new double[] {1, 2} : new double[] {3, 4}), store.get("b"));
            assertEquals(Tensor.scalar(run), store.get("n"));
        }
    }

    @Test
    void readersNeverSeeAHalfAppliedUpdate() throws InterruptedException {
        Graph g = new Graph();
        Node a = g.param("a");
        Node b = g.param("b");
        ParamStore store = new ParamStore().put("a", Tensor.scalar(0)).put("b", Tensor.scalar(0));
        Plan step = new Session(store).compile(List.of(), Map.of(a, a.add(1), b, b.sub(1)));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                Map<String, Tensor> snap = store.snapshot();
                double s = snap.get("a").item() + snap.get("b").item();
                if (s != 0) {
                    broken.set("a + b = " + s + " in a snapshot");
                }
            }
        });
        reader.start();
        for (int i = 0; i < 2000; i++) {
            step.run(Map.of());
        }
        done.set(true);
        reader.join();
        assertEquals(null, broken.get());
        assertEquals(2000.0, store.get("a").item());
    }

    @Test
    void runAfterPutSeesTheNewValue() {
        Graph g = new Graph();
        Node w = g.param("w", 2);
        Node y = w.mul(3);
        ParamStore store = new ParamStore().put("w", Tensor.fromArray(new double[] {1, 2}));
        Session s = new Session(store);
        assertEquals(Tensor.fromArray(new double[] {3, 6}), s.run(Map.of(), y).get(0));
        store.put("w", Tensor.fromArray(new double[] {-1, 0.5}));
        assertEquals(Tensor.fromArray(new double[] {-3, 1.5}), s.run(Map.of(), y).get(0));
        store.put("w", Tensor.zeros(3));
        assertThrows(EvaluationException.class, () -> s.run(Map.of(), y), "a value of the wrong shape");
    }

    @Test
    void outputsAreCopiesThatLaterRunsDoNotChange() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node w = g.param("w", 3);
        Node y = x.exp().add(w);
        ParamStore store = new ParamStore().put("w", Tensor.zeros(3));
        Plan plan = new Session(store).compile(List.of(y, y), Map.of(w, y));
        List<Tensor> kept = new ArrayList<>();
        List<double[]> snapshots = new ArrayList<>();
        Map<Integer, Tensor> storeValues = new HashMap<>();
        for (int run = 0; run < 4; run++) {
            List<Tensor> out = plan.run(Map.of(x, Tensor.full(run, 3)));
            assertNotSame(out.get(0), out.get(1));
            kept.add(out.get(0));
            snapshots.add(out.get(0).toArray());
            storeValues.put(run, store.get("w"));
        }
        double wv = 0;
        for (int run = 0; run < 4; run++) {
            wv = Math.exp(run) + wv;
            assertArrayEquals(snapshots.get(run), kept.get(run).toArray(), "output of run " + run);
            assertEquals(wv, kept.get(run).get(0), 1e-12 * wv);
            assertEquals(wv, storeValues.get(run).get(1), 1e-12 * wv, "store value after run " + run);
        }
    }

    @Test
    void randomOpsInAPlanDrawFreshNumbersEachRun() {
        Graph g = new Graph();
        Node u = Randoms.uniform(g, 0, 1, 3, 5);
        Plan plan = new Session(new ParamStore(), 2).compile(u, u.mul(2));
        List<Tensor> first = plan.run(Map.of());
        List<Tensor> second = plan.run(Map.of());
        assertFalse(first.get(0).equals(second.get(0)));
        assertClose(loopTimesTwo(first.get(0)), first.get(1), 0, "one draw per run feeds every reader");
    }

    @Test
    void missingFeedsAndParamsAreReportedByName() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node w = g.param("weights", 2);
        Node y = x.mul(w);
        Session s = new Session(new ParamStore());
        EvaluationException noFeed = assertThrows(EvaluationException.class, () -> s.run(Map.of(), y));
        assertTrue(noFeed.getMessage().contains("\"x\""), noFeed.getMessage());
        EvaluationException noParam = assertThrows(EvaluationException.class,
                () -> s.run(Map.of(x, Tensor.zeros(2)), y));
        assertTrue(noParam.getMessage().contains("weights"), noParam.getMessage());
        assertThrows(EvaluationException.class, () -> s.run(Map.of(y, Tensor.zeros(2)), y), "feeding a non-input");
    }

    @Test
    void dotExportNamesEveryNode() {
        Graph g = new Graph();
        Node x = g.input("features", Shape.UNKNOWN, 3);
        Node w = g.param("weights", 3, 1);
        Node y = x.matmul(w).tanh().named("prediction");
        String dot = g.toDot(y);
        assertTrue(dot.startsWith("digraph") || dot.strip().startsWith("strict digraph"), dot);
        for (String label : List.of("features", "weights", "prediction", "matmul", "tanh", "input", "param",
                "[?, 3]", "[3, 1]", "[?, 1]")) {
            assertTrue(dot.contains(label), () -> "DOT lacks " + label + ":\n" + dot);
        }
        assertEquals(3, dot.split("->", -1).length - 1, "one edge per operand:\n" + dot);
    }

    @Test
    void formatListsNeededNodesInTopologicalOrder() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node unused = x.exp().named("unused");
        Node a = x.mul(x).named("a");
        Node b = x.sin().named("b");
        Node y = b.add(a).sub(x).named("y");
        String text = g.format(y);
        List<String> lines = List.of(text.split("\n"));
        assertFalse(text.contains("unused"), text);
        List<Node> needed = List.copyOf(dev.nabla.graph.view.GraphView.ancestors(List.of(y)));
        assertEquals(needed.size(), lines.size(), text);
        for (Node n : needed) {
            int at = lineOf(lines, n);
            assertTrue(at >= 0, () -> n.describe() + " missing from\n" + text);
            for (Node in : n.inputs()) {
                assertTrue(lineOf(lines, in) < at,
                        () -> in.label() + " must come before " + n.label() + " in\n" + text);
            }
        }
        assertEquals(y.describe(), lines.get(lines.size() - 1));
        assertTrue(unused.describe().contains("exp"));
    }

    private static int lineOf(List<String> lines, Node n) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(n.describe())) {
                return i;
            }
        }
        return -1;
    }

    private static double[] loopTimesTwo(Tensor t) {
        double[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 2;
        }
        return v;
    }
}
