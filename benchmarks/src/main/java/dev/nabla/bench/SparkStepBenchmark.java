// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.spark.Example;
import dev.nabla.spark.ModelSpec;
import dev.nabla.spark.SparkTrainer;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synchronous data-parallel steps on Spark against the single-JVM trainer, over 20 steps of one
 * epoch with the data in 2 partitions: the spark-digits model (64-128-10 ReLU, Adam) at global
 * batches of 32 and 512, and the MNIST-sized MLP of the PyTorch comparison (784-256-256-10 ReLU,
 * SGD, random inputs) at 1024, where a step's arithmetic outweighs Spark's cost per job. Scores
 * are milliseconds per step; each includes a 20th of {@code fit}'s own setup (indexing and
 * caching the partitions, compiling on the executors), as a user's epoch would.
 *
 * <p>Usage: {@code benchmarks/spark-steps} (Spark is not in benchmarks.jar; the script puts it
 * on the class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_API, "-Xms3g", "-Xmx3g", Jvm.PRE_TOUCH})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SparkStepBenchmark {
    private static final int STEPS = 20;

    /** {@code local[1]} or {@code local[2]}: Spark with 1 or 2 task threads; {@code single}: Trainer in this JVM. */
    @Param({"local[1]", "local[2]", "single"})
    public String runner;

    /** The model and the global batch. */
    @Param({"digits-32", "digits-512", "mnist-1024"})
    public String workload;

    private JavaSparkContext sc;
    private JavaRDD<Example> rdd;
    private Dataset data;
    private ModelSpec spec;
    private TrainOptions options;

    /** Starts Spark (unless single) and caches the 20 batches' data. */
    @Setup(Level.Trial)
    public void setup() {
        int batch = Integer.parseInt(workload.substring(workload.indexOf('-') + 1));
        boolean digits = workload.startsWith("digits");
        data = digits ? repeatedDigits(STEPS * batch) : randomImages(STEPS * batch);
        spec = digits ? digitsModel() : mnistModel();
        options = TrainOptions.defaults().epochs(1).batchSize(batch).seed(1).schedule(Schedule.constant(1e-3))
                .verbosity(TrainOptions.Verbosity.QUIET).threads(1);
        if (!runner.equals("single")) {
            sc = new JavaSparkContext(new SparkConf().setMaster(runner).setAppName("spark-steps")
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false"));
            sc.setLogLevel("WARN");
            rdd = sc.parallelize(Example.all(data), 2).cache();
            rdd.count();
        }
    }

    private static Dataset repeatedDigits(int n) {
        Dataset digits = Datasets.digits();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i % digits.size();
        }
        return digits.rows(rows);
    }

    private static Dataset randomImages(int n) {
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new Dataset(Tensor.randomNormal(7, 0, 1, n, 784), Tensor.fromArray(labels, n));
    }

    private static ModelSpec digitsModel() {
        return new ModelSpec(() -> Sequential.of(Dense.of(64, 128, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(128, 10)), Losses::softmaxCrossEntropy, Optimizer::adam);
    }

    private static ModelSpec mnistModel() {
        return new ModelSpec(() -> Sequential.of(Dense.of(784, 256), Activation.of("relu", Activations::relu),
                Dense.of(256, 256), Activation.of("relu", Activations::relu), Dense.of(256, 10)),
                Losses::softmaxCrossEntropy, Optimizer::sgd);
    }

    /** Stops Spark. */
    @TearDown(Level.Trial)
    public void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /**
     * One epoch of 20 steps from fresh weights.
     *
     * @return a weight, so the work is not dropped
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Tensor epoch() {
        ParamStore store = new ParamStore();
        if (sc == null) {
            spec.trainer(store).fit(data, options);
        } else {
            new SparkTrainer(sc, spec, store).fit(rdd, options);
        }
        return store.get("dense_1/W");
    }
}
