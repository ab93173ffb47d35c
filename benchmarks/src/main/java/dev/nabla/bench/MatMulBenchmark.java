// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.graph.kernel.Gemm;
import java.util.Random;
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
 * The matrix-product kernel on its own: a {@code 1024 x 1024} square product (GFLOPS is
 * {@code 2·1024³ / score}), and the products of one training step of a 784-256-256-10 MLP:
 * forward {@code x·W}, weight gradients {@code xᵀ·dY} (A transposed) and input gradients
 * {@code dY·Wᵀ} (B transposed). Scores are microseconds per call.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar MatMul -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Jvm.VECTOR_API, "-Xms1g", "-Xmx1g", Jvm.PRE_TOUCH})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatMulBenchmark {
    /** Threads the kernel may use, the caller's included. */
    @Param({"1", "2"})
    public int threads;

    /** Rows of the MLP's mini-batch. */
    @Param({"32", "128", "1024"})
    public int batch;

    /**
     * Which product: {@code square} (ignores the batch), {@code narrow} (64 x 64 x 64, a layer of
     * the deep tanh net; ignores the batch), one MLP product ({@code fwd1..3} forward,
     * {@code dW1..3} weight gradients, {@code dX2..3} input gradients), or {@code step}, all eight.
     */
    @Param({"square", "step", "fwd1", "fwd2", "fwd3", "dW1", "dW2", "dW3", "dX2", "dX3", "narrow"})
    public String shape;

    /** {@code java}: the pure-Java kernel; {@code auto}: what MatMul runs, the native backend when present. */
    @Param({"java", "auto"})
    public String kernel;

    /** One product: sizes, flags and operands. */
    record Product(int m, int n, int k, boolean transA, boolean transB, double[] a, double[] b, double[] c,
            boolean java, int threads) {
        void run() {
            if (java) {
                Gemm.java(a, 0, transA, b, 0, transB, c, 0, m, n, k, threads);
            } else {
                Gemm.gemm(a, 0, transA, b, 0, transB, c, 0, m, n, k, threads);
            }
        }
    }

    private Product[] products;

    /** Draws the operands, once per trial. */
    @Setup(Level.Trial)
    public void setup() {
        Random rng = new Random(42);
        int bt = batch;
        products = switch (shape) {
            case "square" -> new Product[] {product(rng, 1024, 1024, 1024, false, false)};
            case "narrow" -> new Product[] {product(rng, 64, 64, 64, false, false)};
            case "fwd1" -> new Product[] {product(rng, bt, 256, 784, false, false)};
            case "fwd2" -> new Product[] {product(rng, bt, 256, 256, false, false)};
            case "fwd3" -> new Product[] {product(rng, bt, 10, 256, false, false)};
            case "dW1" -> new Product[] {product(rng, 784, 256, bt, true, false)};
            case "dW2" -> new Product[] {product(rng, 256, 256, bt, true, false)};
            case "dW3" -> new Product[] {product(rng, 256, 10, bt, true, false)};
            case "dX2" -> new Product[] {product(rng, bt, 256, 256, false, true)};
            case "dX3" -> new Product[] {product(rng, bt, 256, 10, false, true)};
            case "step" -> new Product[] {
                product(rng, bt, 256, 784, false, false), product(rng, bt, 256, 256, false, false),
                product(rng, bt, 10, 256, false, false), product(rng, 784, 256, bt, true, false),
                product(rng, 256, 256, bt, true, false), product(rng, 256, 10, bt, true, false),
                product(rng, bt, 256, 256, false, true), product(rng, bt, 256, 10, false, true)};
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }

    private Product product(Random rng, int m, int n, int k, boolean transA, boolean transB) {
        return new Product(m, n, k, transA, transB, random(rng, m * k), random(rng, k * n), new double[m * n],
                kernel.equals("java"), threads);
    }

    private static double[] random(Random rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    /** @return C of the last product, so the work cannot be optimised away */
    @Benchmark
    public double[] gemm() {
        for (Product p : products) {
            p.run();
        }
        return products[products.length - 1].c();
    }
}
