// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import org.apache.spark.broadcast.Broadcast;

/**
 * A partition's part of one synchronous step: the summed gradient of its rows of the global
 * mini-batch. Runs on an executor; everything it holds is shipped there.
 */
final class GradientTask extends PartitionTask {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ParamValues> params;
    private final int[] rows;

    GradientTask(TaskSetup setup, Broadcast<ParamValues> params, int[] rows, long step) {
        super(setup, step);
        this.params = params;
        this.rows = rows;
    }

    @Override
    double[] part(Shard shard) {
        int[] local = shard.local(rows);
        if (local.length == 0) {
            return null;
        }
        return onWorker(shard, w -> w.gradientSum(params.value(), shard.data().rows(local),
                Seeds.mix(setup.seed(), step, shard.partition)));
    }
}
