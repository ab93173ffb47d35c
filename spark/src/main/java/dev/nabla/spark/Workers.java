// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compiled workers kept in an executor's JVM between tasks, per training run.
 *
 * <p>Why a static: Spark gives a task no other place that outlives it on an executor, and
 * compiling the model's gradient graph for every task of every step would cost more than the
 * step. The cache holds no results: a worker built afresh computes the same bits as a reused
 * one, so what it holds changes only speed. Each task borrows a worker for itself (tasks of one
 * JVM run concurrently), and only the few most recent runs are kept.
 */
final class Workers {
    private static final int RUNS_KEPT = 4;
    private static final Map<String, Deque<Worker>> POOLS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Worker>> eldest) {
            return size() > RUNS_KEPT;
        }
    };

    private Workers() {}

    /**
     * Runs a body with a worker of the run, reused if one is idle, else made. A worker whose
     * body throws is dropped, since it may hold half-loaded values.
     *
     * @param run the training run's id
     * @param make builds a worker
     * @param body the task's work
     * @param <T> the result type
     * @return the body's result
     */
    static <T> T with(String run, Supplier<Worker> make, Function<Worker, T> body) {
        Worker w;
        synchronized (POOLS) {
            w = POOLS.computeIfAbsent(run, k -> new ArrayDeque<>()).poll();
        }
        if (w == null) {
            w = make.get();
        }
        T result = body.apply(w);
        synchronized (POOLS) {
            POOLS.computeIfAbsent(run, k -> new ArrayDeque<>()).push(w);
        }
        return result;
    }
}
