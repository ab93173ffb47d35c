// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.storage;

import dev.nabla.graph.DType;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Chunked;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.Gemm;
import dev.nabla.graph.kernel.Strided;

/**
 * The kernels' loops on a tensor's storage, whichever element type it has, so that an op's kernel
 * is written once for float64 and float32. Operands and output share one type: a graph has one.
 */
public final class TensorLoops {
    private TensorLoops() {}

    /** Copies every element of {@code src} into {@code dst}, which has as many. */
    public static void copy(Tensor src, Tensor dst) {
        if (dst.dtype() == DType.FLOAT32) {
            System.arraycopy(Buffers.floats(src), 0, Buffers.floats(dst), 0, dst.size());
        } else {
            System.arraycopy(Buffers.doubles(src), 0, Buffers.doubles(dst), 0, dst.size());
        }
    }

    /** {@link Strided#copy} on tensors. */
    public static void strided(Tensor src, int srcOff, int[] srcStrides, Tensor dst, int dstOff, int[] dstStrides, int[] dims) {
        if (dst.dtype() == DType.FLOAT32) {
            Strided.copy(Buffers.floats(src), srcOff, srcStrides, Buffers.floats(dst), dstOff, dstStrides, dims);
        } else {
            Strided.copy(Buffers.doubles(src), srcOff, srcStrides, Buffers.doubles(dst), dstOff, dstStrides, dims);
        }
    }

    /** Sets every element to a value (rounded to float32 in a float32 tensor). */
    public static void fill(Tensor dst, double value) {
        if (dst.dtype() == DType.FLOAT32) {
            java.util.Arrays.fill(Buffers.floats(dst), (float) value);
        } else {
            java.util.Arrays.fill(Buffers.doubles(dst), value);
        }
    }

    /** {@code y[i] = f(x[i])}, in parallel chunks when large. */
    public static void map(Elementwise.Map1 loop, Tensor x, Tensor y, int threads) {
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(loop, Buffers.floats(x), Buffers.floats(y), threads);
        } else {
            Chunked.run(loop, Buffers.doubles(x), Buffers.doubles(y), threads);
        }
    }

    /**
     * {@code y[i] = f(a[i], b[i])}, in parallel chunks when large. An operand of one element
     * where the output has more is a scalar the plan did not broadcast (see {@link Plan}).
     */
    public static void map(Elementwise.Map2 loop, Tensor a, Tensor b, Tensor y, int threads) {
        boolean scalarA = a.size() == 1 && y.size() != 1;
        if (scalarA || b.size() == 1 && y.size() != 1) {
            Tensor array = scalarA ? b : a;
            Tensor scalar = scalarA ? a : b;
            if (y.dtype() == DType.FLOAT32) {
                Chunked.run(loop, Buffers.floats(array), Buffers.floats(scalar)[0], scalarA, Buffers.floats(y), threads);
            } else {
                Chunked.run(loop, Buffers.doubles(array), Buffers.doubles(scalar)[0], scalarA, Buffers.doubles(y), threads);
            }
            return;
        }
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(loop, Buffers.floats(a), Buffers.floats(b), Buffers.floats(y), threads);
        } else {
            Chunked.run(loop, Buffers.doubles(a), Buffers.doubles(b), Buffers.doubles(y), threads);
        }
    }

    /** {@link Gemm#gemm} on tensors: {@code C = op(A) op(B)} at the given offsets, overwriting C. */
    public static void gemm(Tensor a, int aOff, boolean transA, Tensor b, int bOff, boolean transB, Tensor c, int cOff,
            int m, int n, int k, int threads) {
        if (c.dtype() == DType.FLOAT32) {
            Gemm.gemm(Buffers.floats(a), aOff, transA, Buffers.floats(b), bOff, transB, Buffers.floats(c), cOff, m, n, k, threads);
        } else {
            Gemm.gemm(Buffers.doubles(a), aOff, transA, Buffers.doubles(b), bOff, transB, Buffers.doubles(c), cOff, m, n, k, threads);
        }
    }

    /** {@code y[i] = c[i] != 0 ? a[i] : b[i]}, bit for bit, in parallel chunks when large. */
    public static void select(Tensor c, Tensor a, Tensor b, Tensor y, int threads) {
        if (y.dtype() == DType.FLOAT32) {
            Chunked.run(Elementwise.select(), Buffers.floats(c), Buffers.floats(a), Buffers.floats(b), Buffers.floats(y), threads);
        } else {
            Chunked.run(Elementwise.select(), Buffers.doubles(c), Buffers.doubles(a), Buffers.doubles(b), Buffers.doubles(y), threads);
        }
    }
}
