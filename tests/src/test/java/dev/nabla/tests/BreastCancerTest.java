// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.data.Datasets;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.RocCurve;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The nn issue's breast-cancer result: logistic regression and a small MLP both reach ROC AUC of
 * at least 0.99 on a held-out stratified 25%, standardised with the training split's statistics only.
 */
class BreastCancerTest {
    /** {train, test}: targets as {@code [N, 1]} columns for the one-logit models. */
    private static final Dataset[] SPLIT = split();

    private static Dataset[] split() {
        Dataset[] parts = Datasets.breastCancer().stratifiedSplit(0.25, 42);
        double[][] stats = parts[0].columnStats();
        return new Dataset[] {column(parts[0].standardize(stats[0], stats[1])), column(parts[1].standardize(stats[0], stats[1]))};
    }

    private static Dataset column(Dataset d) {
        return new Dataset(d.x(), d.y().reshape(d.size(), 1));
    }

    @Test
    void theHeldOutSplitIsStratified() {
        Dataset train = SPLIT[0];
        Dataset test = SPLIT[1];
        assertEquals(569, train.size() + test.size());
        double trainShare = positives(train) / train.size();
        double testShare = positives(test) / test.size();
        System.out.printf(Locale.ROOT, "breast cancer: %d train, %d held out; benign share %.4f and %.4f%n", train.size(),
                test.size(), trainShare, testShare);
        assertEquals(142, test.size(), 1);
        assertEquals(trainShare, testShare, 0.01);
    }

    @Test
    void logisticRegressionReachesAuc099() {
        double auc = heldOutAuc(Sequential.of(Dense.of(30, 1)), 0.01, 40);
        System.out.printf(Locale.ROOT, "breast cancer: logistic regression held-out ROC AUC %.4f%n", auc);
        assertTrue(auc >= 0.99, "logistic regression AUC " + auc);
    }

    @Test
    void anMlpReachesAuc099() {
        Layer mlp = Sequential.of(Dense.of(30, 16, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", x -> Ops.maximum(x, x.graph().scalar(0.0))), Dense.of(16, 1));
        double auc = heldOutAuc(mlp, 0.003, 15);
        System.out.printf(Locale.ROOT, "breast cancer: MLP 30-16-1 (%d params) held-out ROC AUC %.4f%n", Params.count(mlp), auc);
        assertTrue(auc >= 0.99, "MLP AUC " + auc);
    }

    /** Trains with Adam on the logits and returns the ROC AUC of the held-out logits. */
    private static double heldOutAuc(Layer model, double rate, int epochs) {
        Trainer trainer = new Trainer(model, Losses::binaryCrossEntropyWithLogits, Optimizer.adam(), new ParamStore());
        trainer.fit(SPLIT[0], TrainOptions.defaults().epochs(epochs).batchSize(32).seed(7)
                .schedule(Schedule.constant(rate)).verbosity(TrainOptions.Verbosity.QUIET));
        // The sigmoid is monotonic, so the logits rank the samples as the probabilities do: the same curve.
        Tensor logits = trainer.predict(SPLIT[1].x());
        return RocCurve.of(logits, SPLIT[1].y()).auc();
    }

    private static double positives(Dataset d) {
        double n = 0;
        for (double v : d.y().toArray()) {
            n += v;
        }
        return n;
    }
}
