// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.kernel.Gemm;
import dev.nabla.graph.kernel.GemmBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Edge cases, determinism and discovery of the OpenBLAS backend. */
class OpenBlasGemmTest {
    /**
     * Shapes that matter, as {m, n, k, transA, transB}: an MLP 784-256-256-10 at batches 32, 128
     * and 1024 (forward, X^T·dY, dY·W^T), and shapes where OpenBLAS's own threads round differently
     * from its single thread (batch 100, k = 300).
     */
    static final int[][] SHAPES = {
        {32, 256, 784, 0, 0}, {784, 256, 32, 1, 0}, {32, 784, 256, 0, 1},
        {128, 256, 784, 0, 0}, {784, 256, 128, 1, 0}, {128, 784, 256, 0, 1},
        {1024, 256, 784, 0, 0}, {784, 256, 1024, 1, 0}, {1024, 784, 256, 0, 1},
        {1024, 10, 256, 0, 0}, {256, 10, 1024, 1, 0}, {1024, 256, 10, 0, 1},
        {100, 256, 784, 0, 0}, {512, 512, 300, 0, 0}, {513, 1031, 333, 1, 1},
    };

    @Test
    void serviceLoaderFindsIt() {
        Backends.openBlas();
        List<String> names = ServiceLoader.load(GemmBackend.class).stream()
                .map(p -> p.get().name()).toList();
        assertEquals(List.of("openblas"), names);
        assertEquals("openblas", dev.nabla.graph.kernel.Gemm.backend(), "Gemm.gemm sends large products to it");
    }

    @Test
    void gemmThroughTheBackendMatchesTheJavaKernel() {
        // An MLP-sized product, large enough that Gemm.gemm hands it to OpenBLAS.
        Random r = new Random(5);
        int m = 128;
        int n = 256;
        int k = 784;
        double[] a = r.doubles(m * k, -1, 1).toArray();
        double[] b = r.doubles(k * n, -1, 1).toArray();
        double[] viaBackend = new double[m * n];
        double[] viaJava = new double[m * n];
        dev.nabla.graph.kernel.Gemm.gemm(a, 0, false, b, 0, false, viaBackend, 0, m, n, k, 2);
        dev.nabla.graph.kernel.Gemm.java(a, 0, false, b, 0, false, viaJava, 0, m, n, k, 1);
        assertArrayEquals(viaJava, viaBackend, 1e-12);
    }

    @Test
    void floatGemmThroughTheBackendIsTheBackendsProduct() {
        // Large enough that Gemm.gemm hands it to OpenBLAS, whose sgemm rounds unlike the Java path.
        Random r = new Random(6);
        int[] s = {128, 256, 784, 0, 0};
        float[] a = Backends.floats(r, s[0] * s[2]);
        float[] b = Backends.floats(r, s[2] * s[1]);
        float[] viaGemm = new float[s[0] * s[1]];
        Gemm.gemm(a, 0, false, b, 0, false, viaGemm, 0, s[0], s[1], s[2], 2);
        assertArrayEquals(product(Backends.openBlas(), s, a, b, 1), viaGemm);
    }

    @Test
    void emptySharedDimensionGivesZeros() {
        double[] c = {9, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 9};
        Backends.openBlas().gemm(new double[0], 0, false, new double[0], 0, true, c, 1, 2, 3, 0, 2);
        assertArrayEquals(new double[] {9, 0, 0, 0, 0, 0, 0, 9}, c);
        float[] f = {9, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 9};
        Backends.openBlas().gemm(new float[0], 0, false, new float[0], 0, true, f, 1, 2, 3, 0, 2);
        assertArrayEquals(new float[] {9, 0, 0, 0, 0, 0, 0, 9}, f);
    }

    @Test
    void emptyResultWritesNothing() {
        double[] c = {9, 9};
        double[] a = {1, 2, 3};
        Backends.openBlas().gemm(a, 0, false, a, 0, false, c, 0, 0, 2, 3, 2);
        Backends.openBlas().gemm(a, 0, false, a, 0, false, c, 0, 2, 0, 3, 2);
        assertArrayEquals(new double[] {9, 9}, c);
        float[] f = {9, 9};
        float[] x = {1, 2, 3};
        Backends.openBlas().gemm(x, 0, false, x, 0, false, f, 0, 0, 2, 3, 2);
        Backends.openBlas().gemm(x, 0, false, x, 0, false, f, 0, 2, 0, 3, 2);
        assertArrayEquals(new float[] {9, 9}, f);
    }

