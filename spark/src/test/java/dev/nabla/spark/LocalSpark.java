// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context on this machine only, and the small digits model the tests train. */
final class LocalSpark {
    private LocalSpark() {}

    /** @param master such as {@code local[2]}, or {@code local[2,2]} to let a failed task be retried once */
    static JavaSparkContext start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("nabla-spark-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
        return new JavaSparkContext(conf);
    }

    /** @return the digits' first {@code n} samples, pixels standardised */
    static Dataset digits(int n) {
        Dataset d = Datasets.digits().rows(java.util.stream.IntStream.range(0, n).toArray());
        double[][] stats = d.columnStats();
        return d.standardize(stats[0], stats[1]);
    }

    /** @return a 64-16-10 tanh network with softmax cross-entropy and the given optimizer */
    static ModelSpec mlp(ModelSpec.OptimizerFactory optimizer) {
        return new ModelSpec(() -> Sequential.of(Dense.of(64, 16), Activation.of("tanh", Activations::tanh), Dense.of(16, 10)),
                Losses::softmaxCrossEntropy, optimizer);
    }

    /** @return the same with Adam */
    static ModelSpec mlp() {
        return mlp(Optimizer::adam);
    }
}
