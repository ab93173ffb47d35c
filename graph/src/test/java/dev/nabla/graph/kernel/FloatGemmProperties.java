// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The float32 {@link Gemm}: bit for bit a fused float32 sum over k in order (the float64 kernel's
 * order, in float arithmetic); within float32 rounding of a plain double loop; the same bits on
 * any number of threads; and the edges (k = 0, a single row or column). Every drawn shape is run
 * with all four transpose flags.
 */
class FloatGemmProperties implements WithQuickTheories {
    private static final long SEED = 0xF10A_7A2BL;
    private static final int EXAMPLES = 100;
    /** Sizes around the double kernel's 4-row tile and 128-wide blocks, with 1 for vectors. */
    private static final List<Integer> SIZES = List.of(1, 1, 2, 3, 4, 5, 7, 13, 31, 127, 128, 129, 131);
    /** Depths: empty, one, short, and either side of the 256-deep panels. */
    private static final List<Integer> DEPTHS = List.of(0, 1, 2, 7, 31, 255, 257, 300);
    /** Most multiply-adds in one drawn case, so the four runs and the loops stay quick. */
    private static final long MAX_WORK = 1L << 20;

    /** Shapes and operands as stored (for either transpose), with offsets into larger buffers. */
    record Case(int m, int n, int k, int aOff, int bOff, int cOff, float[] a, float[] b) {
        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " offsets " + aOff + "/" + bOff + "/" + cOff;
        }

        /** {@link Gemm#java}'s float product on this many threads, into a C buffer of NaN so a skipped element shows. */
        float[] run(boolean transA, boolean transB, int threads) {
            float[] c = new float[cOff + m * n + 3];
            Arrays.fill(c, Float.NaN);
            Gemm.java(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
            return c;
        }

        /** A plain double loop on the widened operands; C's window only. */
        double[] reference(boolean transA, boolean transB) {
            double[] c = new double[cOff + m * n];
            ReferenceGemm.naive(widen(a), aOff, transA, widen(b), bOff, transB, c, cOff, m, n, k);
            return c;
        }
    }

