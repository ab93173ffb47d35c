// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/** Plain triple loops that {@link Gemm} is tested against; same arguments as {@link Gemm#gemm}. */
final class ReferenceGemm {
    private ReferenceGemm() {}

    /** The product as the kernel computed it before blocking: separate multiply and add. */
    static void naive(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += at(a, aOff, transA, i, p, m, k) * at(b, bOff, transB, p, j, k, n);
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** The sum {@link Gemm} promises bit for bit: one fused multiply-add per step, p in order. */
    static void fused(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(at(a, aOff, transA, i, p, m, k), at(b, bOff, transB, p, j, k, n), s);
                }
                c[cOff + i * n + j] = s;
            }
        }
    }

    /** Sum over p of {@code |op(A)[i,p] * op(B)[p,j]|}, which bounds the rounding error of element (i, j). */
    static double magnitude(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            int i, int j, int m, int n, int k) {
        double s = 0.0;
        for (int p = 0; p < k; p++) {
            s += Math.abs(at(a, aOff, transA, i, p, m, k) * at(b, bOff, transB, p, j, k, n));
        }
        return s;
    }

    /** Element (r, q) of a {@code rows x cols} operand stored row-major, or transposed if asked. */
    private static double at(double[] x, int off, boolean trans, int r, int q, int rows, int cols) {
        return trans ? x[off + q * rows + r] : x[off + r * cols + q];
    }
}
