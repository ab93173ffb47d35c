// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.io.CheckpointDirectory;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retried tasks and resumed runs end with exactly the params of an undisturbed run. */
class FaultsAndCheckpointsTest {
    /** Local mode runs tasks in this JVM, so the hook can count what it injected here. */
    private static final AtomicInteger INJECTED = new AtomicInteger();
    /** local[2, 2]: two threads, and a failed task may be tried twice (plain local[2] never retries). */
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("local[2,2]");
    private static final Dataset DATA = LocalSpark.digits(300);
    private static final TrainOptions OPTIONS = TrainOptions.defaults().epochs(2).batchSize(40).seed(5)
            .schedule(Schedule.constant(0.01)).verbosity(TrainOptions.Verbosity.QUIET);

    private static JavaRDD<Example> rdd() {
        return SPARK.sc().parallelize(Example.all(DATA), 3);
    }

    private static ParamStore train(SparkOptions spark) {
        ParamStore store = new ParamStore();
        new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), store).fit(rdd(), OPTIONS, spark);
        return store;
    }

    private static void assertSameBits(ParamStore expected, ParamStore actual) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            assertEquals(expected.get(name), actual.get(name), name);
        }
    }

    /** Spark's own failure (a task failed on every attempt) comes out as a NablaException carrying its reason. */
    private static void assertCrashed(org.junit.jupiter.api.function.Executable run) {
        NablaException e = assertThrows(NablaException.class, run);
        assertTrue(e.getMessage().startsWith("SparkTrainer: Spark could not run a training step")
                && e.getMessage().contains("the cluster went away"), e.getMessage());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndChangesNothing() {
        ParamStore clean = train(SparkOptions.synchronous());
        INJECTED.set(0);
        ParamStore retried = train(SparkOptions.synchronous().taskHook((step, partition, attempt) -> {
            if (attempt == 0 && partition == 1 && (step == 3 || step == 9)) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure at step " + step);
            }
        }));
        assertEquals(2, INJECTED.get(), "the hook should have failed two first attempts");
        assertSameBits(clean, retried);
    }

    @Test
    void averagingRoundsAreRetriedExactlyToo() {
        SparkOptions averaging = SparkOptions.averaging(3);
        ParamStore clean = train(averaging);
        INJECTED.set(0);
        ParamStore retried = train(averaging.taskHook((round, partition, attempt) -> {
            if (attempt == 0 && partition == 2 && round == 1) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure in round " + round);
            }
        }));
        assertEquals(1, INJECTED.get());
        assertSameBits(clean, retried);
    }

    @Test
    void anAveragingRunResumesExactlyToo(@TempDir Path dir) {
        SparkOptions averaging = SparkOptions.averaging(2);
        ParamStore clean = train(averaging);
        CheckpointDirectory ckpt = CheckpointDirectory.open(dir, 2);
        // 3 partitions x 2 local steps x 40 = 240 samples a round: 2 rounds an epoch, 4 in all.
        SparkOptions crashing = averaging.checkpoints(ckpt, 1).taskHook((round, partition, attempt) -> {
            if (round == 2) {
                throw new IllegalStateException("the cluster went away");
            }
        });
        assertCrashed(() -> new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), new ParamStore()).fit(rdd(), OPTIONS, crashing));
        assertEquals(List.of(1L, 2L), ckpt.steps());
        ParamStore resumed = new ParamStore();
        new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), resumed).fit(rdd(), OPTIONS, averaging.checkpoints(ckpt, 1).resume(true));
        assertSameBits(clean, resumed);
    }

    @Test
    void aRunResumedFromItsCheckpointEndsWhereAnUndisturbedRunEnds(@TempDir Path dir) {
        ParamStore clean = train(SparkOptions.synchronous());
        CheckpointDirectory ckpt = CheckpointDirectory.open(dir, 2);
        // A failure on every attempt of step 10 aborts the job: the run crashes after checkpoint 8.
        SparkOptions crashing = SparkOptions.synchronous().checkpoints(ckpt, 4).taskHook((step, partition, attempt) -> {
            if (step == 10) {
                throw new IllegalStateException("the cluster went away");
            }
        });
        ParamStore lost = new ParamStore();
        assertCrashed(() -> new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), lost).fit(rdd(), OPTIONS, crashing));
        assertEquals(List.of(4L, 8L), ckpt.steps());
        ParamStore resumed = new ParamStore();
        new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), resumed).fit(rdd(), OPTIONS,
                SparkOptions.synchronous().checkpoints(ckpt, 4).resume(true));
        assertSameBits(clean, resumed);
        // 300 samples in batches of 40 are 8 steps an epoch: 16 in all, the last checkpoint at 16.
        assertEquals(List.of(12L, 16L), ckpt.steps());
        assertEquals("SparkTrainer", ckpt.latest().checkpoint().orElseThrow().metadata().get("trainer"));
        NablaException otherMode = assertThrows(NablaException.class, () -> new SparkTrainer(SPARK.sc(), LocalSpark.mlp(),
                new ParamStore()).fit(rdd(), OPTIONS, SparkOptions.averaging(2).checkpoints(ckpt, 4).resume(true)));
        assertTrue(otherMode.getMessage().contains("cannot resume averaging every 2 local steps training"), otherMode.getMessage());
    }
}
