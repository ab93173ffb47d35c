// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import dev.nabla.graph.kernel.Gemm;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Rough timings of the OpenBLAS backend against Nabla's Java product: GFLOPS at n = 1024 on 1 and
 * 2 threads, and milliseconds for an MLP 784-256's three products at batches 32, 128 and 1024; or,
 * given {@code float32}, the float GFLOPS at n = 1024.
 * Not a test and not JMH: a quick check, run by hand, that prints the best and the median of
 * several samples, since other work on the machine makes single samples noisy.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.nabla.blas.GemmSpeed [samples] [float32]}
 */
public final class GemmSpeed {
    private static final double MIN_SAMPLE_SECONDS = 0.3;

    private GemmSpeed() {}

    /** A product to time, as one call. */
    @FunctionalInterface
    interface Call {
        void run();
    }

    /**
     * Prints the timings.
     *
     * @param args optionally the number of samples per figure (default 7), then {@code float32}
     *     to time the float product at n = 1024 instead of the double figures
     */
    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        boolean float32 = args.length > 1 && args[1].equals("float32");
        OpenBlasGemm blas = new OpenBlasGemm();
        System.out.printf("samples per figure: %d; figures are best / median%n", samples);
        if (float32) {
            squareFloat32(blas, 1024, samples);
            return;
        }
        square(blas, 1024, samples);
        int[] batches = {32, 128, 1024};
        for (int batch : batches) {
            mlp(blas, batch, samples);
        }
    }

    private static void square(OpenBlasGemm blas, int n, int samples) {
        Random r = new Random(1);
        double[] a = r.doubles((long) n * n, -1, 1).toArray();
        double[] b = r.doubles((long) n * n, -1, 1).toArray();
        double[] c = new double[n * n];
        DoublePointer pa = new DoublePointer(a);
        DoublePointer pb = new DoublePointer(b);
        DoublePointer pc = new DoublePointer((long) n * n);
        square("float64", "dgemm", n, samples,
                t -> () -> blas.gemm(a, 0, false, b, 0, false, c, 0, n, n, n, t),
                () -> openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n),
                () -> Gemm.java(a, 0, false, b, 0, false, c, 0, n, n, n, 1));
    }

    private static void squareFloat32(OpenBlasGemm blas, int n, int samples) {
        Random r = new Random(1);
        float[] a = Backends.floats(r, (long) n * n);
        float[] b = Backends.floats(r, (long) n * n);
        float[] c = new float[n * n];
        FloatPointer pa = new FloatPointer(a);
        FloatPointer pb = new FloatPointer(b);
        FloatPointer pc = new FloatPointer((long) n * n);
        square("float32", "sgemm", n, samples,
                t -> () -> blas.gemm(a, 0, false, b, 0, false, c, 0, n, n, n, t),
                () -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                        openblas_nolapack.CblasNoTrans, n, n, n, 1.0f, pa, n, pb, n, 0.0f, pc, n),
                () -> Gemm.java(a, 0, false, b, 0, false, c, 0, n, n, n, 1));
    }

    /** Times one dtype's n x n product: the backend on 1 and 2 threads, raw cblas, and the Java kernel. */
    private static void square(String dtype, String routine, int n, int samples, IntFunction<Call> backend,
            Call raw, Call java) {
        double flops = 2.0 * n * n * n;
        System.out.printf("%nC[%d,%d] = A·B in %s, GFLOPS%n", n, n, dtype);
        for (int threads = 1; threads <= 2; threads++) {
            report("openblas backend, " + threads + " thread(s)", samples, flops, true, backend.apply(threads));
        }
        // For scale only: OpenBLAS on its own threads, no copies, no blocks (not deterministic).
        for (int threads = 1; threads <= 2; threads++) {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
            report("raw cblas_" + routine + ", own " + threads + " thread(s)", samples, flops, true, raw);
        }
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        report("Gemm.java", Math.min(samples, 3), flops, true, java);
    }

    private static void mlp(OpenBlasGemm blas, int batch, int samples) {
        int in = 784;
        int out = 256;
        Random r = new Random(2);
        double[] x = r.doubles((long) batch * in, -1, 1).toArray();
        double[] w = r.doubles((long) in * out, -1, 1).toArray();
        double[] dy = r.doubles((long) batch * out, -1, 1).toArray();
        double[] y = new double[batch * out];
        double[] dw = new double[in * out];
        double[] dx = new double[batch * in];
        System.out.printf("%nbatch %d, ms per product%n", batch);
        product(blas, "forward X·W      [" + batch + ",784]x[784,256]", samples, batch, out, in, x, false, w, false, y);
        product(blas, "backward X^T·dY  [784," + batch + "]x[" + batch + ",256]", samples, in, out, batch, x, true, dy, false, dw);
        product(blas, "backward dY·W^T  [" + batch + ",256]x[256,784]", samples, batch, in, out, dy, false, w, true, dx);
    }

    private static void product(OpenBlasGemm blas, String label, int samples, int m, int n, int k,
            double[] a, boolean transA, double[] b, boolean transB, double[] c) {
        System.out.println("  " + label);
        for (int threads = 1; threads <= 2; threads++) {
            int t = threads;
            report("    openblas backend, " + t + " thread(s)", samples, 0, false,
                    () -> blas.gemm(a, 0, transA, b, 0, transB, c, 0, m, n, k, t));
        }
        report("    Gemm.java", samples, 0, false,
                () -> Gemm.java(a, 0, transA, b, 0, transB, c, 0, m, n, k, 1));
    }

    /** Times {@code call} over several samples of enough calls each, and prints GFLOPS or ms per call. */
    private static void report(String label, int samples, double flops, boolean gflops, Call call) {
        call.run();
        call.run();
        long start = System.nanoTime();
        call.run();
        double once = (System.nanoTime() - start) * 1e-9;
        int calls = (int) Math.max(1, Math.ceil(MIN_SAMPLE_SECONDS / Math.max(once, 1e-9)));
        double[] perCall = new double[samples];
        for (int s = 0; s < samples; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            perCall[s] = (System.nanoTime() - t0) * 1e-9 / calls;
        }
        Arrays.sort(perCall);
        double best = perCall[0];
        double median = perCall[samples / 2];
        if (gflops) {
            System.out.printf("%-44s %7.1f / %7.1f GFLOPS%n", label, flops / best * 1e-9, flops / median * 1e-9);
        } else {
            System.out.printf("%-44s %8.3f / %8.3f ms%n", label, best * 1e3, median * 1e3);
        }
    }
}
