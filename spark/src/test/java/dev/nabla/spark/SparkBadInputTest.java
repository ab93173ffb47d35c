// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Dense;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.TrainOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Each misuse fails at once with a message that names what is wrong and what was expected. */
class SparkBadInputTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("local[2]");
    private static final TrainOptions QUIET = TrainOptions.defaults().epochs(1).verbosity(TrainOptions.Verbosity.QUIET);

    private static void assertFails(Executable call, String... fragments) {
        NablaException e = assertThrows(NablaException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected \"" + f + "\" in: " + e.getMessage());
        }
    }

    private static SparkTrainer trainer() {
        return new SparkTrainer(SPARK.sc(), LocalSpark.mlp(), new ParamStore());
    }

    private static List<Example> examples(int n, int features) {
        List<Example> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Example.labelled(new double[features], i % 10));
        }
        return l;
    }

    @Test
    void emptyData() {
        assertFails(() -> trainer().fit(SPARK.sc().parallelize(List.<Example>of(), 2), QUIET), "data set is empty", "2 partitions");
    }

    @Test
    void batchLargerThanTheData() {
        assertFails(() -> trainer().fit(SPARK.sc().parallelize(examples(20, 64), 2), QUIET.batchSize(32)),
                "SparkTrainer.fit", "batch size 32", "data set of 20 samples");
    }

    @Test
    void examplesOfDifferentShapesInDifferentPartitions() {
        List<Example> mixed = examples(40, 64);
        mixed.addAll(examples(40, 63));
        assertFails(() -> trainer().fit(SPARK.sc().parallelize(mixed, 2), QUIET), "partition 1", "63 features", "64 features");
    }

    @Test
    void examplesOfDifferentShapesInOnePartition() {
        List<Example> mixed = examples(40, 64);
        mixed.set(7, Example.labelled(new double[5], 1));
        assertFails(() -> trainer().fit(SPARK.sc().parallelize(mixed, 1), QUIET), "example 7", "5 features", "same numbers",
                "in a Spark task");
    }

    @Test
    void dataThatDoesNotFitTheModel() {
        assertFails(() -> trainer().fit(SPARK.sc().parallelize(examples(40, 30), 2), QUIET), "matmul", "30", "64");
    }

    @Test
    void aModelSpecThatCannotBeShipped() {
        Object notSerializable = new Object();
        ModelSpec spec = new ModelSpec(() -> {
            notSerializable.hashCode();
            return Dense.of(64, 10);
        }, Losses::softmaxCrossEntropy, Optimizer::sgd);
        assertFails(() -> new SparkTrainer(SPARK.sc(), spec, new ParamStore()), "cannot be sent to the executors", "java.lang.Object");
    }

    @Test
    void factoriesThatReturnNothing() {
        assertFails(() -> new SparkTrainer(SPARK.sc(), new ModelSpec(() -> null, Losses::mse, Optimizer::sgd), new ParamStore()),
                "model factory returned null");
        assertFails(() -> new ModelSpec(null, Losses::mse, Optimizer::sgd), "must not be null");
    }

    @Test
    void badOptions() {
        assertFails(() -> SparkOptions.averaging(0), "at least 1 local step", "got 0");
        assertFails(() -> SparkOptions.synchronous().resume(true), "needs a checkpoint directory");
        assertFails(() -> SparkOptions.synchronous().treeDepth(0), "tree depth >= 1");
        assertFails(() -> Example.labelled(new double[0], 1), "non-empty");
        assertFails(() -> Example.all(null), "Example.all: data is null");
    }
}
