// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A partition's part of one round of parameter averaging: k local optimizer steps on its own
 * data from the broadcast params and optimizer state, returning the new values weighted by the
 * partition's size.
 */
final class AveragingTask implements Function<Shard, TreeSum> {
    private static final long serialVersionUID = 1L;

    private final TaskSetup setup;
    private final Broadcast<ParamValues> values;
    private final long round;
    private final int localSteps;
    private final int batchSize;
    private final double lr;

    AveragingTask(TaskSetup setup, Broadcast<ParamValues> values, long round, int localSteps, int batchSize, double lr) {
        this.setup = setup;
        this.values = values;
        this.round = round;
        this.localSteps = localSteps;
        this.batchSize = batchSize;
        this.lr = lr;
    }

    @Override
    public TreeSum call(Shard shard) {
        setup.hook().beforeTask(round, shard.partition, GradientTask.attempt());
        if (shard.size == 0) {
            return TreeSum.leaf(setup.partitions(), shard.partition, null);
        }
        double[] sum = Workers.with(setup.run(), () -> setup.worker(shard), w -> w.localSteps(values.value(), shard.data(),
                localSteps, batchSize, lr, Seeds.mix(setup.seed(), round, shard.partition)));
        return TreeSum.leaf(setup.partitions(), shard.partition, sum);
    }
}
