// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Im2Col's loops against a naive five-loop reference over random geometries (strides, paddings,
 * dilations, odd sizes): unfold equals the reference, fold is its adjoint, the float32 twins agree
 * with float64, and 1 and 2 threads give the same bits.
 */
class Im2ColTest {
    private static final int CASES = 300;

    /** A geometry and its output size. */
    private record Case(int n, int c, int h, int w, int[] g, int oh, int ow) {
        int imageSize() {
            return n * c * h * w;
        }

        int colsSize() {
            return n * c * g[0] * g[1] * oh * ow;
        }
    }

    private static Case draw(SplittableRandom rng) {
        while (true) {
            int kh = 1 + rng.nextInt(4);
            int kw = 1 + rng.nextInt(4);
            int[] g = {kh, kw, 1 + rng.nextInt(3), 1 + rng.nextInt(3), rng.nextInt(3), rng.nextInt(3),
                1 + rng.nextInt(2), 1 + rng.nextInt(2)};
            int h = 1 + rng.nextInt(9);
            int w = 1 + rng.nextInt(9);
            int spanH = h + 2 * g[4] - g[6] * (kh - 1);
            int spanW = w + 2 * g[5] - g[7] * (kw - 1);
            if (spanH >= 1 && spanW >= 1) {
                return new Case(1 + rng.nextInt(3), 1 + rng.nextInt(3), h, w, g, (spanH - 1) / g[2] + 1,
                        (spanW - 1) / g[3] + 1);
            }
        }
    }

    /** Column entry (b, row, position) reads this image index, or -1 in the padding. */
    private static int source(Case k, int b, int ci, int ki, int kj, int oi, int oj) {
        int[] g = k.g;
        int ii = oi * g[2] - g[4] + ki * g[6];
        int jj = oj * g[3] - g[5] + kj * g[7];
        if (ii < 0 || ii >= k.h || jj < 0 || jj >= k.w) {
            return -1;
        }
        return ((b * k.c + ci) * k.h + ii) * k.w + jj;
    }

    private static double[] referenceUnfold(Case k, double[] x) {
        double[] cols = new double[k.colsSize()];
        int at = 0;
        for (int b = 0; b < k.n; b++) {
            for (int ci = 0; ci < k.c; ci++) {
                for (int ki = 0; ki < k.g[0]; ki++) {
                    for (int kj = 0; kj < k.g[1]; kj++) {
                        for (int oi = 0; oi < k.oh; oi++) {
                            for (int oj = 0; oj < k.ow; oj++) {
                                int src = source(k, b, ci, ki, kj, oi, oj);
                                cols[at++] = src < 0 ? 0.0 : x[src];
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    private static double[] random(SplittableRandom rng, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static float[] narrow(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] widen(float[] f) {
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = f[i];
        }
        return v;
    }

    @Test
    void unfoldMatchesTheReferenceOnEveryThreadCountInBothTypes() {
        SplittableRandom rng = new SplittableRandom(20);
        for (int t = 0; t < CASES; t++) {
            Case k = draw(rng);
            double[] x = widen(narrow(random(rng, k.imageSize())));
            double[] expected = referenceUnfold(k, x);
            for (int threads = 1; threads <= 2; threads++) {
                double[] cols = random(rng, k.colsSize());  // stale values must all be overwritten
                Im2Col.unfold(x, cols, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, threads);
                assertArrayEquals(expected, cols, 0.0, k + " threads " + threads);
                float[] colsF = narrow(random(rng, k.colsSize()));
                Im2Col.unfold(narrow(x), colsF, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, threads);
                assertArrayEquals(expected, widen(colsF), 0.0, "float32 " + k + " threads " + threads);
            }
        }
    }

    @Test
    void foldIsTheAdjointOfUnfoldAndKeepsItsBitsOnAnyThreadCount() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int t = 0; t < CASES; t++) {
            Case k = draw(rng);
            double[] x = random(rng, k.imageSize());
            double[] u = random(rng, k.colsSize());
            double[] folded = random(rng, k.imageSize());  // stale values must be cleared
            Im2Col.fold(u, folded, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, 1);
            double[] cols = referenceUnfold(k, x);
            double lhs = 0;
            for (int i = 0; i < cols.length; i++) {
                lhs += cols[i] * u[i];
            }
            double rhs = 0;
            for (int i = 0; i < x.length; i++) {
                rhs += x[i] * folded[i];
            }
            assertEquals(lhs, rhs, 1e-12 * (1 + cols.length), "<unfold x, u> = <x, fold u> for " + k);
            double[] two = new double[k.imageSize()];
            Im2Col.fold(u, two, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, 2);
            assertArrayEquals(folded, two, 0.0, "1 vs 2 threads " + k);
            float[] f1 = new float[k.imageSize()];
            float[] f2 = new float[k.imageSize()];
            Im2Col.fold(narrow(u), f1, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, 1);
            Im2Col.fold(narrow(u), f2, k.n, k.c, k.h, k.w, k.g, k.oh, k.ow, 2);
            assertArrayEquals(f1, f2, 0f, "float32 1 vs 2 threads " + k);
            // At most 16 taps add into one element, each rounding by 2^-24 of a sum below 16.
            assertArrayEquals(folded, widen(f1), 16 * 16 * 0x1p-24 + 16 * 0x1p-24, "float32 vs float64 " + k);
        }
    }
}
