// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.view.GraphView;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thread safety (issue 8): one compiled inference plan shared by 8 threads gives exactly what
 * sequential runs give, and graphs built from several threads at once stay whole.
 */
class ThreadSafetyTest {
    private static final int THREADS = 8;
    private static final int RUNS_PER_THREAD = 500;

    @Test
    void eightThreadsShareOneInferencePlanAndGetTheSequentialBits() throws Exception {
        Layer model = Sequential.of(Dense.of(64, 128), BatchNorm.of(128), Activation.of("tanh", Node::tanh),
                Dense.of(128, 10));
        ParamStore store = new ParamStore();
        Params.initialize(model, store, 3);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", -1, 64);
        Node y = model.apply(x, ctx);
        Plan plan = new Session(store, 1).compile(y);
        // Batches of several sizes, so concurrent runs also share and create layouts.
        List<Tensor> batches = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Tensor b = Tensor.randomNormal(100 + i, 0, 1, 1 + i % 5 * 7, 64);
            batches.add(b);
            expected.add(plan.run(Map.of(x, b, ctx.training(), Context.EVAL)).get(0).toArray());
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            Callable<Integer> worker = () -> {
                start.await();
                int mismatches = 0;
                for (int r = 0; r < RUNS_PER_THREAD; r++) {
                    int i = (seed * 7 + r * 3) % batches.size();
                    double[] got = plan.run(Map.of(x, batches.get(i), ctx.training(), Context.EVAL)).get(0).toArray();
                    if (!java.util.Arrays.equals(expected.get(i), got)) {
                        mismatches++;
                    }
                    runs.incrementAndGet();
                }
                return mismatches;
            };
            done.add(pool.submit(worker));
        }
        start.countDown();
        int mismatches = 0;
        for (Future<Integer> f : done) {
            mismatches += f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.println(runs.get() + " concurrent runs from " + THREADS + " threads, " + mismatches + " differ");
        assertEquals(THREADS * RUNS_PER_THREAD, runs.get());
        assertEquals(0, mismatches);
    }

    @Test
    void graphsBuiltFromEightThreadsAtOnceStayWhole() throws Exception {
        Graph g = new Graph();
        Node x = g.input("x", 4);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        List<Future<Node>> chains = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int k = t;
            chains.add(pool.submit(() -> {
                start.await();
                Node n = x;
                for (int i = 0; i < 200; i++) {
                    n = n.mul(1.0 + k).add(-(double) k).tanh();
                }
                // Every thread asks for the same name: exactly one may have it.
                try {
                    n.neg().named("last");
                } catch (NablaException e) {
                    refusals.add(e.getMessage());
                }
                return n.named("chain_" + k);
            }));
        }
        start.countDown();
        List<Node> ends = new ArrayList<>();
        for (Future<Node> f : chains) {
            ends.add(f.get(1, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertEquals(THREADS - 1, refusals.size());
        for (String m : refusals) {
            assertTrue(m.contains("the name \"last\" is already taken"), m);
        }
        // As many nodes as one chain built alone, times eight; none lost or given a taken id.
        assertTrue(g.node("last").isPresent());
        Graph alone = new Graph();
        Node n = alone.input("x", 4);
        for (int i = 0; i < 200; i++) {
            n = n.mul(2.0).add(-1.0).tanh();
        }
        int perChain = GraphView.topologicalOrder(List.of(n)).size() - 1;
        List<Node> all = GraphView.topologicalOrder(ends);
        Set<Integer> ids = new HashSet<>();
        all.forEach(m -> ids.add(m.id()));
        assertEquals(1 + THREADS * perChain, all.size());
        assertEquals(all.size(), ids.size(), "node ids are unique");
        // The chains are whole: each evaluates to what the same ops give one at a time.
        Session s = new Session(new ParamStore());
        Tensor in = Tensor.fromArray(new double[] {0.1, -0.2, 0.3, 0.5}, 4);
        List<Tensor> got = s.run(Map.of(x, in), ends.toArray(new Node[0]));
        for (int k = 0; k < THREADS; k++) {
            double[] want = in.toArray();
            for (int i = 0; i < 200; i++) {
                for (int j = 0; j < want.length; j++) {
                    want[j] = Math.tanh(want[j] * (1.0 + k) + -(double) k);
                }
            }
            assertArrayEquals(want, got.get(k).toArray(), 1e-12, "chain " + k);
            assertEquals("chain_" + k, ends.get(k).name());
        }
    }
}
