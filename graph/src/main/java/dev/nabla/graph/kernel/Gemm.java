// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Dense matrix product {@code C = op(A) * op(B)}, where {@code op} may transpose in place of a
 * copy: the backward pass multiplies by transposed operands, and copying them would cost as much
 * as the product for thin matrices.
 *
 * <p>Every element of C is one running sum over {@code p = 0 .. k-1} in order, each step a fused
 * multiply-add ({@link Math#fma}). Blocking, packing and the split into tasks change which
 * elements are computed together, never that order; so the bits do not depend on the thread
 * count, nor on the block sizes below.
 *
 * <p>Why the kernel looks as it does: C2 on Java 17 vectorises a counted loop over {@code j} only
 * when every array in it is indexed by the same expression. Rows of B at different offsets of
 * one array, or rows of C, defeat it (measured: 4-5 GFLOPS against about 20). So a task packs a
 * {@code KC x NC} panel of B into one array per row and copies {@link #MR} rows of C into
 * scratch rows; the micro-kernel then streams those rows, updating {@code MR} rows of C by two
 * steps of {@code p} per pass, with B's panel in L2 and C's rows in L1. A scalar register tile
 * cannot compete: C2 keeps locals in scalar registers, which caps it near a quarter of the
 * vector rate.
 */
public final class Gemm {
    /** Depth of a packed panel of B: its {@code KC x NC} doubles fill half of a 512 KB L2. */
    static final int KC = 256;
    /** Width of a packed panel of B, and of the column blocks that tasks own. */
    static final int NC = 128;
    /** Rows of C one pass of the micro-kernel updates. */
    static final int MR = 4;
    /** Most rows of C one task computes; each task packs its own panels of B, once per this many rows. */
    static final int MC = 128;
    /** Fused multiply-adds below which a product runs on the caller alone (measured break-even). */
    public static final long PARALLEL_FMAS = 1L << 18;

    /** The native product, if a module provides one; {@code -Dnabla.gemm=java} keeps the Java kernel. */
    private static final GemmBackend BACKEND = Backends.find(GemmBackend.class, "nabla.gemm", "java");
    /** Multiply-adds from which the backend beats this kernel despite its copies: 2^14, not 2^18 as
     * before, since a CNN step's per-image products took 18-20% less on OpenBLAS (AMD EPYC Zen 5). */
    private static final long BACKEND_FMAS = 1L << 14;

    private Gemm() {}

    /**
     * Names the backend that matrix products run on.
     *
     * @return the native backend's name, or {@code "java"} when products run on this class's kernel
     */
    public static String backend() {
        return BACKEND == null ? "java" : BACKEND.name();
    }

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]}, overwriting C: on the native
     * {@link GemmBackend} if one is on the class path and the product is large, else with
     * {@link #java}.
     *
     * <p>Usage: {@code Gemm.gemm(x, 0, false, w, 0, false, y, 0, batch, out, in, 2);  // y = x·w}
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads how many threads may work on it; the result does not depend on it
     */
    public static void gemm(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k, int threads) {
        if (BACKEND != null && (long) m * n * k >= BACKEND_FMAS) {
            BACKEND.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
            return;
        }
        java(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
    }

    /**
     * The pure-Java product, whatever backend is present, on the threads of {@link Parallel}
     * when the product is big enough to pay for them.
     *
     * <p>Usage: {@code Gemm.java(x, 0, false, w, 0, false, y, 0, batch, out, in, 1);}
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads how many threads may work on it; the result does not depend on it
     */
    public static void java(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k, int threads) {
        if (finishedEmpty(c, cOff, m, n, k)) {
            return;
        }
        kernel(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
    }

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} in float32, overwriting C, with the layout
     * of the double {@link #gemm(double[], int, boolean, double[], int, boolean, double[], int, int, int, int, int)
     * gemm}: on the native {@link GemmBackend} if one is on the class path and the product is
     * large, else with {@link #java(float[], int, boolean, float[], int, boolean, float[], int, int, int, int, int)
     * java}. The two may differ in the last bits, since a native sgemm sums in float32.
     *
     * <p>Usage: {@code Gemm.gemm(x, 0, false, w, 0, false, y, 0, batch, out, in, 2);  // y = x·w, all float[]}
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads how many threads may work on it; the result does not depend on it
     */
    public static void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
            float[] c, int cOff, int m, int n, int k, int threads) {
        if (BACKEND != null && (long) m * n * k >= BACKEND_FMAS) {
            BACKEND.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
            return;
        }
        java(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
    }

    /**
     * The pure-Java float32 product: the float64 kernel's blocking, tasks and order of sums in
     * float32 arithmetic (FloatGemm, generated from this class's kernel), so each element of C is
     * the fused float32 sum over k in order, as a single-threaded sgemm's is in its own order.
     * Twice the float64 kernel's speed (8 lanes to 4): 36-40 GFLOPS on one core here, where
     * widening to the float64 kernel gave 16-21.
     *
     * <p>Usage: {@code Gemm.java(x, 0, false, w, 0, false, y, 0, batch, out, in, 1);  // all float[]}
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads how many threads may work on it; the result does not depend on it
     */
    public static void java(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
            float[] c, int cOff, int m, int n, int k, int threads) {
        if (finishedEmpty(c, cOff, m, n, k)) {
            return;
        }
        FloatGemm.kernel(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
    }

    /**
     * Finishes a product with nothing to sum or nothing to write, which BLAS routines reject or
     * skip: an empty C is left alone, and an empty sum ({@code k = 0}) is zeros.
     *
     * <p>Usage: {@code if (Gemm.finishedEmpty(c, cOff, m, n, k)) return;}
     *
     * @param c C's storage
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @return true if the product was empty and C is done
     */
    public static boolean finishedEmpty(double[] c, int cOff, int m, int n, int k) {
        if (k == 0 && m != 0 && n != 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0.0);
        }
        return m == 0 || n == 0 || k == 0;
    }

    /**
     * Finishes an empty float32 product as {@link #finishedEmpty(double[], int, int, int, int)}
     * finishes a double one.
     *
     * <p>Usage: {@code if (Gemm.finishedEmpty(c, cOff, m, n, k)) return;  // c a float[]}
     *
     * @param c C's storage
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @return true if the product was empty and C is done
     */
    public static boolean finishedEmpty(float[] c, int cOff, int m, int n, int k) {
        if (k == 0 && m != 0 && n != 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0.0f);
        }
        return m == 0 || n == 0 || k == 0;
    }

    // float32 twin: begin. FloatGemm is this region with float for double, generated by
    // FloatGemmSourceTest (mvn -pl graph test -Dtest=FloatGemmSourceTest -Dnabla.regenerate=true).

    /** The blocked product on C's tasks, after the empty cases: the caller's thread alone when small. */
    static void kernel(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k, int threads) {
        // Strides of A's element (i, p): row i, step p.
        int ai = transA ? 1 : k;
        int ap = transA ? m : 1;
        int tasks = ceilDiv(m, MC) * ceilDiv(n, NC);
        if (tasks == 1 || (long) m * n * k < PARALLEL_FMAS) {
            for (int t = 0; t < tasks; t++) {
                task(t, a, aOff, ai, ap, b, bOff, transB, c, cOff, m, n, k);
            }
            return;
        }
        Parallel.forEach(threads, tasks, t -> task(t, a, aOff, ai, ap, b, bOff, transB, c, cOff, m, n, k));
    }

    /** A task's panel of B and rows of C, sized once: the contract is no allocation per call. */
    private static final class Scratch {
        final double[][] b = new double[KC][NC];
        final double[][] c = new double[MR][NC];
    }

    /** Panels kept for the next task; a pool rather than a thread-local (STYLE.md): as many sets as tasks ever ran at once. */
    private static final ConcurrentLinkedDeque<Scratch> SCRATCH = new ConcurrentLinkedDeque<>();

    /** Task {@code t} owns rows {@code [MC·r, MC·(r+1))} and columns {@code [NC·q, NC·(q+1))} of C. */
    private static void task(int t, double[] a, int aOff, int ai, int ap, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k) {
        int blocks = ceilDiv(n, NC);
        int i0 = t / blocks * MC;
        int i1 = Math.min(m, i0 + MC);
        int j0 = t % blocks * NC;
        int w = Math.min(NC, n - j0);
        Scratch s = SCRATCH.poll();
        s = s != null ? s : new Scratch();
        try {
            task(s, i0, i1, j0, w, a, aOff, ai, ap, b, bOff, transB, c, cOff, n, k);
        } finally {
            SCRATCH.push(s);
        }
    }

    private static void task(Scratch s, int i0, int i1, int j0, int w, double[] a, int aOff, int ai, int ap,
            double[] b, int bOff, boolean transB, double[] c, int cOff, int n, int k) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kb = Math.min(KC, k - p0);
            if (transB) {
                packTransposed(b, bOff + j0 * k + p0, k, s.b, kb, w);
            } else {
                pack(b, bOff + p0 * n + j0, n, s.b, kb, w);
            }
            for (int i = i0; i < i1; i += MR) {
                int rows = Math.min(MR, i1 - i);
                int cAt = cOff + i * n + j0;
                for (int r = 0; r < rows; r++) {
                    if (p0 == 0) {
                        Arrays.fill(s.c[r], 0, w, 0.0);
                    } else {
                        System.arraycopy(c, cAt + r * n, s.c[r], 0, w);
                    }
                }
                int aAt = aOff + i * ai + p0 * ap;
                if (rows == MR) {
                    rows4(a, aAt, ai, ap, s.b, kb, s.c, w);
                } else {
                    for (int r = 0; r < rows; r++) {
                        row(a, aAt + r * ai, ap, s.b, kb, s.c[r], w);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(s.c[r], 0, c, cAt + r * n, w);
                }
            }
        }
    }

    /** Copies rows {@code [0, kb)} of B's panel, stored row-major with row stride {@code ld}. */
    private static void pack(double[] b, int at, int ld, double[][] dst, int kb, int w) {
        for (int p = 0; p < kb; p++) {
            System.arraycopy(b, at + p * ld, dst[p], 0, w);
        }
    }

    /**
     * Packs a panel of B stored transposed ({@code [n,k]}, row stride {@code ld}): eight of its
     * rows at a time, so each read streams along a row and each packed row gets a run of writes.
     */
    private static void packTransposed(double[] b, int at, int ld, double[][] dst, int kb, int w) {
        int j = 0;
        for (; j + 8 <= w; j += 8) {
            int src = at + j * ld;
            for (int p = 0; p < kb; p++) {
                double[] d = dst[p];
                for (int jj = 0; jj < 8; jj++) {
                    d[j + jj] = b[src + jj * ld + p];
                }
            }
        }
        for (; j < w; j++) {
            int src = at + j * ld;
            for (int p = 0; p < kb; p++) {
                dst[p][j] = b[src + p];
            }
        }
    }

    /** Adds the product of A's {@code 4 x kb} block at {@code at} and the packed panel to four C rows. */
    private static void rows4(double[] a, int at, int ai, int ap, double[][] bp, int kb, double[][] cr, int w) {
        double[] c0 = cr[0];
        double[] c1 = cr[1];
        double[] c2 = cr[2];
        double[] c3 = cr[3];
        int p = 0;
        for (; p + 2 <= kb; p += 2) {
            int x = at + p * ap;
            int y = x + ap;
            step4x2(a[x], a[y], a[x + ai], a[y + ai], a[x + 2 * ai], a[y + 2 * ai], a[x + 3 * ai], a[y + 3 * ai],
                    bp[p], bp[p + 1], c0, c1, c2, c3, w);
        }
        if (p < kb) {
            int x = at + p * ap;
            step4x1(a[x], a[x + ai], a[x + 2 * ai], a[x + 3 * ai], bp[p], c0, c1, c2, c3, w);
        }
    }

    /** Adds the product of A's {@code 1 x kb} row at {@code at} and the packed panel to one C row. */
    private static void row(double[] a, int at, int ap, double[][] bp, int kb, double[] cr, int w) {
        int p = 0;
        for (; p + 2 <= kb; p += 2) {
            int x = at + p * ap;
            step1x2(a[x], a[x + ap], bp[p], bp[p + 1], cr, w);
        }
        if (p < kb) {
            step1x1(a[at + p * ap], bp[p], cr, w);
        }
    }

    /*
     * The micro-kernels. Each loop body is kept small enough for C2 to unroll and vectorise it
     * (bigger bodies, such as 4 rows by 4 steps of p or 2 rows by 3, measured 3x slower), and
     * nests its fused steps so each element still adds p before p + 1.
     */

    private static void step4x2(double a00, double a01, double a10, double a11, double a20, double a21,
            double a30, double a31, double[] b0, double[] b1,
            double[] c0, double[] c1, double[] c2, double[] c3, int w) {
        for (int j = 0; j < w; j++) {
            double x0 = b0[j];
            double x1 = b1[j];
            c0[j] = Math.fma(a01, x1, Math.fma(a00, x0, c0[j]));
            c1[j] = Math.fma(a11, x1, Math.fma(a10, x0, c1[j]));
            c2[j] = Math.fma(a21, x1, Math.fma(a20, x0, c2[j]));
            c3[j] = Math.fma(a31, x1, Math.fma(a30, x0, c3[j]));
        }
    }

    private static void step4x1(double a0, double a1, double a2, double a3, double[] b0,
            double[] c0, double[] c1, double[] c2, double[] c3, int w) {
        for (int j = 0; j < w; j++) {
            double x0 = b0[j];
            c0[j] = Math.fma(a0, x0, c0[j]);
            c1[j] = Math.fma(a1, x0, c1[j]);
            c2[j] = Math.fma(a2, x0, c2[j]);
            c3[j] = Math.fma(a3, x0, c3[j]);
        }
    }

    private static void step1x2(double a0, double a1, double[] b0, double[] b1, double[] c0, int w) {
        for (int j = 0; j < w; j++) {
            c0[j] = Math.fma(a1, b1[j], Math.fma(a0, b0[j], c0[j]));
        }
    }

    private static void step1x1(double a0, double[] b0, double[] c0, int w) {
        for (int j = 0; j < w; j++) {
            c0[j] = Math.fma(a0, b0[j], c0[j]);
        }
    }

    // float32 twin: end.

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
