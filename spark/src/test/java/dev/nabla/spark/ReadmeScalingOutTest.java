// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.io.CheckpointDirectory;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.TrainOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** README's "Scaling out" code, kept running (fewer epochs, quiet). */
class ReadmeScalingOutTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("local[2]");

    @Test
    void scalingOut(@TempDir Path dir) {
        JavaSparkContext sc = SPARK.sc();
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, 42);
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        TrainOptions options = TrainOptions.defaults().epochs(1).batchSize(32).seed(42).verbosity(TrainOptions.Verbosity.QUIET);

        ModelSpec spec = new ModelSpec(() -> Sequential.of(Dense.of(64, 128), Activation.of("relu", Activations::relu),
                Dense.of(128, 10)), Losses::softmaxCrossEntropy, Optimizer::adam);
        SparkTrainer trainer = new SparkTrainer(sc, spec, new ParamStore());
        JavaRDD<Example> data = sc.parallelize(Example.all(train), 8);
        trainer.fit(data, options);
        trainer.fit(data, options, SparkOptions.synchronous().checkpoints(CheckpointDirectory.open(dir, 3), 20).resume(true));

        assertTrue(trainer.evaluate(test).get("accuracy") > 0.9, trainer.evaluate(test).toString());
        // 1346 samples in batches of 32 are 43 steps an epoch; the second fit saved at 20 and 40.
        assertEquals(List.of(20L, 40L), CheckpointDirectory.open(dir, 3).steps());
    }
}
