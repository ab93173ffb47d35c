// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import org.apache.spark.broadcast.Broadcast;

/**
 * A partition's part of one round of parameter averaging: k local optimizer steps on its own
 * data from the broadcast params and optimizer state, returning the new values weighted by the
 * partition's size.
 */
final class AveragingTask extends PartitionTask {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ParamValues> values;
    private final int localSteps;
    private final int batchSize;
    private final double lr;

    AveragingTask(TaskSetup setup, Broadcast<ParamValues> values, long round, int localSteps, int batchSize, double lr) {
        super(setup, round);
        this.values = values;
        this.localSteps = localSteps;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    @Override
    double[] part(Shard shard) {
        if (shard.size == 0) {
            return null;
        }
        return onWorker(shard, w -> w.localSteps(values.value(), shard.data(), localSteps, batchSize, lr,
                Seeds.mix(setup.seed(), step, shard.partition)));
    }
}
