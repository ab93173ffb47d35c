// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.io.Checkpoint;
import dev.nabla.nn.io.CheckpointDirectory;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * README's checkpoint recipe ("Saving every epoch into the trainer's store, and resuming from it"),
 * run as written in both element types: a run saves every epoch, a fresh model, store and trainer
 * restore the newest checkpoint and go on, and they end where one trainer fitting twice ends.
 */
class ResumeFromCheckpointsTest {
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    private static Layer model() {
        return Sequential.of(Dense.of(2, 6), Activation.of("tanh", Node::tanh), Dense.of(6, 1));
    }

    private static Dataset train() {
        Tensor x = Tensor.randomNormal(5, 0, 1, 40, 2);
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(x.get(i, 0)) - 0.5 * x.get(i, 1);
        }
        return new Dataset(x, Tensor.of(Shape.of(40, 1), y));
    }

    private static TrainOptions options() {
        return TrainOptions.defaults().epochs(EPOCHS).batchSize(8).seed(9).schedule(Schedule.constant(0.01))
                .verbosity(TrainOptions.Verbosity.QUIET);
    }

    /** One process of the recipe: a fresh model, store and trainer, then README's three lines. */
    private long runTheRecipe(DType type, Dataset train, TrainOptions options, ParamStore store) {
        Layer model = model();
        Trainer trainer = new Trainer(model, Losses::mse, Optimizer.adam(), store, type);
        // README, as written but for the directory, which is this test's temporary one.
        CheckpointDirectory ckpts = CheckpointDirectory.open(dir.resolve("run/checkpoints"), 3);   // keeps the newest 3
        long start = ckpts.restore(store, model.params()).orElse(-1) + 1;                      // 0 on a fresh run
        trainer.fit(train, options.callback((epoch, logs, c) -> ckpts.save(start + epoch, store.snapshot(), Map.of())));
        return start;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aRunResumedFromItsCheckpointsEndsWhereOneTrainerFittingTwiceEnds(DType type) {
        Dataset train = train();
        ParamStore first = new ParamStore();
        assertEquals(0, runTheRecipe(type, train, options(), first));
        ParamStore resumed = new ParamStore();
        assertEquals(EPOCHS, runTheRecipe(type, train, options(), resumed), "the resumed run starts after the saved epochs");
        CheckpointDirectory ckpts = CheckpointDirectory.open(dir.resolve("run/checkpoints"), 3);
        assertEquals(List.of(3L, 4L, 5L), ckpts.steps(), "one file per epoch of both runs, the newest 3 kept");

        ParamStore straight = new ParamStore();
        Trainer trainer = new Trainer(model(), Losses::mse, Optimizer.adam(), straight, type);
        trainer.fit(train, options());
        trainer.fit(train, options());
        Map<String, Tensor> want = straight.snapshot();
        Map<String, Tensor> got = resumed.snapshot();
        assertEquals(want.keySet(), got.keySet());
        assertTrue(want.keySet().stream().anyMatch(k -> k.contains("/adam_")), "the optimizer's state is saved too: "
                + want.keySet());
        for (String name : want.keySet()) {
            assertEquals(type, got.get(name).dtype(), name);
            assertArrayEquals(want.get(name).toArray(), got.get(name).toArray(), name + " bit for bit");
        }
        assertArrayEquals(want.get("dense_2/W").toArray(),
                Checkpoint.read(ckpts.file(5)).get("dense_2/W").toArray(), "the last epoch's checkpoint");
    }
}
