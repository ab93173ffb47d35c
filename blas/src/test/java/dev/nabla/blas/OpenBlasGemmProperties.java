// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.kernel.Gemm;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;

/** OpenBLAS against Nabla's Java product: random shapes, transposes and offsets. */
class OpenBlasGemmProperties implements WithQuickTheories {
    private static final long SEED = 0x0B1A_5EEDL;
    private static final int EXAMPLES = 200;
    /** Dimensions: empty, one, primes, tile multiples and their neighbours, big enough to cut into blocks. */
    private static final int[] DIMS = {0, 1, 2, 3, 5, 7, 8, 13, 31, 32, 33, 64, 97, 127, 128, 131, 200};
    /** Written around C's window, to catch writes outside it. */
    private static final double GUARD = -7.25;

    record Case(int m, int n, int k, boolean transA, boolean transB, int aOff, int bOff, int cOff, long seed) {}

    @Test
    void matchesTheJavaProductWithinRounding() {
        OpenBlasGemm blas = Backends.openBlas();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> check(blas, c));
    }

    private Gen<Case> cases() {
        Gen<Integer> dim = integers().between(0, DIMS.length - 1).map(i -> DIMS[i]);
        Gen<Integer> off = integers().between(0, 5);
        Gen<int[]> shape = dim.zip(dim, dim, (m, n, k) -> new int[] {m, n, k});
        Gen<int[]> offsets = off.zip(off, off, (a, b, c) -> new int[] {a, b, c});
        Gen<boolean[]> flags = booleans().all().zip(booleans().all(), (a, b) -> new boolean[] {a, b});
        return shape.zip(offsets, flags, longs().all(), (s, o, f, seed) ->
                new Case(s[0], s[1], s[2], f[0], f[1], o[0], o[1], o[2], seed));
    }

    @Test
    void floatMatchesTheJavaFloatProductWithinFloatRounding() {
        OpenBlasGemm blas = Backends.openBlas();
        qt().withFixedSeed(SEED + 1).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> checkFloat(blas, c));
    }

    /**
     * Compares every element with the Java loop within the error bound of summation,
     * {@code 2·k·eps·sum|a_ip·b_pj|}, and checks that nothing outside C's window changed.
     */
    private static void check(OpenBlasGemm blas, Case c) {
        Random r = new Random(c.seed());
        double[] a = random(r, c.aOff() + c.m() * c.k() + 3);
        double[] b = random(r, c.bOff() + c.k() * c.n() + 3);
        double[] want = new double[cLength(c)];
        double[] got = guarded(c);
        Gemm.java(a, c.aOff(), c.transA(), b, c.bOff(), c.transB(), want, c.cOff(), c.m(), c.n(), c.k(), 1);
        blas.gemm(a, c.aOff(), c.transA(), b, c.bOff(), c.transB(), got, c.cOff(), c.m(), c.n(), c.k(), 2);
        assertClose(c, got, want, bound(c, a, b), 2.0 * Math.max(1, c.k()) * Math.ulp(1.0));
    }

    /**
     * The same for float32, against the float64 Java product of the same (float) operands: sgemm
     * sums in float, and its rounding's worst case is {@code k·2^-24·sum|a_ip·b_pj|}. Its errors
     * have random signs and grow like {@code sqrt(k)} (Higham and Mary, 2019), so the tolerance is
     * {@code (sqrt(k) + 1)·2^-23} of that sum (the worst case drawn came to 1.4·sqrt(k)·2^-24):
     * far below what one wrong or missing term costs.
     */
    private static void checkFloat(OpenBlasGemm blas, Case c) {
        Random r = new Random(c.seed());
        float[] a = narrow(random(r, c.aOff() + c.m() * c.k() + 3));
        float[] b = narrow(random(r, c.bOff() + c.k() * c.n() + 3));
        double[] want = new double[cLength(c)];
        float[] got = narrow(guarded(c));
        Gemm.java(Backends.widen(a), c.aOff(), c.transA(), Backends.widen(b), c.bOff(), c.transB(), want, c.cOff(),
                c.m(), c.n(), c.k(), 1);
        blas.gemm(a, c.aOff(), c.transA(), b, c.bOff(), c.transB(), got, c.cOff(), c.m(), c.n(), c.k(), 2);
        double[] bound = bound(c, Backends.widen(a), Backends.widen(b));
        assertClose(c, Backends.widen(got), want, bound, (Math.sqrt(c.k()) + 1) * 0x1p-23);
    }

    private static float[] narrow(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    private static int cLength(Case c) {
        return c.cOff() + c.m() * c.n() + 3;
    }

    /** C's buffer: {@link #GUARD} around the window, to catch writes outside it. */
    private static double[] guarded(Case c) {
        double[] got = new double[cLength(c)];
        java.util.Arrays.fill(got, GUARD);
        // NaN in C's window must be overwritten, as when the executor hands over a used buffer.
        java.util.Arrays.fill(got, c.cOff(), c.cOff() + c.m() * c.n(), Double.NaN);
        return got;
    }

    /** {@code sum|a_ip·b_pj|} for every element of C, which bounds the rounding error of summation. */
    private static double[] bound(Case c, double[] a, double[] b) {
        double[] bound = new double[cLength(c)];
        Gemm.java(abs(a), c.aOff(), c.transA(), abs(b), c.bOff(), c.transB(), bound, c.cOff(), c.m(), c.n(), c.k(), 1);
        return bound;
    }

    /** Every element within {@code rel} of its bound of the wanted one, and the guard intact outside C. */
    private static void assertClose(Case c, double[] got, double[] want, double[] bound, double rel) {
        for (int i = 0; i < got.length; i++) {
            boolean inside = i >= c.cOff() && i < c.cOff() + c.m() * c.n();
            if (!inside) {
                assertEquals(GUARD, got[i], c + ": wrote outside C at " + i);
                continue;
            }
            double tol = rel * bound[i] + Double.MIN_NORMAL;
            int at = i;
            assertTrue(Math.abs(got[i] - want[i]) <= tol,
                    () -> c + ": C[" + (at - c.cOff()) + "] = " + got[at] + ", Java gives " + want[at] + ", tolerance " + tol);
        }
    }

    private static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }
}