    @Test
    void equalsTheFusedFloatSumInOrder() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases())
                .checkAssert(c -> forEachTranspose((ta, tb) -> assertFusedInOrder(c, ta, tb)));
    }

    @Test
    void matchesTheNaiveDoubleLoopWithinFloatRounding() {
        qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> forEachTranspose((ta, tb) -> {
            float[] got = c.run(ta, tb, 1);
            double[] want = c.reference(ta, tb);
            double[] wa = widen(c.a());
            double[] wb = widen(c.b());
            for (int i = 0; i < c.m(); i++) {
                for (int j = 0; j < c.n(); j++) {
                    int at = c.cOff() + i * c.n() + j;
                    float w = (float) want[at];
                    // A float32 sum of k products errs by at most about k·eps32·sum|a·b| (fma rounds once a step).
                    double tol = Math.ulp(Math.max(Math.abs(w), Math.abs(got[at])))
                            + (c.k() + 1) * (double) Math.ulp(1.0f) * ReferenceGemm.magnitude(
                                    wa, c.aOff(), ta, wb, c.bOff(), tb, i, j, c.m(), c.n(), c.k());
                    String where = "(" + i + "," + j + ") " + c + " transA=" + ta + " transB=" + tb;
                    assertTrue(Math.abs(got[at] - w) <= tol, () -> where + ": got " + got[at] + ", loop gives " + w);
                }
            }
        }));
    }

    @Test
    void zeroDepthGivesZeros() {
        Case c = new Case(3, 5, 0, 1, 2, 4, new float[1], new float[2]);
        forEachTranspose((ta, tb) -> {
            float[] got = c.run(ta, tb, 2);
            for (int i = 0; i < 15; i++) {
                assertEquals(0.0f, got[c.cOff() + i], c::toString);
            }
            assertUntouchedOutside(c, got);
        });
    }

    @Test
    void rowsAndColumnsAsVectors() {
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        int[][] shapes = {{1, 37, 19}, {41, 1, 19}, {1, 1, 300}, {1, 129, 1}};
        for (int[] s : shapes) {
            Case c = randomCase(rng, s[0], s[1], s[2]);
            forEachTranspose((ta, tb) -> assertFusedInOrder(c, ta, tb));
        }
    }

    @Test
    void sameBitsOnOneTwoAndThreeThreads() {
        Case c = randomCase(new SplittableRandom(SEED + 3), 301, 389, 611);
        forEachTranspose((ta, tb) -> {
            float[] one = c.run(ta, tb, 1);
            for (int threads = 2; threads <= 3; threads++) {
                assertArrayEquals(one, c.run(ta, tb, threads), "threads=" + threads + ", " + c);
            }
        });
    }

    @Test
    void gemmOverwritesADirtyBuffer() {
        Case c = randomCase(new SplittableRandom(SEED + 4), 67, 45, 300);
        float[] want = c.run(true, false, 2);
        float[] got = want.clone();
        Arrays.fill(got, c.cOff(), c.cOff() + c.m() * c.n(), Float.NaN);
        Gemm.gemm(c.a(), c.aOff(), true, c.b(), c.bOff(), false, got, c.cOff(), c.m(), c.n(), c.k(), 2);
        assertArrayEquals(want, got);
    }

    /** A test body for one pair of transpose flags. */
    interface Flags {
        void check(boolean transA, boolean transB);
    }

    private static void forEachTranspose(Flags body) {
        for (int flags = 0; flags < 4; flags++) {
            body.check((flags & 1) != 0, (flags & 2) != 0);
        }
    }

    /** The promise: each element is {@code c = fma(a_p, b_p, c)} in float32 for p = 0, 1, ... k - 1. */
    private static void assertFusedInOrder(Case c, boolean transA, boolean transB) {
        float[] got = c.run(transA, transB, 2);
        for (int i = 0; i < c.m(); i++) {
            for (int j = 0; j < c.n(); j++) {
                float want = 0f;
                for (int p = 0; p < c.k(); p++) {
                    float x = c.a()[c.aOff() + (transA ? p * c.m() + i : i * c.k() + p)];
                    float y = c.b()[c.bOff() + (transB ? j * c.k() + p : p * c.n() + j)];
                    want = Math.fma(x, y, want);
                }
                int at = c.cOff() + i * c.n() + j;
                assertEquals(want, got[at], 0.0f, () -> "(" + at + ") " + c + " transA=" + transA + " transB=" + transB);
            }
        }
        assertUntouchedOutside(c, got);
    }

    private static void assertUntouchedOutside(Case c, float[] got) {
        for (int i = 0; i < got.length; i++) {
            if (i < c.cOff() || i >= c.cOff() + c.m() * c.n()) {
                int at = i;
                assertTrue(Float.isNaN(got[i]), () -> "wrote outside C at " + at + " for " + c);
            }
        }
    }

    /** Sizes from {@link #SIZES}, depths from {@link #DEPTHS}, random offsets, at most {@link #MAX_WORK}. */
    private static Gen<Case> cases() {
        Gen<Integer> size = Generate.pick(SIZES);
        Gen<Integer> depth = Generate.pick(DEPTHS);
        Gen<Long> seed = Generate.longRange(0, Long.MAX_VALUE);
        return rs -> {
            int m = size.generate(rs);
            int n = size.generate(rs);
            int k = depth.generate(rs);
            while ((long) m * n * k > MAX_WORK) {
                m = Math.max(1, m / 2);
                n = Math.max(1, n / 2);
            }
            return randomCase(new SplittableRandom(seed.generate(rs)), m, n, k);
        };
    }

    private static Case randomCase(SplittableRandom rng, int m, int n, int k) {
        int aOff = rng.nextInt(6);
        int bOff = rng.nextInt(6);
        int cOff = rng.nextInt(6);
        return new Case(m, n, k, aOff, bOff, cOff, random(rng, aOff + m * k), random(rng, bOff + k * n));
    }

    private static float[] random(SplittableRandom rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) rng.nextDouble(-2, 2);
        }
        return x;
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }
}
