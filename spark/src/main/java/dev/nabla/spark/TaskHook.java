// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import java.io.Serializable;

/**
 * Called on the executor at the start of every training task, before it touches the model: a
 * place to inject failures in tests (Spark retries a failed task) or to log. It runs in the
 * executor's JVM, so it must be serializable and keep no state it relies on across tasks.
 *
 * <p>Usage: {@code SparkOptions.synchronous().taskHook((step, partition, attempt) -> { if (attempt == 0 && step == 3) throw new IllegalStateException("injected"); })}
 */
@FunctionalInterface
public interface TaskHook extends Serializable {
    /** A hook that does nothing. */
    TaskHook NONE = (step, partition, attempt) -> {};

    /**
     * Reacts to a task's start.
     *
     * @param step the training step (synchronous mode) or round (averaging mode)
     * @param partition the partition the task works on
     * @param attempt Spark's attempt number of the task, 0 on the first try
     */
    void beforeTask(long step, int partition, int attempt);
}
