// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * Dense matrix product {@code C = op(A) * op(B)}, where {@code op} may transpose in place of a
 * copy: the backward pass multiplies by transposed operands, and copying them would cost as much
 * as the product for thin matrices.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]}, overwriting C.
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
     */
    public static void gemm(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k) {
        for (int i = 0; i < m * n; i++) {
            c[cOff + i] = 0.0;
        }
        if (transB) {
            // Each C element is a dot product of two contiguous rows.
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    int bRow = bOff + j * k;
                    if (transA) {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * m + i] * b[bRow + p];
                        }
                    } else {
                        int aRow = aOff + i * k;
                        for (int p = 0; p < k; p++) {
                            s += a[aRow + p] * b[bRow + p];
                        }
                    }
                    c[cOff + i * n + j] = s;
                }
            }
            return;
        }
        // i-p-j order streams rows of B and C, which is what the JIT vectorises.
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * n;
            for (int p = 0; p < k; p++) {
                double aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                int bRow = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }
}
