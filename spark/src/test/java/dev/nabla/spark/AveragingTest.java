// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.data.Datasets;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Periodic parameter averaging is not the single-machine run, but it must learn the digits. */
class AveragingTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("local[2]");

    @Test
    void averagingEveryFiveLocalStepsLearnsTheDigits() {
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, 3);
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        SparkTrainer trainer = new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), new ParamStore());
        double before = trainer.evaluate(test).get("accuracy");
        History h = trainer.fit(SPARK.sc().parallelize(Example.all(train), 4), TrainOptions.defaults().epochs(8).batchSize(32)
                .seed(3).schedule(Schedule.constant(0.01)).verbosity(TrainOptions.Verbosity.QUIET), SparkOptions.averaging(5));
        double after = trainer.evaluate(test).get("accuracy");
        assertTrue(after >= 0.93, "test accuracy " + after + " (before training " + before + "), history " + h);
        assertTrue(h.get("loss").get(7) < h.get("loss").get(0) / 2, "loss should fall: " + h.get("loss"));
    }
}
