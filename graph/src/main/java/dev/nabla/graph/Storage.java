// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.kernel.Chunked;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.Gemm;
import dev.nabla.graph.kernel.Strided;

/**
 * The kernels' loops on a tensor's storage, whichever element type it has, so that an op's kernel
 * is written once for float64 and float32. Operands and output share one type: a graph has one.
 */
final class Storage {
    private Storage() {}

    /** Copies every element of {@code src} into {@code dst}, which has as many. */
    static void copy(Tensor src, Tensor dst) {
        if (dst.dtype() == DType.FLOAT32) {
            System.arraycopy(src.floats(), 0, dst.floats(), 0, dst.size());
        } else {
            System.arraycopy(src.data(), 0, dst.data(), 0, dst.size());
        }
    }

    /** {@link Strided#copy} on tensors. */
    static void strided(Tensor src, int srcOff, int[] srcStrides, Tensor dst, int dstOff, int[] dstStrides, int[] dims) {
        if (dst.dtype() == DType.FLOAT32) {
            Strided.copy(src.floats(), srcOff, srcStrides, dst.floats(), dstOff, dstStrides, dims);
        } else {
            Strided.copy(src.data(), srcOff, srcStrides, dst.data(), dstOff, dstStrides, dims);
        }
    }

    /** Sets every element to a value (rounded to float32 in a float32 tensor). */
    static void fill(Tensor dst, double value) {
        if (dst.dtype() == DType.FLOAT32) {
            java.util.Arrays.fill(dst.floats(), (float) value);
        } else {
            java.util.Arrays.fill(dst.data(), value);
        }
    }

    /** {@code y[i] = f(x[i])}, in parallel chunks when large. */
    static void map(Elementwise.Map1 loop, Tensor x, Tensor y, int threads) {
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(loop, x.floats(), y.floats(), threads);
        } else {
            Chunked.run(loop, x.data(), y.data(), threads);
        }
    }

    /**
     * {@code y[i] = f(a[i], b[i])}, in parallel chunks when large. An operand of one element
     * where the output has more is a scalar the plan did not broadcast (see {@link Plan}).
     */
    static void map(Elementwise.Map2 loop, Tensor a, Tensor b, Tensor y, int threads) {
        boolean scalarA = a.size() == 1 && y.size() != 1;
        if (scalarA || b.size() == 1 && y.size() != 1) {
            Tensor array = scalarA ? b : a;
            Tensor scalar = scalarA ? a : b;
            if (y.dtype() == DType.FLOAT32) {
                Chunked.run(loop, array.floats(), scalar.floats()[0], scalarA, y.floats(), threads);
            } else {
                Chunked.run(loop, array.data(), scalar.data()[0], scalarA, y.data(), threads);
            }
            return;
        }
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(loop, a.floats(), b.floats(), y.floats(), threads);
        } else {
            Chunked.run(loop, a.data(), b.data(), y.data(), threads);
        }
    }

    /** {@link Gemm#gemm} on tensors: {@code C = op(A) op(B)} at the given offsets, overwriting C. */
    static void gemm(Tensor a, int aOff, boolean transA, Tensor b, int bOff, boolean transB, Tensor c, int cOff,
            int m, int n, int k, int threads) {
        if (c.dtype() == DType.FLOAT32) {
            Gemm.gemm(a.floats(), aOff, transA, b.floats(), bOff, transB, c.floats(), cOff, m, n, k, threads);
        } else {
            Gemm.gemm(a.data(), aOff, transA, b.data(), bOff, transB, c.data(), cOff, m, n, k, threads);
        }
    }

    /** {@code y[i] = c[i] != 0 ? a[i] : b[i]}, bit for bit, in parallel chunks when large. */
    static void select(Tensor c, Tensor a, Tensor b, Tensor y, int threads) {
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(Elementwise.select(), c.floats(), a.floats(), b.floats(), y.floats(), threads);
        } else {
            Chunked.run(Elementwise.select(), c.data(), a.data(), b.data(), y.data(), threads);
        }
    }
}
