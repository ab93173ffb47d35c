// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.NablaException;
import dev.nabla.nn.io.CheckpointDirectory;

/**
 * How {@link SparkTrainer} spreads training over the cluster; {@link dev.nabla.nn.train.TrainOptions}
 * says the rest (epochs, batch, seed, schedule), with the same meaning as on one machine.
 *
 * <p>Usage: {@code SparkOptions.synchronous().checkpoints(CheckpointDirectory.open(dir, 3), 50).resume(true)}
 *
 * @param localSteps 0 for synchronous data-parallel SGD (every step's gradient summed over all
 *     partitions); k &gt; 0 for periodic parameter averaging (each partition takes k steps of
 *     its own, then params and optimizer state are averaged)
 * @param treeDepth the depth of Spark's {@code treeAggregate}, at least 1 (2 suits most clusters)
 * @param checkpoints where the driver saves, or null for nowhere
 * @param checkpointEvery save after every this many steps (rounds when averaging), 0 for never
 * @param resume start from the newest complete checkpoint in {@code checkpoints}, if any
 * @param hook called at the start of every task (tests inject failures with it)
 */
public record SparkOptions(int localSteps, int treeDepth, CheckpointDirectory checkpoints, int checkpointEvery,
        boolean resume, TaskHook hook) {

    /** Checks the values. */
    public SparkOptions {
        if (localSteps < 0 || treeDepth < 1 || checkpointEvery < 0 || hook == null) {
            throw new NablaException("SparkOptions: expected local steps >= 0, tree depth >= 1, checkpoint interval >= 0 "
                    + "and a hook; got " + localSteps + ", " + treeDepth + ", " + checkpointEvery + ", " + hook);
        }
        if ((checkpointEvery > 0 || resume) && checkpoints == null) {
            throw new NablaException("SparkOptions: checkpointing every " + checkpointEvery + " steps"
                    + (resume ? " and resuming" : "") + " needs a checkpoint directory; use checkpoints(dir, every)");
        }
    }

    /**
     * Chooses synchronous training, which gives the same steps as on one machine.
     *
     * @return synchronous data-parallel SGD: the same steps as on one machine
     */
    public static SparkOptions synchronous() {
        return new SparkOptions(0, 2, null, 0, false, TaskHook.NONE);
    }

    /**
     * Chooses training that averages the workers' params every few local steps.
     *
     * @param k local steps between averages, at least 1
     * @return periodic parameter averaging, for slow networks
     */
    public static SparkOptions averaging(int k) {
        if (k < 1) {
            throw new NablaException("SparkOptions.averaging: expected at least 1 local step between averages, got " + k);
        }
        return new SparkOptions(k, 2, null, 0, false, TaskHook.NONE);
    }

    /**
     * Tells whether these options train synchronously.
     *
     * @return whether this is synchronous data-parallel SGD
     */
    public boolean synchronousMode() {
        return localSteps == 0;
    }

    /**
     * Sets the depth of the tree the gradients are summed over.
     *
     * @param depth treeAggregate's depth
     * @return changed options
     */
    public SparkOptions treeDepth(int depth) {
        return new SparkOptions(localSteps, depth, checkpoints, checkpointEvery, resume, hook);
    }

    /**
     * Sets where and how often to save checkpoints during training.
     *
     * @param dir where to save (params and optimizer state, in nn's atomic checkpoint format)
     * @param every steps (rounds) between saves, at least 1
     * @return changed options
     */
    public SparkOptions checkpoints(CheckpointDirectory dir, int every) {
        if (dir == null || every < 1) {
            throw new NablaException("SparkOptions.checkpoints: expected a directory and an interval of at least 1 step; got "
                    + dir + " and " + every);
        }
        return new SparkOptions(localSteps, treeDepth, dir, every, resume, hook);
    }

    /**
     * Sets whether to resume from the newest checkpoint.
     *
     * @param on start from the newest checkpoint
     * @return changed options
     */
    public SparkOptions resume(boolean on) {
        return new SparkOptions(localSteps, treeDepth, checkpoints, checkpointEvery, on, hook);
    }

    /**
     * Sets a hook to call at the start of every task.
     *
     * @param h called at the start of every task
     * @return changed options
     */
    public SparkOptions taskHook(TaskHook h) {
        return new SparkOptions(localSteps, treeDepth, checkpoints, checkpointEvery, resume, h);
    }
}
