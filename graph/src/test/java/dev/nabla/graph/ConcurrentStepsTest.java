// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Training steps on one store from several threads (issue 16): whichever plans and sessions
 * run them, N concurrent steps leave what N sequential ones leave, and readers see whole steps.
 */
class ConcurrentStepsTest {
    private static final int THREADS = 8;

    /** One graph: params {@code a}, {@code b}, {@code c}, {@code w} and a feed that makes a step take time. */
    private final Graph g = new Graph();
    private final Node x = g.input("x", 4096);
    private final Node a = g.param("a");
    private final Node b = g.param("b");
    private final Node c = g.param("c");
    private final Node w = g.param("w");
    private final Map<Node, Tensor> feeds = Map.of(x, Tensor.randomNormal(1, 0, 1, 4096));
    private final ParamStore store = new ParamStore().put("a", Tensor.scalar(0)).put("b", Tensor.scalar(0))
            .put("c", Tensor.scalar(0)).put("w", Tensor.scalar(0));

    /** A step that reads its params, computes a fetch over the feed, then writes the params plus one. */
    private Plan step(Session s, Node work, Node... params) {
        Map<Node, Node> updates = new java.util.HashMap<>();
        for (Node p : params) {
            updates.put(p, p.add(1));
        }
        return s.compile(List.of(work), updates);
    }

    private Session session() {
        return new Session(store).threads(1);
    }

    @Test
    void eightThreadsRunningOneTrainingPlanApplyEveryStep() throws Exception {
        Plan plan = step(session(), x.tanh().sum(), w);
        inThreads(THREADS, t -> () -> {
            for (int i = 0; i < 1000; i++) {
                plan.run(feeds);
            }
        });
        assertEquals(8000.0, store.get("w").item(), "8 threads x 1000 runs of w <- w + 1");
    }

    @Test
    void twoPlansOfOneSessionAndASecondSessionLoseNoStep() throws Exception {
        Session one = session();
        Session two = session();
        List<Plan> plans = List.of(step(one, x.tanh().sum(), w), step(one, x.exp().sum(), w), step(two, x.tanh().sum(), w));
        // Two threads per plan, 1000 steps each.
        inThreads(2 * plans.size(), t -> () -> {
            for (int i = 0; i < 1000; i++) {
                plans.get(t % plans.size()).run(feeds);
            }
        });
        assertEquals(6000.0, store.get("w").item(), "6 threads x 1000 steps of three plans, each adding 1");
    }

    /**
     * Every step adds 1 to {@code a} and to one of {@code b}, {@code c}, so {@code a == b + c} holds
     * between whole steps; a half-applied step, or one that overwrote another's, breaks it.
     */
    @Test
    void readerPlansSeeWholeStepsOnly() throws Exception {
        List<Plan> writers = List.of(step(session(), x.tanh().sum(), a, b), step(session(), x.tanh().sum(), a, c));
        Plan reader = session().compile(a.sub(b).sub(c), a);
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger writersLeft = new AtomicInteger(4);
        inThreads(6, t -> () -> {
            if (t < 4) {
                try {
                    for (int i = 0; i < 1000; i++) {
                        writers.get(t % 2).run(feeds);
                    }
                } finally {
                    writersLeft.decrementAndGet();
                }
                return;
            }
            while (writersLeft.get() > 0) {
                List<Tensor> seen = reader.run(Map.of());
                reads.incrementAndGet();
                if (seen.get(0).item() != 0) {
                    torn.incrementAndGet();
                }
            }
        });
        System.out.println("readerPlansSeeWholeStepsOnly: " + reads.get() + " reads, " + torn.get() + " with a != b + c");
        assertEquals(0, torn.get(), "reads where a != b + c");
        assertEquals(4000.0, store.get("a").item());
        assertEquals(2000.0, store.get("b").item());
        assertEquals(2000.0, store.get("c").item());
    }

    @Test
    void stepsAndReadModifyWritesOutsideAPlanLoseNothing() throws Exception {
        Plan plan = step(session(), x.tanh().sum(), w);
        inThreads(4, t -> () -> {
            for (int i = 0; i < 1000; i++) {
                if (t % 2 == 0) {
                    plan.run(feeds);
                } else {
                    store.exclusively(() -> store.put("w", Tensor.scalar(store.get("w").item() + 1)));
                }
            }
        });
        assertEquals(4000.0, store.get("w").item(), "2 threads x 1000 steps and 2 x 1000 exclusive increments");
    }

    @Test
    void aPutWaitsForTheWriterInsteadOfLandingInsideItsStep() throws Exception {
        AtomicReference<Thread> putter = new AtomicReference<>();
        store.exclusively(() -> {
            double before = store.get("w").item();
            Thread t = new Thread(() -> store.put("w", Tensor.scalar(100)));
            putter.set(t);
            t.start();
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            assertEquals(before, store.get("w").item(), "the put landed while another writer held the store");
            return store.put("w", Tensor.scalar(before + 1));
        });
        putter.get().join();
        assertEquals(100.0, store.get("w").item(), "the put comes after the writer, not before");
    }

    @Test
    void inferenceRunsWhileAWriterHoldsTheStore() throws Exception {
        Plan reader = session().compile(w.add(c));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            double seen = store.exclusively(() -> {
                store.put("w", Tensor.scalar(5));
                try {
                    return pool.submit(() -> reader.run(Map.of()).get(0).item()).get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    throw new AssertionError("the inference run did not finish while a writer held the store", e);
                }
            });
            assertEquals(5.0, seen, "a reader sees the last commit, made inside the writer's hold");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code threads} tasks at once, released together, and waits for all; a task's failure fails the test. */
    static void inThreads(int threads, IntFunction<Runnable> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Runnable r = task.apply(t);
                done.add(pool.submit(() -> {
                    start.await();
                    r.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
