// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.Activations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ReLU, sigmoid, tanh, GELU (exact erf form) and row softmax over a {@code [1000, 1000]} tensor of
 * doubles: forward only, and forward plus backward, the gradient of {@code sum(f(x) * upstream)}
 * with respect to {@code x}. Each plan is compiled once in the setup; a benchmark call is one
 * {@code plan.run(feeds)}. Scores are nanoseconds per element (one invocation is 1e6 elements).
 *
 * <p>The forks run with {@code -XX:ActiveProcessorCount=1}, so the JVM sizes its GC and JIT
 * threads for one core: Nabla's kernels are single-threaded, and the peer
 * ({@code benchmarks/peer/activations.py}) runs PyTorch on one thread.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar ActivationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(ActivationBenchmark.ELEMENTS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_API, "-XX:ActiveProcessorCount=1", "-Xms2g", "-Xmx2g", Jvm.PRE_TOUCH})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ActivationBenchmark {
    /** Rows and columns of the operand. */
    static final int SIDE = 1000;
    /** Elements per invocation. */
    static final int ELEMENTS = SIDE * SIDE;

    /** The function under test; softmax is along the last axis (each row). */
    @Param({"relu", "sigmoid", "tanh", "gelu", "softmax"})
    public String fn;

    private Plan forward;
    private Plan forwardBackward;
    private Map<Node, Tensor> feeds;

    /** Builds the graph and compiles both plans, once per trial. */
    @Setup
    public void setup() {
        Graph g = new Graph();
        Node x = g.input("x", SIDE, SIDE);
        Node upstream = g.input("upstream", SIDE, SIDE);
        Node y = apply(fn, x);
        Node loss = Reductions.sum(y.mul(upstream), false);
        Node dx = Grad.grad(loss, x);
        Session session = new Session(new ParamStore());
        forward = session.compile(y);
        forwardBackward = session.compile(dx);
        feeds = Map.of(
                x, Tensor.randomNormal(1, 0.0, 1.0, SIDE, SIDE),
                upstream, Tensor.randomNormal(2, 0.0, 1.0, SIDE, SIDE));
        // Lay out the buffers before the first timed call.
        forward.run(feeds);
        forwardBackward.run(feeds);
    }

    static Node apply(String fn, Node x) {
        return switch (fn) {
            case "relu" -> Activations.relu(x);
            case "sigmoid" -> Activations.sigmoid(x);
            case "tanh" -> Activations.tanh(x);
            case "gelu" -> Activations.gelu(x);
            case "softmax" -> Activations.softmax(x, 1);
            default -> throw new IllegalArgumentException("unknown function " + fn);
        };
    }

    /** @return {@code f(x)} */
    @Benchmark
    public List<Tensor> forward() {
        return forward.run(feeds);
    }

    /** @return the gradient of {@code sum(f(x) * upstream)} with respect to {@code x} */
    @Benchmark
    public List<Tensor> forwardBackward() {
        return forwardBackward.run(feeds);
    }
}
