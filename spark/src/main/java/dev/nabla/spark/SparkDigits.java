// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.nn.data.Datasets;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The example {@code spark-digits}: trains the digits MLP with {@link SparkTrainer} on a Spark
 * cluster (by default {@code local[2]}, two threads of this JVM), then trains it again on one
 * machine with the same seed and prints the held-out accuracy and the largest difference
 * between the two runs' params.
 *
 * <p>Usage: {@code mvn -B -q -pl spark -am compile exec:java}, or on a cluster
 * {@code spark-submit --class dev.nabla.spark.SparkDigits --master spark://host:7077 spark/target/nabla-spark.jar 8}
 * (the argument is the number of partitions, default 4).
 */
public final class SparkDigits {
    private static final long SEED = 42;
    private static final int EPOCHS = 12;

    private SparkDigits() {}

    /**
     * What the example measured.
     *
     * @param trainingSize how many digits it trained on
     * @param accuracy the held-out accuracy of the model trained on Spark
     * @param maxParamDiff the largest |difference| of any param between the Spark and the one-machine run
     */
    record Result(int trainingSize, double accuracy, double maxParamDiff) {}

    /**
     * Runs the example.
     *
     * @param args optionally the number of partitions
     */
    public static void main(String[] args) {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        SparkConf conf = new SparkConf().setAppName("spark-digits").setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.ui.enabled", "false");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        long start = System.nanoTime();
        Result r;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            r = run(sc, partitions);
        }
        System.out.printf(Locale.ROOT, "spark-digits: %d training digits in %d partitions on %s, %d epochs of batches of 32 "
                + "(%.1f s in all)%n", r.trainingSize(), partitions, conf.get("spark.master"), EPOCHS,
                (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "spark-digits: test accuracy %.3f, max |param diff| vs single machine %.1e%n",
                r.accuracy(), r.maxParamDiff());
    }

    /**
     * Trains on Spark and on one machine with the same seed and compares.
     *
     * @param sc a Spark context
     * @param partitions how many partitions to split the training digits into
     * @return the measurements
     */
    static Result run(JavaSparkContext sc, int partitions) {
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, SEED);
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        ModelSpec spec = new ModelSpec(() -> Sequential.of(Dense.of(64, 128, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(128, 10)), Losses::softmaxCrossEntropy, Optimizer::adam);
        TrainOptions options = TrainOptions.defaults().epochs(EPOCHS).batchSize(32).seed(SEED)
                .schedule(Schedule.constant(2e-3)).verbosity(TrainOptions.Verbosity.QUIET);

        ParamStore distributed = new ParamStore();
        SparkTrainer trainer = new SparkTrainer(sc, spec, distributed);
        trainer.fit(sc.parallelize(Example.all(train), partitions), options);
        double accuracy = trainer.evaluate(test).get("accuracy");

        ParamStore single = new ParamStore();
        spec.trainer(single).fit(train, options);
        double diff = 0;
        for (String name : single.names()) {
            double[] a = single.get(name).toArray();
            double[] b = distributed.get(name).toArray();
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
        }
        return new Result(train.size(), accuracy, diff);
    }
}
