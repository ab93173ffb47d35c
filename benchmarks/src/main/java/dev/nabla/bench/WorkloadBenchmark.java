// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of the comparison with PyTorch, one benchmark method each; {@code benchmarks/compare}
 * runs them beside {@code benchmarks/peer/workloads.py} and prints one line per workload, element
 * type and thread count. Every plan is compiled in the setup; a timed call is one
 * {@code plan.run(feeds)} (which returns the fetched tensors in fresh arrays), except {@link #compile10k},
 * which times {@code Session.compile} itself. Scores are milliseconds per call.
 *
 * <p>Each state takes the kernel thread count (the session's {@code threads}) and the
 * element type as parameters: each workload runs in float64 and in float32, its graph made in
 * that type and its inputs fed in it.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar WorkloadBenchmark -p threads=1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_API, "-Xms2g", "-Xmx2g", Jvm.PRE_TOUCH})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WorkloadBenchmark {
    /**
     * The most seconds a workload's setup waits for the JIT to settle: 20, or
     * {@code -Dnabla.bench.settleCap} ({@code compare --quick} passes 2, a smoke check's worth).
     */
    static final double SETTLE_CAP_SECONDS = Double.parseDouble(System.getProperty("nabla.bench.settleCap", "20"));

    /** What every workload's state takes: the kernel thread count and the element type. */
    @State(Scope.Benchmark)
    public abstract static class Base {
        /** Threads Nabla's kernels may use, the caller's included. */
        @Param({"1", "2"})
        public int threads;
        /** The element type, as PyTorch names it. */
        @Param({"float64", "float32"})
        public String dtype;

        /** Sets the thread count, then builds and compiles the workload, once per trial. */
        @Setup(Level.Trial)
        public void setup() {
            prepare(DType.valueOf(dtype.toUpperCase(java.util.Locale.ROOT)));
        }

        abstract void prepare(DType d);
    }

    /**
     * A workload that runs one compiled plan. The setup runs it until the JIT has settled (at most
     * {@link #SETTLE_CAP_SECONDS}), then JMH's own warm-up follows.
     */
    @State(Scope.Benchmark)
    public abstract static class Run extends Base {
        Workloads.Workload workload;

        @Override
        void prepare(DType d) {
            workload = build(d);
            // JMH's 3 s of warm-up left the 2-thread forks compiling: conv_step float32 read 8.7,
            // 7.3, 6.8, 6.0, 5.9 ms in its five measured iterations (AMD EPYC Zen 5, 2026-12-07).
            JitWarmUp w = JitWarmUp.run(workload::run, 20, SETTLE_CAP_SECONDS);
            System.out.println(w.line(stateName()) + " dtype=" + dtype + " threads=" + threads);
        }

        /** This state's own class name ({@code ConvStep}), not that of JMH's generated subclass. */
        private String stateName() {
            Class<?> c = getClass();
            while (c.getEnclosingClass() != WorkloadBenchmark.class) {
                c = c.getSuperclass();
            }
            return c.getSimpleName();
        }

        abstract Workloads.Workload build(DType d);
    }

    /** The MLP training step. */
    @State(Scope.Benchmark)
    public static class MlpStep extends Run {
        /** Rows per step. */
        @Param({"32", "128", "1024"})
        public int batch;

        @Override
        Workloads.Workload build(DType d) {
            return Workloads.mlpStep(batch, d, threads);
        }
    }

    /** The LeNet-style CNN's training step on 28x28 images. */
    @State(Scope.Benchmark)
    public static class ConvStep extends Run {
        /** Images per step; a name of its own, so that {@code -p batch=...} for the MLP leaves it alone. */
        @Param({"64"})
        public int images;

        @Override
        Workloads.Workload build(DType d) {
            return Workloads.convStep(images, d, threads);
        }
    }

    /** A transformer block's training step: batch 32, time 64, width 128, 4 heads. */
    @State(Scope.Benchmark)
    public static class AttentionStep extends Run {
        @Override
        Workloads.Workload build(DType d) {
            return Workloads.attentionStep(d, threads);
        }
    }

    /** The MLP's Hessian-vector product at batch 128. */
    @State(Scope.Benchmark)
    public static class Hvp extends Run {
        @Override
        Workloads.Workload build(DType d) {
            return Workloads.mlpHvp(128, d, threads);
        }
    }

    /** 1000 tiny scalar ops, forward and backward. */
    @State(Scope.Benchmark)
    public static class TinyChain extends Run {
        @Override
        Workloads.Workload build(DType d) {
            return Workloads.tinyChain(1000, 0.3, d, threads);
        }
    }

    /** 50 Dense-tanh layers of 64, batch 64, gradient of the output's sum. */
    @State(Scope.Benchmark)
    public static class DeepTanh extends Run {
        @Override
        Workloads.Workload build(DType d) {
            return Workloads.deepTanh(50, 64, 64, d, threads);
        }
    }

    /** tanh(x) * sigmoid(x) + x over 1e6 elements. */
    @State(Scope.Benchmark)
    public static class Elementwise extends Run {
        @Override
        Workloads.Workload build(DType d) {
            return Workloads.elementwise(1_000_000, d, threads);
        }
    }

    /** A square matrix product. */
    @State(Scope.Benchmark)
    public static class Matmul extends Run {
        /** The side. */
        @Param({"1024"})
        public int n;

        @Override
        Workloads.Workload build(DType d) {
            return Workloads.matmul(n, d, threads);
        }
    }

    /** A 10,000-node graph to compile. */
    @State(Scope.Benchmark)
    public static class Compile extends Base {
        Node fetch;

        @Override
        void prepare(DType d) {
            fetch = Workloads.compileGraph(10_000);
            // JMH's fixed warm-up ended while C2 was still compiling the compiler: 57-102 ms
            // iterations beside 9-14 ms ones. This one ends when the JIT has settled (at most 60 s).
            JitWarmUp w = JitWarmUp.run(() -> new Session(new ParamStore()).compile(fetch), 20, 60);
            System.out.println(w.line("compile_10k") + " dtype=" + dtype + " threads=" + threads);
        }
    }

    /** @return the loss before the step; the store holds the updated params afterwards */
    @Benchmark
    public List<Tensor> mlpStep(MlpStep s) {
        return s.workload.run();
    }

    /** @return the loss before the step; the store holds the updated params afterwards */
    @Benchmark
    public List<Tensor> convStep(ConvStep s) {
        return s.workload.run();
    }

    /** @return the loss before the step; the store holds the updated params afterwards */
    @Benchmark
    public List<Tensor> attentionStep(AttentionStep s) {
        return s.workload.run();
    }

    /** @return {@code H v} for every param */
    @Benchmark
    public List<Tensor> hvpMlp(Hvp s) {
        return s.workload.run();
    }

    /** @return the chain's last value and its derivative by the input */
    @Benchmark
    public List<Tensor> tinyChain(TinyChain s) {
        return s.workload.run();
    }

    /** @return the gradient of the output's sum by every param */
    @Benchmark
    public List<Tensor> deepTanh(DeepTanh s) {
        return s.workload.run();
    }

    /** @return {@code tanh(x) * sigmoid(x) + x} */
    @Benchmark
    public List<Tensor> elementwise(Elementwise s) {
        return s.workload.run();
    }

    /** @return {@code A B} */
    @Benchmark
    public List<Tensor> matmul(Matmul s) {
        return s.workload.run();
    }

    /** @return a fresh plan: a new session each call, since a session caches its plans */
    @Benchmark
    public Plan compile10k(Compile s) {
        return new Session(new ParamStore()).compile(s.fetch);
    }
}
