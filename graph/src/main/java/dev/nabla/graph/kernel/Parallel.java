// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one pool of threads that Nabla's kernels share.
 *
 * <p>Kernels split their work into numbered tasks whose boundaries never depend on the thread
 * count, and each task writes its own part of the output; so a result is the same bits on one
 * thread as on many. How many threads a run may use is the session's setting
 * ({@code Session.threads}), handed to kernels in their {@code RunContext}; the pool itself is
 * sized once, from the processor count.
 *
 * <p>Usage: {@code Parallel.forEach(ctx.threads(), blocks, b -> multiplyBlock(b));}
 */
public final class Parallel {
    private static final int DEFAULT_THREADS = initialThreads();
    /**
     * How long an idle pool thread, and a caller waiting for a helper, polls before it blocks.
     * Waking a blocked thread took 100 to 200 µs on the 2-core test machine (a virtual one), so
     * two tasks of 60 µs each ran no faster on two threads than on one; a short poll keeps the
     * threads ready between the many small calls of one run, as OpenMP runtimes do.
     */
    private static final long SPIN_NANOS = 200_000;
    /** Work handed to the pool; its threads poll it, then block on it. */
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();

    static {
        // Sized for the machine: a run that asks for more threads still gets every task done.
        int helpers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        for (int i = 1; i <= helpers; i++) {
            new KernelThread(Parallel::serve, "nabla-kernel-" + i).start();
        }
    }

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

    /**
     * Tells how many threads a new session may use unless told otherwise.
     *
     * @return the thread count a new session starts with: {@code -Dnabla.threads}, else the processor count
     */
    public static int defaultThreads() {
        return DEFAULT_THREADS;
    }

    /**
     * Runs {@code body} for every task number in {@code [0, tasks)}, spread over the pool; the
     * caller works too and returns when all are done. Tasks must write disjoint outputs. Called
     * from a task on a pool thread, it runs inline: nested parallelism would only add contention.
     *
     * @param threads how many threads may work, the caller's included
     * @param tasks how many tasks
     * @param body what one task does, given its number
     */
    public static void forEach(int threads, int tasks, IntConsumer body) {
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
        FutureTask<?>[] helpers = new FutureTask<?>[t - 1];
        // Per helper: 0 queued, 1 started, 2 skipped. Future.cancel cannot stand in for this, as
        // it also succeeds on a task that is running, and the caller would return mid-task.
        AtomicIntegerArray state = new AtomicIntegerArray(helpers.length);
        for (int h = 0; h < helpers.length; h++) {
            int id = h;
            helpers[h] = new FutureTask<>(() -> {
                if (state.compareAndSet(id, 0, 1)) {
                    worker.run();
                }
            }, null);
            QUEUE.offer(helpers[h]);
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

    /** A pool thread's life: run what is handed over, polling briefly before blocking. */
    private static void serve() {
        while (true) {
            Runnable r = QUEUE.poll();
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (r == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                r = QUEUE.poll();
            }
            try {
                (r != null ? r : QUEUE.take()).run();
            } catch (InterruptedException e) {
                // Daemon threads of the JVM's lifetime: nobody interrupts them but the shutdown.
                return;
            }
        }
    }

    private static void awaitQuietly(Future<?> f) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!f.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
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
            setDaemon(true);
        }
    }
}
