// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one pool of threads that Nabla's kernels share, and how many threads it uses.
 *
 * <p>Kernels split their work into numbered tasks whose boundaries never depend on the thread
 * count, and each task writes its own part of the output; so a result is the same bits on one
 * thread as on many. The count comes from the system property {@code nabla.threads}, else the
 * number of processors.
 *
 * <p>Usage: {@code Parallel.setThreads(1);  // run every kernel on the caller's thread}
 */
public final class Parallel {
    private static final Object LOCK = new Object();
    private static volatile int threads = initialThreads();
    private static ExecutorService pool;

    private Parallel() {}

    private static int initialThreads() {
        int fallback = Runtime.getRuntime().availableProcessors();
        String p = System.getProperty("nabla.threads");
        if (p == null || p.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(1, Integer.parseInt(p.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** @return how many threads kernels use, the caller's included */
    public static int threads() {
        return threads;
    }

    /**
     * Sets how many threads kernels use from now on, the caller's included.
     *
     * @param n at least 1
     * @throws dev.nabla.graph.NablaException if {@code n < 1}
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new dev.nabla.graph.NablaException("Parallel.setThreads: expected at least 1 thread, got " + n);
        }
        synchronized (LOCK) {
            if (pool != null) {
                pool.shutdown();
                pool = null;
            }
            threads = n;
        }
    }

    /**
     * Runs {@code body} for every task number in {@code [0, tasks)}, spread over the pool; the
     * caller works too and returns when all are done. Tasks must write disjoint outputs. Called
     * from a task on a pool thread, it runs inline: nested parallelism would only add contention.
     *
     * @param tasks how many tasks
     * @param body what one task does, given its number
     */
    public static void forEach(int tasks, IntConsumer body) {
        int t = Math.min(threads, tasks);
        if (t <= 1 || Thread.currentThread() instanceof KernelThread) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    body.accept(i);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                next.set(tasks);
            }
        };
        ExecutorService p = pool();
        Future<?>[] helpers = new Future<?>[t - 1];
        // Per helper: 0 queued, 1 started, 2 skipped. Future.cancel cannot stand in for this, as
        // it also succeeds on a task that is running, and the caller would return mid-task.
        AtomicIntegerArray state = new AtomicIntegerArray(helpers.length);
        for (int h = 0; h < helpers.length; h++) {
            int id = h;
            helpers[h] = p.submit(() -> {
                if (state.compareAndSet(id, 0, 1)) {
                    worker.run();
                }
            });
        }
        worker.run();
        for (int h = 0; h < helpers.length; h++) {
            // A helper that has not started has nothing left to do: the caller took every task.
            if (!state.compareAndSet(h, 0, 2)) {
                awaitQuietly(helpers[h]);
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
                break; // the worker recorded its own failure
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A thread of the pool: a task it runs that calls {@link #forEach} again runs inline. */
    private static final class KernelThread extends Thread {
        KernelThread(Runnable r, String name) {
            super(r, name);
        }
    }

    private static ExecutorService pool() {
        synchronized (LOCK) {
            if (pool == null) {
                AtomicInteger count = new AtomicInteger();
                pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                    Thread th = new KernelThread(r, "nabla-kernel-" + count.incrementAndGet());
                    th.setDaemon(true);
                    return th;
                });
            }
            return pool;
        }
    }
}
