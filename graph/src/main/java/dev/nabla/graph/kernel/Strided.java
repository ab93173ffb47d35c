// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * The one n-dimensional copy loop: permute, expand (stride 0), slice and pad are all a copy with
 * different strides and offsets.
 */
public final class Strided {
    private Strided() {}

    /**
     * Copies an n-d block: {@code dst[dstOff + sum(i*dstStrides)] = src[srcOff + sum(i*srcStrides)]}
     * for every index {@code i} within {@code dims}.
     *
     * @param src source array
     * @param srcOff source offset
     * @param srcStrides source strides, one per dim (0 repeats an element)
     * @param dst destination array
     * @param dstOff destination offset
     * @param dstStrides destination strides, one per dim
     * @param dims the block's extent
     */
    public static void copy(double[] src, int srcOff, int[] srcStrides,
            double[] dst, int dstOff, int[] dstStrides, int[] dims) {
        walk(srcOff, srcStrides, dstOff, dstStrides, dims, (s, ss, t, ds, n) -> {
            // Contiguous rows and broadcast rows are most of the traffic: let the JDK's intrinsics do them.
            if (ds == 1 && ss == 1) {
                System.arraycopy(src, s, dst, t, n);
            } else if (ds == 1 && ss == 0) {
                java.util.Arrays.fill(dst, t, t + n, src[s]);
            } else {
                for (int j = 0; j < n; j++) {
                    dst[t + j * ds] = src[s + j * ss];
                }
            }
        });
    }

    /**
     * Copies an n-d block of float32 values, as {@link #copy(double[], int, int[], double[], int, int[], int[])}.
     *
     * @param src source array
     * @param srcOff source offset
     * @param srcStrides source strides, one per dim (0 repeats an element)
     * @param dst destination array
     * @param dstOff destination offset
     * @param dstStrides destination strides, one per dim
     * @param dims the block's extent
     */
    public static void copy(float[] src, int srcOff, int[] srcStrides,
            float[] dst, int dstOff, int[] dstStrides, int[] dims) {
        walk(srcOff, srcStrides, dstOff, dstStrides, dims, (s, ss, t, ds, n) -> {
            if (ds == 1 && ss == 1) {
                System.arraycopy(src, s, dst, t, n);
            } else if (ds == 1 && ss == 0) {
                java.util.Arrays.fill(dst, t, t + n, src[s]);
            } else {
                for (int j = 0; j < n; j++) {
                    dst[t + j * ds] = src[s + j * ss];
                }
            }
        });
    }

    /** Copies one row of the last axis: {@code n} elements from {@code s} by {@code ss} to {@code t} by {@code ds}. */
    private interface Row {
        void copy(int s, int ss, int t, int ds, int n);
    }

    /** Visits the rows of the last axis in row-major order of the block, whatever the element type. */
    private static void walk(int srcOff, int[] srcStrides, int dstOff, int[] dstStrides, int[] dims, Row row) {
        int rank = dims.length;
        for (int d : dims) {
            if (d == 0) {
                return;
            }
        }
        if (rank == 0) {
            row.copy(srcOff, 1, dstOff, 1, 1);
            return;
        }
        int last = rank - 1;
        int n = dims[last];
        int ss = srcStrides[last];
        int ds = dstStrides[last];
        int[] idx = new int[rank];
        int s = srcOff;
        int t = dstOff;
        while (true) {
            row.copy(s, ss, t, ds, n);
            int axis = last - 1;
            while (axis >= 0) {
                idx[axis]++;
                s += srcStrides[axis];
                t += dstStrides[axis];
                if (idx[axis] < dims[axis]) {
                    break;
                }
                s -= srcStrides[axis] * dims[axis];
                t -= dstStrides[axis] * dims[axis];
                idx[axis] = 0;
                axis--;
            }
            if (axis < 0) {
                return;
            }
        }
    }
}
