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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Spark context on this machine only, started before a test class and stopped after it, and
 * the small digits model the tests train.
 *
 * <p>Usage: {@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark("local[2]");}
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private final String master;
    private JavaSparkContext sc;

    /** @param master such as {@code local[2]} */
    LocalSpark(String master) {
        this.master = master;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sc = start(master);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        sc.stop();
    }

    /** @return the running context */
    JavaSparkContext sc() {
        return sc;
    }

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
