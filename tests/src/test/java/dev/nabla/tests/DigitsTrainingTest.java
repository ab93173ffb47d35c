// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.data.Datasets;
import dev.nabla.graph.DType;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import org.junit.jupiter.api.Test;

/** The nn issue's headline result: a small MLP on the digits, held-out stratified 25%. */
class DigitsTrainingTest {
    @Test
    void aSmallMlpReaches97PercentOnHeldOutDigitsInUnderAMinute() {
        train(DType.FLOAT64);
    }

    /** The same run in float32: the same accuracy bar, and the accuracy printed beside float64's. */
    @Test
    void inFloat32Too() {
        train(DType.FLOAT32);
    }

    private static void train(DType type) {
        long start = System.nanoTime();
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, 42);
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        Layer model = Sequential.of(
                Dense.of(64, 128, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", x -> dev.nabla.graph.Ops.maximum(x, x.graph().scalar(0.0))),
                Dense.of(128, 10));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore(), type);
        History h = trainer.fit(train, TrainOptions.defaults().epochs(30).batchSize(32).seed(7)
                .schedule(Schedule.constant(1e-3)).validation(test).verbosity(TrainOptions.Verbosity.LINES));
        double accuracy = trainer.evaluate(test).get("accuracy");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("digits (%s): held-out accuracy %.4f after %d epochs in %.1f s%n", type, accuracy, h.epochs(), seconds);
        assertTrue(accuracy >= 0.97, type + ": held-out accuracy " + accuracy);
    }
}
