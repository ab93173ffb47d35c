// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A partition's part of one synchronous step: the summed gradient of its rows of the global
 * mini-batch. Runs on an executor; everything it holds is shipped there.
 */
final class GradientTask implements Function<Shard, TreeSum> {
    private static final long serialVersionUID = 1L;

    private final TaskSetup setup;
    private final Broadcast<ParamValues> params;
    private final int[] rows;
    private final long step;

    GradientTask(TaskSetup setup, Broadcast<ParamValues> params, int[] rows, long step) {
        this.setup = setup;
        this.params = params;
        this.rows = rows;
        this.step = step;
    }

    @Override
    public TreeSum call(Shard shard) {
        setup.hook().beforeTask(step, shard.partition, attempt());
        int[] local = shard.local(rows);
        if (local.length == 0) {
            return TreeSum.leaf(setup.partitions(), shard.partition, null);
        }
        double[] sum = Workers.with(setup.run(), () -> setup.worker(shard),
                w -> w.gradientSum(params.value(), shard.data().rows(local), Seeds.mix(setup.seed(), step, shard.partition)));
        return TreeSum.leaf(setup.partitions(), shard.partition, sum);
    }

    /** @return Spark's attempt number of the running task, 0 outside Spark */
    static int attempt() {
        TaskContext tc = TaskContext.get();
        return tc == null ? 0 : tc.attemptNumber();
    }
}
