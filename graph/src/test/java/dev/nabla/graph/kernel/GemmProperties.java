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
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The blocked, packed, multi-threaded {@link Gemm} against plain loops: within rounding of the
 * old multiply-then-add loop, bit for bit equal to the fused loop it promises, and the same bits
 * on any number of threads.
 */
class GemmProperties implements WithQuickTheories {
    private static final long SEED = 0x6E33_1A2BL;
    private static final int EXAMPLES = 150;
    /**
     * Sizes around the kernel's blocks: 1, primes, one either side of the 4-row tile, of the
     * {@code NC}-column and {@code MC}-row blocks and of the {@code KC}-deep panels.
     */
    private static final List<Integer> SIZES = List.of(1, 2, 3, 4, 5, 7, 8, 13, 31, 127, 128, 129, 131, 257);
    /** Most fused multiply-adds in one drawn case, so the loops stay quick. */
    private static final long MAX_WORK = 1L << 21;

    /** Operands as stored, with offsets into buffers larger than they need. */
    record Case(int m, int n, int k, boolean transA, boolean transB, int aOff, int bOff, int cOff, double[] a,
            double[] b) {
        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB
                    + " offsets " + aOff + "/" + bOff + "/" + cOff;
        }

        /** Runs {@code kernel} into a C buffer of NaN, so an element it skips shows up. */
        double[] run(Kernel kernel) {
            double[] c = new double[cOff + m * n + 3];
            Arrays.fill(c, Double.NaN);
            kernel.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k);
            return c;
        }
    }

    /** {@link Gemm#java}'s signature less the thread count, so the tests can run it and the references alike. */
    interface Kernel {
        void gemm(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB, double[] c, int cOff,
                int m, int n, int k);
    }

    /** The Java kernel on this many threads. */
    private static Kernel java(int threads) {
        return (a, aOff, transA, b, bOff, transB, c, cOff, m, n, k) ->
                Gemm.java(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
    }

    @Test
    void matchesNaiveLoopWithinRounding() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            double[] got = c.run(java(2));
            double[] want = c.run(ReferenceGemm::naive);
            for (int i = 0; i < c.m(); i++) {
                for (int j = 0; j < c.n(); j++) {
                    int at = c.cOff() + i * c.n() + j;
                    // Both sums are within k·eps·sum|a·b| of the exact one.
                    double tol = 2 * (c.k() + 1) * Math.ulp(1.0) * ReferenceGemm.magnitude(
                            c.a(), c.aOff(), c.transA(), c.b(), c.bOff(), c.transB(), i, j, c.m(), c.n(), c.k());
                    int ii = i;
                    int jj = j;
                    assertTrue(Math.abs(got[at] - want[at]) <= tol,
                            () -> "element (" + ii + "," + jj + "): got " + got[at] + ", loop gives " + want[at]
                                    + " for " + c);
                }
            }
            assertUntouchedOutside(c, got);
        });
    }

    @Test
    void equalsFusedLoopBitForBit() {
        qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES).forAll(cases())
                .checkAssert(c -> assertArrayEquals(c.run(ReferenceGemm::fused), c.run(java(2)), c::toString));
    }

    @Test
    void zeroDepthGivesZeros() {
        for (boolean transA : new boolean[] {false, true}) {
            Case c = new Case(3, 5, 0, transA, !transA, 1, 2, 4, new double[1], new double[2]);
            double[] got = c.run(java(2));
            for (int i = 0; i < 15; i++) {
                assertEquals(0.0, got[c.cOff() + i], c::toString);
            }
            assertUntouchedOutside(c, got);
        }
    }

    @Test
    void sameBitsOnOneTwoAndThreeThreads() {
        SplittableRandom rng = new SplittableRandom(SEED);
        for (int flags = 0; flags < 4; flags++) {
            Case c = randomCase(rng, 301, 389, 611, (flags & 1) != 0, (flags & 2) != 0);
            double[] one = c.run(java(1));
            for (int threads = 2; threads <= 3; threads++) {
                assertArrayEquals(one, c.run(java(threads)), "threads=" + threads + ", " + c);
            }
        }
    }

    @Test
    void sameBitsOnTwoRunsIntoADirtyBuffer() {
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        Case c = randomCase(rng, 517, 263, 300, true, false);
        double[] first = c.run(java(2));
        double[] second = first.clone();
        Arrays.fill(second, c.cOff(), c.cOff() + c.m() * c.n(), 1e300);
        Gemm.gemm(c.a(), c.aOff(), c.transA(), c.b(), c.bOff(), c.transB(), second, c.cOff(), c.m(), c.n(), c.k(), 2);
        assertArrayEquals(first, second);
    }

    private static void assertUntouchedOutside(Case c, double[] got) {
        for (int i = 0; i < got.length; i++) {
            if (i < c.cOff() || i >= c.cOff() + c.m() * c.n()) {
                int at = i;
                assertTrue(Double.isNaN(got[i]), () -> "wrote outside C at " + at + " for " + c);
            }
        }
    }

    /** Sizes from {@link #SIZES} (0 now and then), random flags and offsets, at most {@link #MAX_WORK}. */
    private static Gen<Case> cases() {
        Gen<Integer> size = Generate.frequency(
                Pair.of(12, Generate.pick(SIZES)),
                Pair.of(1, Generate.constant(0)));
        Gen<Integer> deep = Generate.pick(List.of(256, 300, 513));
        Gen<Integer> depth = Generate.frequency(
                Pair.of(4, size), Pair.of(1, deep));
        Gen<Integer> coin = Generate.range(0, 1);
        Gen<Integer> offset = Generate.range(0, 5);
        Gen<Long> seed = Generate.longRange(0, Long.MAX_VALUE);
        return rs -> {
            int m = size.generate(rs);
            int n = size.generate(rs);
            int k = depth.generate(rs);
            while ((long) m * n * k > MAX_WORK) {
                m = Math.max(1, m / 2);
                n = Math.max(1, n / 2);
            }
            boolean ta = coin.generate(rs) == 1;
            boolean tb = coin.generate(rs) == 1;
            int aOff = offset.generate(rs);
            int bOff = offset.generate(rs);
            int cOff = offset.generate(rs);
            SplittableRandom values = new SplittableRandom(seed.generate(rs));
            return new Case(m, n, k, ta, tb, aOff, bOff, cOff, random(values, aOff + m * k), random(values, bOff + k * n));
        };
    }

    private static Case randomCase(SplittableRandom rng, int m, int n, int k, boolean transA, boolean transB) {
        return new Case(m, n, k, transA, transB, 3, 1, 2, random(rng, 3 + m * k), random(rng, 1 + k * n));
    }

    private static double[] random(SplittableRandom rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.nextDouble(-2, 2);
        }
        return x;
    }
}