    @Test
    void knownValuesForEveryTranspose() {
        OpenBlasGemm blas = Backends.openBlas();
        double[] a = {1, 2, 3, 4, 5, 6};     // [2,3], or [3,2] read transposed
        double[] b = {7, 8, 9, 10, 11, 12};  // [3,2], or [2,3] read transposed
        double[] c = new double[4];
        blas.gemm(a, 0, false, b, 0, false, c, 0, 2, 2, 3, 1);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c);
        c = new double[9];
        blas.gemm(a, 0, true, b, 0, true, c, 0, 3, 3, 2, 1);
        assertArrayEquals(new double[] {39, 49, 59, 54, 68, 82, 69, 87, 105}, c);
        c = new double[4];
        blas.gemm(a, 0, false, b, 0, true, c, 0, 2, 2, 3, 1);
        assertArrayEquals(new double[] {50, 68, 122, 167}, c);
        c = new double[9];
        blas.gemm(a, 0, true, b, 0, false, c, 0, 3, 3, 2, 1);
        assertArrayEquals(new double[] {47, 52, 57, 64, 71, 78, 81, 90, 99}, c);
    }

    @Test
    void knownFloatValuesForEveryTranspose() {
        OpenBlasGemm blas = Backends.openBlas();
        float[] a = {1, 2, 3, 4, 5, 6, 0};     // [2,3] or [3,2] at offset 0, or [2,3] at offset 1
        float[] b = {0, 7, 8, 9, 10, 11, 12};  // [3,2] or [2,3] at offset 1
        float[] c = {-1, 0, 0, 0, 0, -1};
        blas.gemm(a, 0, false, b, 1, false, c, 1, 2, 2, 3, 1);
        assertArrayEquals(new float[] {-1, 58, 64, 139, 154, -1}, c);
        c = new float[9];
        blas.gemm(a, 0, true, b, 1, true, c, 0, 3, 3, 2, 1);
        assertArrayEquals(new float[] {39, 49, 59, 54, 68, 82, 69, 87, 105}, c);
        c = new float[4];
        blas.gemm(a, 1, false, b, 1, true, c, 0, 2, 2, 3, 1);
        assertArrayEquals(new float[] {74, 101, 83, 116}, c);
        c = new float[9];
        blas.gemm(a, 0, true, b, 1, false, c, 0, 3, 3, 2, 1);
        assertArrayEquals(new float[] {47, 52, 57, 64, 71, 78, 81, 90, 99}, c);
    }

    @Test
    void nanFromAnEarlierCallDoesNotLeak() {
        OpenBlasGemm blas = Backends.openBlas();
        double[] nan = new double[64 * 64];
        Arrays.fill(nan, Double.NaN);
        double[] c = new double[64 * 64];
        blas.gemm(nan, 0, false, nan, 0, false, c, 0, 64, 64, 64, 2);
        double[] eye = new double[64 * 64];
        for (int i = 0; i < 64; i++) {
            eye[i * 64 + i] = 1.0;
        }
        blas.gemm(eye, 0, false, eye, 0, false, c, 0, 64, 64, 64, 2);
        assertArrayEquals(eye, c);
    }

    @Test
    void sameBitsOnEveryCallAndEveryThreadCount() {
        OpenBlasGemm blas = Backends.openBlas();
        Random r = new Random(42);
        for (int[] s : SHAPES) {
            double[] a = r.doubles((long) s[0] * s[2], -1, 1).toArray();
            double[] b = r.doubles((long) s[2] * s[1], -1, 1).toArray();
            assertSameBitsOnAnyThreadCount(Arrays.toString(s), threads -> product(blas, s, a, b, threads));
        }
    }

    @Test
    void sameFloatBitsOnEveryCallAndEveryThreadCount() {
        OpenBlasGemm blas = Backends.openBlas();
        Random r = new Random(43);
        for (int[] s : SHAPES) {
            float[] a = Backends.floats(r, (long) s[0] * s[2]);
            float[] b = Backends.floats(r, (long) s[2] * s[1]);
            assertSameBitsOnAnyThreadCount(Arrays.toString(s) + " float32",
                    threads -> Backends.widen(product(blas, s, a, b, threads)));
        }
    }

    /** Runs a product twice on one thread, then on 2, 3 and 8, which cut C into different blocks. */
    private static void assertSameBitsOnAnyThreadCount(String shape, IntFunction<double[]> product) {
        double[] one = product.apply(1);
        assertTrue(Backends.sameBits(one, product.apply(1)), () -> shape + ": two calls differ");
        for (int threads : new int[] {2, 3, 8}) {
            assertTrue(Backends.sameBits(one, product.apply(threads)), () -> shape + ": 1 and " + threads + " threads differ");
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnProduct() throws Exception {
        OpenBlasGemm blas = Backends.openBlas();
        int[] s = {96, 80, 70, 0, 0};
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(callers.submit(() -> {
                    Random r = new Random(seed);
                    double[] a = r.doubles((long) s[0] * s[2]).toArray();
                    double[] b = r.doubles((long) s[2] * s[1]).toArray();
                    double[] want = new double[s[0] * s[1]];
                    Gemm.java(a, 0, false, b, 0, false, want, 0, s[0], s[1], s[2], 1);
                    boolean ok = true;
                    for (int i = 0; i < 20; i++) {
                        ok &= maxRelError(product(blas, s, a, b, 2), want) < 1e-12;
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            callers.shutdown();
        }
    }

    static double[] product(OpenBlasGemm blas, int[] s, double[] a, double[] b, int threads) {
        double[] c = new double[s[0] * s[1]];
        blas.gemm(a, 0, s[3] == 1, b, 0, s[4] == 1, c, 0, s[0], s[1], s[2], threads);
        return c;
    }

    static float[] product(OpenBlasGemm blas, int[] s, float[] a, float[] b, int threads) {
        float[] c = new float[s[0] * s[1]];
        blas.gemm(a, 0, s[3] == 1, b, 0, s[4] == 1, c, 0, s[0], s[1], s[2], threads);
        return c;
    }

    private static double maxRelError(double[] got, double[] want) {
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1e-300, Math.abs(want[i])));
        }
        return worst;
    }
}
