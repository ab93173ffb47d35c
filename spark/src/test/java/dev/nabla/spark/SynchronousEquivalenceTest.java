// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The central claim: synchronous steps on Spark are the single-machine trainer's steps. */
class SynchronousEquivalenceTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("local[2]");
    private static final Dataset DATA = LocalSpark.digits(400);
    private static final TrainOptions OPTIONS = TrainOptions.defaults().epochs(3).batchSize(50).seed(11)
            .schedule(Schedule.constant(0.01)).verbosity(TrainOptions.Verbosity.QUIET);

    /** @return the largest |a - b| of each param, relative to the param's largest |value| */
    static double maxRelativeDifference(ParamStore a, ParamStore b) {
        assertEquals(a.names(), b.names());
        double worst = 0;
        for (String name : a.names()) {
            double[] x = a.get(name).toArray();
            double[] y = b.get(name).toArray();
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                scale = Math.max(scale, Math.abs(x[i]));
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            worst = Math.max(worst, scale == 0 ? diff : diff / scale);
        }
        return worst;
    }

    private static ParamStore single(ModelSpec spec, TrainOptions options) {
        ParamStore store = new ParamStore();
        spec.trainer(store).fit(DATA, options);
        return store;
    }

    private static ParamStore spark(ModelSpec spec, TrainOptions options, int partitions) {
        ParamStore store = new ParamStore();
        new SparkTrainer(SPARK.sc(), spec, store).fit(SPARK.sc().parallelize(Example.all(DATA), partitions), options);
        return store;
    }

    @Test
    void adamStepsOnTwoAndFourPartitionsMatchOneMachine() {
        ParamStore one = single(LocalSpark.mlp(), OPTIONS);
        // Adam's moments and step counts are compared too.
        assertTrue(one.names().contains("dense_1/W/adam_v"), one.names().toString());
        for (int partitions : new int[] {2, 4}) {
            ParamStore many = spark(LocalSpark.mlp(), OPTIONS, partitions);
            double diff = maxRelativeDifference(one, many);
            assertTrue(diff <= 1e-9, partitions + " partitions: max relative param difference " + diff);
        }
    }

    @Test
    void momentumWithClippingAndAnUnevenLastBatchMatchOneMachine() {
        ModelSpec spec = LocalSpark.mlp(() -> Optimizer.momentum(0.9).clipByGlobalNorm(1.0));
        TrainOptions options = OPTIONS.batchSize(64).epochs(2);
        ParamStore one = single(spec, options);
        ParamStore many = spark(spec, options, 3);
        double diff = maxRelativeDifference(one, many);
        assertTrue(diff <= 1e-9, "max relative param difference " + diff);
    }

    @Test
    void theHistoryMatchesOneMachine() {
        Dataset test = LocalSpark.digits(600).rows(java.util.stream.IntStream.range(400, 600).toArray());
        TrainOptions options = OPTIONS.validation(test);
        ParamStore oneStore = new ParamStore();
        Trainer one = LocalSpark.mlp().trainer(oneStore);
        History h1 = one.fit(DATA, options);
        SparkTrainer many = new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), new ParamStore());
        History h2 = many.fit(SPARK.sc().parallelize(Example.all(DATA), 2), options);
        for (String key : new String[] {"loss", "val_loss", "val_accuracy"}) {
            for (int e = 0; e < options.epochs(); e++) {
                assertEquals(h1.get(key).get(e), h2.get(key).get(e), 1e-9, key + " epoch " + e);
            }
        }
        Map<String, Double> m = many.evaluate(test);
        assertEquals(one.evaluate(test).get("accuracy"), m.get("accuracy"), 1e-12);
    }

    @Test
    void batchNormRunningMeansAreAveragedOverPartitions() {
        ModelSpec spec = new ModelSpec(() -> Sequential.of(Dense.of(64, 16), BatchNorm.of(16),
                Activation.of("tanh", Activations::tanh), Dense.of(16, 10)), Losses::softmaxCrossEntropy, Optimizer::sgd);
        // One full-batch step: each partition normalises with its own statistics (as DDP without
        // synchronised batch norm), but the rows-weighted average of the running means is the
        // running mean over the whole batch.
        TrainOptions oneStep = OPTIONS.epochs(1).batchSize(DATA.size());
        ParamStore one = single(spec, oneStep);
        ParamStore many = spark(spec, oneStep, 4);
        String mean = one.names().stream().filter(n -> n.endsWith("running_mean")).findFirst().orElseThrow();
        assertTrue(one.get(mean).allClose(many.get(mean), 1e-12, 1e-14), one.get(mean) + " vs " + many.get(mean));
        assertTrue(maxRelativeDifference(one, many) > 1e-6, "per-partition batch statistics should change the step");
    }

    @Test
    void emptyPartitionsAddNothing() {
        // 30 samples in 40 partitions: most partitions are empty, and most steps touch few of the rest.
        Dataset small = DATA.rows(java.util.stream.IntStream.range(0, 30).toArray());
        TrainOptions options = OPTIONS.batchSize(10).epochs(2);
        ParamStore one = new ParamStore();
        LocalSpark.mlp().trainer(one).fit(small, options);
        ParamStore many = new ParamStore();
        new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), many).fit(SPARK.sc().parallelize(Example.all(small), 40), options);
        double diff = maxRelativeDifference(one, many);
        assertTrue(diff <= 1e-9, "max relative param difference " + diff);
    }

    @Test
    void repeatedRunsGiveTheSameBits() {
        ParamStore a = spark(LocalSpark.mlp(), OPTIONS.epochs(1), 4);
        ParamStore b = spark(LocalSpark.mlp(), OPTIONS.epochs(1), 4);
        for (String name : a.names()) {
            Tensor x = a.get(name);
            assertEquals(x, b.get(name), name);
        }
    }
}
