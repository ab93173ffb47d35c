// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.optim.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bad-input catalog of training: hyperparameters that are NaN, infinite or out of range, data
 * sets that cannot be batched, and labels a loss cannot use. Each error is of exactly the
 * documented type and names the value and what was expected.
 */
class TrainingBadInputTest {
    private static void says(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable e = assertThrows(Throwable.class, call);
        assertSame(type, e.getClass(), () -> "expected " + type.getSimpleName() + " but got " + e);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "\"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
    }

    private static void says(Executable call, String... fragments) {
        says(NablaException.class, call, fragments);
    }

    private static Dataset regression(int n) {
        return new Dataset(Tensor.zeros(n, 2), Tensor.zeros(n, 1));
    }

    private static TrainOptions quiet() {
        return TrainOptions.defaults().epochs(1).batchSize(2).verbosity(TrainOptions.Verbosity.QUIET);
    }

    private static Trainer trainer() {
        return new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), new ParamStore());
    }

    @Test
    void learningRatesThatAreNaNInfiniteOrNotPositive() {
        says(() -> Schedule.constant(Double.NaN), "the learning rate must be positive and finite, got NaN");
        says(() -> Schedule.constant(Double.POSITIVE_INFINITY), "got Infinity");
        says(() -> Schedule.cosine(-0.1, 10, 0), "got -0.1");
        Schedule nan = (epoch, step) -> Double.NaN;
        says(() -> trainer().fit(regression(4), quiet().schedule(nan)),
                "Trainer.fit: the schedule gave the learning rate NaN in epoch 1 at step 0", "finite and at least 0");
    }

    @Test
    void schedulesWithBadShapes() {
        says(() -> Schedule.exponential(0.1, Double.NaN), "Schedule.exponential: gamma must be positive and finite, got NaN");
        says(() -> Schedule.step(0.1, 2, 0), "Schedule.step: gamma must be positive and finite, got 0.0");
        says(() -> Schedule.cosine(0.1, 0, 0), "Schedule.cosine: needs epochs at least 1 and 0 <= min <= lr, got epochs 0");
        says(() -> Schedule.warmup(null, 10), "Schedule.warmup: needs a schedule to follow", "got null");
        says(() -> Schedule.reduceOnPlateau(0.1, 1.5, 2), "Schedule.reduceOnPlateau: needs factor in (0, 1)", "got 1.5");
    }

    @Test
    void momentumAndDecaysOutsideZeroToOne() {
        says(() -> Optimizer.momentum(Double.NaN), "Transforms.momentum: beta must be in [0, 1), got NaN");
        says(() -> Optimizer.nesterov(1.0), "Transforms.momentum: beta must be in [0, 1), got 1.0");
        says(() -> Transforms.adam(0.9, Double.POSITIVE_INFINITY, 1e-8), "Transforms.adam: b2 must be in [0, 1), got Infinity");
        says(() -> Transforms.adam(0.9, 0.999, Double.NaN), "Transforms.adam: eps must be finite and at least 0, got NaN");
        says(() -> Transforms.rmsprop(-0.5, 1e-8), "Transforms.rmsprop: decay must be in [0, 1), got -0.5");
        says(() -> Transforms.adagrad(-1), "Transforms.adagrad: eps must be finite and at least 0, got -1.0");
        says(() -> Optimizer.adamW(Double.NaN), "Transforms.decayWeights: wd must be finite and at least 0, got NaN");
        says(() -> Transforms.clipByValue(0), "Transforms.clipByValue: the limit must be positive and finite, got 0.0");
        says(() -> Optimizer.sgd().clipByGlobalNorm(Double.NaN), "the bound must be positive, got NaN");
    }

    @Test
    void batchSizeZeroOrLargerThanTheDataSet() {
        says(() -> quiet().batchSize(0), "TrainOptions: epochs and batch size must be at least 1", "batch 0");
        says(() -> trainer().fit(regression(5), quiet().batchSize(8)),
                "Trainer.fit: batch size 8 is larger than the data set of 5 samples; use batchSize(5) for full-batch gradient descent");
    }

    @Test
    void anEmptyOrNullDataSet() {
        says(() -> trainer().fit(regression(0), quiet()), "Trainer.fit: the data set is empty, inputs [0, 2]; give at least one sample");
        says(() -> trainer().evaluate(regression(0)), "Trainer.evaluate: the data set is empty");
        says(() -> trainer().fit(null, quiet()), "Trainer.fit: the data set is null");
        says(() -> trainer().fit(regression(4), null), "Trainer.fit: the options are null; start from TrainOptions.defaults()");
        says(() -> trainer().fit(regression(4), quiet().validation(regression(0))), "Trainer.fit (validation): the data set is empty");
    }

    @Test
    void dataSetsWhoseRowsDoNotMatch() {
        says(() -> new Dataset(Tensor.zeros(4, 2), Tensor.zeros(3)), "same number of rows", "[4, 2] and [3]");
        says(() -> new Dataset(Tensor.zeros(4, 2), null), "got [4, 2] and null");
        says(() -> regression(4).rows(new int[] {0, 4}), "Dataset.rows: row 4 is out of range [0, 4)");
    }

    @Test
    void crossEntropyLabelsOutOfRange() {
        Trainer t = new Trainer(Dense.of(2, 10), Losses::softmaxCrossEntropy, Optimizer.sgd(), new ParamStore());
        Dataset data = new Dataset(Tensor.zeros(4, 2), Tensor.fromArray(new double[] {0, 9, 10, 3}));
        // The labels are checked as the one-hot node reads them; the message names it and its call site.
        says(EvaluationException.class, () -> t.fit(data, quiet().batchSize(4)),
                "= one_hot(\"y\") [?, 10] (built at TrainingBadInputTest.java:", "one_hot: index 10.0 is not an integer in [0, 10)");
        Dataset negative = new Dataset(Tensor.zeros(2, 2), Tensor.fromArray(new double[] {-1, 0}));
        says(EvaluationException.class, () -> t.evaluate(negative), "one_hot: index -1.0 is not an integer in [0, 10)");
        Dataset fractional = new Dataset(Tensor.zeros(2, 2), Tensor.fromArray(new double[] {0.5, 1}));
        says(EvaluationException.class, () -> t.evaluate(fractional), "one_hot: index 0.5 is not an integer in [0, 10)");
    }
}
