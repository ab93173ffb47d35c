// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * A faster matrix product found at run time, such as a native BLAS: put a module that provides
 * one (a {@code META-INF/services/dev.nabla.graph.kernel.GemmBackend} entry) on the class path and
 * {@link Gemm} uses it for products large enough to pay for the call; the pure-Java kernels stay
 * the fallback and the reference. A backend must give the same numbers on every call with the same
 * operands and thread count, whatever the thread count: determinism is Nabla's promise.
 *
 * <p>Usage: {@code ServiceLoader.load(GemmBackend.class).findFirst()}
 */
public interface GemmBackend {
    /** Names this backend. @return a short name for logs and benchmarks, such as {@code "openblas"} */
    String name();

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]}, overwriting C, with the layout of
     * {@link Gemm#gemm}.
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
     * @param threads how many threads it may use, the caller's included (as in {@link Parallel#forEach})
     */
    void gemm(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k, int threads);

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} in float32, overwriting C, with the layout
     * of {@link Gemm#gemm}. It may sum in float32 (as sgemm does), so it may differ from the Java
     * float product, which sums in double, in the last bits; it must still give the same bits
     * whatever the thread count.
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
     * @param threads how many threads it may use, the caller's included (as in {@link Parallel#forEach})
     */
    void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
            float[] c, int cOff, int m, int n, int k, int threads);
}
