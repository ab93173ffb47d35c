// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * A task on one partition's shard that returns the partition's part of a {@link TreeSum}:
 * calls the hook, computes the part on a cached worker of the run, and files it under the
 * partition's number.
 */
abstract class PartitionTask implements Function<Shard, TreeSum> {
    private static final long serialVersionUID = 1L;

    final TaskSetup setup;
    final long step;

    PartitionTask(TaskSetup setup, long step) {
        this.setup = setup;
        this.step = step;
    }

    @Override
    public final TreeSum call(Shard shard) {
        TaskContext tc = TaskContext.get();
        setup.hook().beforeTask(step, shard.partition, tc == null ? 0 : tc.attemptNumber());
        return TreeSum.leaf(setup.partitions(), shard.partition, part(shard));
    }

    /**
     * Computes this partition's part of the step's result.
     *
     * @param shard the partition's examples
     * @return the partition's part, or null if it adds nothing this step
     */
    abstract double[] part(Shard shard);

    /**
     * Runs some work on a worker of this run, building one for the shard if needed.
     *
     * @param shard the shard a new worker would be built for
     * @param body the work
     * @return what the work returns, computed on a worker of this run
     */
    final double[] onWorker(Shard shard, java.util.function.Function<Worker, double[]> body) {
        return Workers.with(setup.run(), () -> setup.worker(shard), body);
    }
}
