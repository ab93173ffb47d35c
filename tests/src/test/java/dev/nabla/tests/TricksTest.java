// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.diagnostics.ActivationStats;
import dev.nabla.nn.diagnostics.Diagnostics;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The lecture's "tricks that tame the beast", each shown to matter on the digits (issue 5):
 * initialisation against vanishing gradients and saturation, batch normalisation against a
 * learning rate that breaks a deep network, and the learning rate itself. Every test prints what
 * it measured.
 */
class TricksTest {
    private static final Activation SIGMOID = Activation.of("sigmoid", x -> Ops.unary(UnaryFn.SIGMOID, x));
    private static final Activation TANH = Activation.of("tanh", Node::tanh);
    private static final Activation RELU = Activation.of("relu", x -> Ops.maximum(x, x.graph().scalar(0.0)));
    /** Digits, stratified 25% held out, standardised with the training split's statistics: {train, test}. */
    private static final Dataset[] DIGITS = digits();

    private static Dataset[] digits() {
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, 42);
        double[][] stats = split[0].columnStats();
        return new Dataset[] {split[0].standardize(stats[0], stats[1]), split[1].standardize(stats[0], stats[1])};
    }

    /**
     * The first 1344 = 42 * 32 training rows, so every batch is full. With all 1347 rows the last
     * batch of each epoch holds 3 samples: batch norm then takes a step at the high rate on 3-sample
     * statistics and mixes them into its running statistics, and in our runs held-out accuracy in
     * evaluation mode fell to between 0.1 and 0.7 while the training loss looked fine.
     */
    private static Dataset fullBatches() {
        return DIGITS[0].rows(IntStream.range(0, 1344).toArray());
    }

    /** {@code depth} dense layers, 64 units wide (10 outputs at the end), each hidden one followed by an activation. */
    private static Layer deep(int depth, Init weights, Activation act, boolean batchNorm) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < depth - 1; i++) {
            layers.add(Dense.of(64, 64, weights, Init.zeros()));
            if (batchNorm) {
                layers.add(BatchNorm.of(64));
            }
            layers.add(act);
        }
        layers.add(Dense.of(64, 10, weights, Init.zeros()));
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    /** The last layer's weight-gradient norm over the first layer's, on the whole training split, at initialisation. */
    private static double lastOverFirst(String label, Layer model, int depth) {
        ParamStore store = Params.initialize(model, new ParamStore(), 1);
        Map<String, Double> norms = Diagnostics.gradientNorms(model, Losses::softmaxCrossEntropy, store, DIGITS[0]);
        double first = norms.get("dense_1/W");
        double last = norms.get("dense_" + depth + "/W");
        System.out.printf(Locale.ROOT, "tricks: %-32s ||dL/dW1|| = %.3e  ||dL/dW%d|| = %.3e  last/first = %.3e%n", label,
                first, depth, last, last / first);
        return last / first;
    }

    @Test
    void smallGaussianWeightsMakeTheFirstLayersGradientVanish() {
        double ratio = lastOverFirst("sigmoid, N(0, 0.01^2), 10 layers", deep(10, Init.normal(0.01), SIGMOID, false), 10);
        assertTrue(ratio >= 100, "last/first " + ratio);
    }

    @Test
    void xavierScaleStillVanishesThroughTenSigmoidLayers() {
        // Xavier weights keep the backward signal's size through W (std sqrt(2/128) times sqrt(64) inputs is 1),
        // but sigmoid' <= 1/4 shrinks it at each of the nine hidden layers: roughly 4^9 = 2.6e5 in all.
        double ratio = lastOverFirst("sigmoid, Xavier normal, 10 layers", deep(10, Init.xavierNormal(), SIGMOID, false), 10);
        assertTrue(ratio >= 100, "last/first " + ratio);
    }

    @Test
    void heInitialisedReluKeepsFirstAndLastWithinTenTimes() {
        double ratio = lastOverFirst("relu, He normal, 10 layers", deep(10, Init.he(), RELU, false), 10);
        assertTrue(ratio >= 0.1 && ratio <= 10, "last/first " + ratio);
    }

    @Test
    void unitGaussianWeightsSaturateSigmoidAndTanh() {
        double sigmoidLarge = saturated("sigmoid, N(0, 1)", deep(10, Init.normal(1.0), SIGMOID, false));
        double sigmoidXavier = saturated("sigmoid, Xavier normal", deep(10, Init.xavierNormal(), SIGMOID, false));
        double tanhLarge = saturated("tanh, N(0, 1)", deep(10, Init.normal(1.0), TANH, false));
        double tanhXavier = saturated("tanh, Xavier normal", deep(10, Init.xavierNormal(), TANH, false));
        // Under N(0, 1) weights a unit fed 64 sigmoid outputs (root mean square about 0.6) gets inputs of standard
        // deviation near 5, so about 40% of its outputs lie within 0.01 of 0 or 1; tanh's outputs near +-1 give
        // inputs of standard deviation near 7, and about 70% saturate.
        assertTrue(sigmoidLarge > 0.3 && sigmoidLarge > 100 * sigmoidXavier,
                "sigmoid saturated: N(0,1) " + sigmoidLarge + ", Xavier " + sigmoidXavier);
        assertTrue(tanhLarge > 0.5 && tanhLarge > 100 * tanhXavier, "tanh saturated: N(0,1) " + tanhLarge
                + ", Xavier " + tanhXavier);
    }

    /** The saturated fraction over all hidden layers (each layer's fraction averaged), printed per layer. */
    private static double saturated(String label, Layer model) {
        ParamStore store = Params.initialize(model, new ParamStore(), 1);
        List<ActivationStats> stats = Diagnostics.activationStats(model, store, DIGITS[0]);
        double mean = stats.stream().mapToDouble(ActivationStats::saturatedFraction).average().orElseThrow();
        StringBuilder perLayer = new StringBuilder();
        stats.forEach(s -> perLayer.append(String.format(Locale.ROOT, " %.2f", s.saturatedFraction())));
        System.out.printf(Locale.ROOT, "tricks: %-24s saturated %.4f (per layer:%s)%n", label, mean, perLayer);
        return mean;
    }

    @Test
    void batchNormTrainsADeepReluNetworkAtARateThatMakesItDiverge() {
        Dataset train = fullBatches();
        NablaException diverged = assertThrows(NablaException.class,
                () -> fit(deep(8, Init.he(), RELU, false), train, Optimizer.sgd(), 1.0, 5));
        System.out.println("tricks: relu 8 layers, SGD rate 1.0, no batch norm: " + diverged.getMessage());
        assertTrue(diverged.getMessage().contains("loss became"), diverged.getMessage());
        Trainer withBn = fit(deep(8, Init.he(), RELU, true), train, Optimizer.sgd(), 1.0, 8);
        double accuracy = withBn.evaluate(DIGITS[1]).get("accuracy");
        System.out.printf(Locale.ROOT, "tricks: relu 8 layers, SGD rate 1.0, batch norm: held-out accuracy %.4f%n", accuracy);
        assertTrue(accuracy >= 0.9, "held-out accuracy with batch norm " + accuracy);
    }

    @Test
    void batchNormTrainsADeepSigmoidNetworkThatStallsWithoutIt() {
        Dataset train = fullBatches();
        Trainer plain = fit(deep(8, Init.xavierNormal(), SIGMOID, false), train, Optimizer.sgd(), 1.0, 5);
        Trainer withBn = fit(deep(8, Init.xavierNormal(), SIGMOID, true), train, Optimizer.sgd(), 1.0, 5);
        Map<String, Double> a = plain.evaluate(DIGITS[1]);
        Map<String, Double> b = withBn.evaluate(DIGITS[1]);
        System.out.printf(Locale.ROOT, "tricks: sigmoid 8 layers, SGD rate 1.0: held-out loss %.4f accuracy %.4f without "
                + "batch norm (chance: loss ln 10 = 2.3026, accuracy 0.1), %.4f and %.4f with it%n", a.get("loss"),
                a.get("accuracy"), b.get("loss"), b.get("accuracy"));
        assertTrue(a.get("loss") > 2.2 && a.get("accuracy") < 0.2, "without batch norm " + a);
        assertTrue(b.get("accuracy") >= 0.85, "with batch norm " + b);
    }

    @Test
    void aLearningRateTooSmallCrawlsAndOneTooLargeDiverges() {
        Dataset train = fullBatches();
        double[] rates = {1e-4, 0.1};
        double[] losses = new double[rates.length];
        double[] accuracies = new double[rates.length];
        for (int i = 0; i < rates.length; i++) {
            Trainer t = fit(shallow(), train, Optimizer.sgd(), rates[i], 5);
            losses[i] = t.evaluate(train).get("loss");
            accuracies[i] = t.evaluate(DIGITS[1]).get("accuracy");
            System.out.printf(Locale.ROOT, "tricks: 2-layer relu, SGD rate %s: training loss %.4f, held-out accuracy %.4f%n",
                    rates[i], losses[i], accuracies[i]);
        }
        assertTrue(losses[0] > 1.0 && accuracies[0] < 0.9, "rate 1e-4: loss " + losses[0] + ", accuracy " + accuracies[0]);
        assertTrue(losses[1] < 0.2 && accuracies[1] >= 0.93, "rate 0.1: loss " + losses[1] + ", accuracy " + accuracies[1]);
        // Too large: the loss explodes; the trainer stops it once it is no longer finite, which may take a while.
        Trainer t = new Trainer(shallow(), Losses::softmaxCrossEntropy, Optimizer.sgd(), new ParamStore());
        try {
            List<Double> loss = t.fit(train, TrainOptions.defaults().epochs(5).batchSize(32).seed(7)
                    .schedule(Schedule.constant(5.0)).verbosity(TrainOptions.Verbosity.QUIET)).get("loss");
            System.out.println("tricks: 2-layer relu, SGD rate 5: training loss per epoch " + loss);
            assertTrue(loss.get(loss.size() - 1) > 1e6 && loss.get(loss.size() - 1) > loss.get(0), "rate 5: " + loss);
        } catch (NablaException e) {
            System.out.println("tricks: 2-layer relu, SGD rate 5: " + e.getMessage());
            assertTrue(e.getMessage().contains("loss became"), e.getMessage());
        }
    }

    private static Layer shallow() {
        return Sequential.of(Dense.of(64, 64, Init.he(), Init.zeros()), RELU, Dense.of(64, 10));
    }

    /** Trains with batches of 32, seed 7, a constant rate and no output. */
    private static Trainer fit(Layer model, Dataset train, Optimizer optimizer, double rate, int epochs) {
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, optimizer, new ParamStore());
        History h = trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(32).seed(7)
                .schedule(Schedule.constant(rate)).verbosity(TrainOptions.Verbosity.QUIET));
        assertTrue(h.epochs() == epochs, "stopped after " + h.epochs() + " epochs");
        return trainer;
    }
}
