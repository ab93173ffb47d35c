// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What anomaly detection costs: the loss and all gradients of a digits-sized MLP (64-128-128-10,
 * ReLU, softmax cross-entropy, batch 64), one plan, with detection off and on. Off must cost
 * nothing; on scans every value once more. Scores are microseconds per run.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar AnomalyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_API, "-Dnabla.threads=1", "-Xms1g", "-Xmx1g", Jvm.PRE_TOUCH})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnomalyBenchmark {
    /** Whether the session checks every value. */
    @Param({"off", "on"})
    public String detection;

    private Plan plan;
    private Map<Node, Tensor> feeds;

    /** Builds the model's loss and gradients and compiles them, once per trial. */
    @Setup
    public void setup() {
        Layer model = Sequential.of(Dense.of(64, 128), Activation.of("relu", x -> x.maximum(x.graph().scalar(0.0))),
                Dense.of(128, 128), Activation.of("relu", x -> x.maximum(x.graph().scalar(0.0))),
                Dense.of(128, 10));
        ParamStore store = new ParamStore();
        Params.initialize(model, store, 1);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", 64, 64);
        Node labels = g.input("labels", 64);
        Node loss = Losses.softmaxCrossEntropy(model.apply(x, ctx), labels);
        List<Node> fetches = new ArrayList<>(List.of(loss));
        fetches.addAll(Grad.grad(loss, model.params().stream().map(ctx::param).toList(), Grad.Unused.ZERO));
        Session session = new Session(store, 1).detectAnomalies(detection.equals("on"));
        plan = session.compile(fetches, Map.of());
        double[] y = new double[64];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 10;
        }
        feeds = Map.of(x, Tensor.randomNormal(2, 0, 1, 64, 64), labels, Tensor.fromArray(y, 64),
                ctx.training(), Context.TRAIN);
        plan.run(feeds);
    }

    /** @return the loss and the gradients */
    @Benchmark
    public List<Tensor> lossAndGradients() {
        return plan.run(feeds);
    }
}
