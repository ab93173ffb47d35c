// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import java.io.Serializable;

/**
 * What every task of one training run shares, shipped with each task.
 *
 * @param run the run's id, which keys the executors' cached workers
 * @param spec how to build the model
 * @param partitions how many partitions the data has
 * @param seed the run's seed
 * @param threads kernel threads per task
 * @param anomalies whether executors check every value for NaN and infinity
 * @param hook called at each task's start
 */
record TaskSetup(String run, ModelSpec spec, int partitions, long seed, int threads, boolean anomalies, TaskHook hook)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Builds a worker for one shard of the run's data.
     *
     * @param shard a shard of the run's data
     * @return a new worker for it
     */
    Worker worker(Shard shard) {
        return new Worker(spec, shard, threads, anomalies);
    }
}
