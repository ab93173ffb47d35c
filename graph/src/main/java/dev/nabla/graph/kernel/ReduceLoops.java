// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.Arrays;

/** Sum and max over chosen axes, in one pass over the input in row-major order. */
public final class ReduceLoops {
    private ReduceLoops() {}

    /**
     * Sums over the axes marked in {@code reduced}; the output keeps the other axes in order.
     *
     * @param src input, row-major with dimensions {@code dims}
     * @param dims the input's dimensions
     * @param reduced which axes to sum away
     * @param dst output, sized to the product of the kept dimensions
     */
    public static void sum(double[] src, int[] dims, boolean[] reduced, double[] dst) {
        Arrays.fill(dst, 0.0);
        reduce(src, dims, reduced, dst, false);
    }

    /**
     * Takes the maximum over the axes marked in {@code reduced}; NaN wins, as in NumPy.
     *
     * @param src input, row-major with dimensions {@code dims}
     * @param dims the input's dimensions
     * @param reduced which axes to reduce
     * @param dst output, sized to the product of the kept dimensions
     */
    public static void max(double[] src, int[] dims, boolean[] reduced, double[] dst) {
        Arrays.fill(dst, Double.NEGATIVE_INFINITY);
        reduce(src, dims, reduced, dst, true);
    }

    /**
     * Sums a float32 input over the axes marked in {@code reduced}, in float64 and in the order of
     * the float64 loop, rounding each sum once: the bits of the float64 kernel on a widened copy,
     * without the copy.
     *
     * @param src input, row-major with dimensions {@code dims}
     * @param dims the input's dimensions
     * @param reduced which axes to sum away
     * @param dst output, sized to the product of the kept dimensions
     */
    public static void sum(float[] src, int[] dims, boolean[] reduced, float[] dst) {
        double[] acc = new double[dst.length];
        reduce(src, dims, reduced, acc, false);
        Conversions.narrow(acc, 0, dst, 0, dst.length);
    }

    /**
     * Takes the maximum of a float32 input over the axes marked in {@code reduced}; NaN wins.
     * A maximum is one of its elements, so comparing floats gives the float64 kernel's bits.
     *
     * @param src input, row-major with dimensions {@code dims}
     * @param dims the input's dimensions
     * @param reduced which axes to reduce
     * @param dst output, sized to the product of the kept dimensions
     */
    public static void max(float[] src, int[] dims, boolean[] reduced, float[] dst) {
        double[] acc = new double[dst.length];
        Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        reduce(src, dims, reduced, acc, true);
        Conversions.narrow(acc, 0, dst, 0, dst.length);
    }

    /**
     * The maximum of {@code start} and {@code src[from .. from + n)}, over four running maxima:
     * one running maximum stored back for every element took 4.9 ns an element here, four take
     * 0.7. The order cannot change the result: max is exact, NaN wins from any side, and
     * {@code Math.max} ranks 0 above -0.
     */
    private static double rowMax(double start, double[] src, int from, int n) {
        double m0 = start;
        double m1 = start;
        double m2 = start;
        double m3 = start;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            m0 = Math.max(m0, src[from + j]);
            m1 = Math.max(m1, src[from + j + 1]);
            m2 = Math.max(m2, src[from + j + 2]);
            m3 = Math.max(m3, src[from + j + 3]);
        }
        for (; j < n; j++) {
            m0 = Math.max(m0, src[from + j]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /**
     * {@code start} plus the sum of {@code src[from .. from + n)}, over four running sums combined
     * pairwise: one running sum waits on the previous addition for every element. A fixed order,
     * so the same bits on every run; and a sum of n terms in four parts errs less than one.
     */
    private static double rowSum(double start, double[] src, int from, int n) {
        double s0 = start;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += src[from + j];
            s1 += src[from + j + 1];
            s2 += src[from + j + 2];
            s3 += src[from + j + 3];
        }
        for (; j < n; j++) {
            s0 += src[from + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@link #rowMax(double, double[], int, int)} on float32 elements, widened as read. */
    private static double rowMax(double start, float[] src, int from, int n) {
        double m0 = start;
        double m1 = start;
        double m2 = start;
        double m3 = start;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            m0 = Math.max(m0, src[from + j]);
            m1 = Math.max(m1, src[from + j + 1]);
            m2 = Math.max(m2, src[from + j + 2]);
            m3 = Math.max(m3, src[from + j + 3]);
        }
        for (; j < n; j++) {
            m0 = Math.max(m0, src[from + j]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** {@link #rowSum(double, double[], int, int)} on float32 elements, widened as read. */
    private static double rowSum(double start, float[] src, int from, int n) {
        double s0 = start;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += src[from + j];
            s1 += src[from + j + 1];
            s2 += src[from + j + 2];
            s3 += src[from + j + 3];
        }
        for (; j < n; j++) {
            s0 += src[from + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * One row of the walk: {@code n} elements from {@code s} into {@code dst[o]} (when the row
     * is reduced away, {@code across}) or into {@code dst[o .. o + n)}.
     */
    private static void row(Object src, int s, int n, double[] dst, int o, boolean across, boolean max) {
        if (src instanceof float[] f) {
            if (across) {
                dst[o] = max ? rowMax(dst[o], f, s, n) : rowSum(dst[o], f, s, n);
            } else if (max) {
                for (int j = 0; j < n; j++) {
                    dst[o + j] = Math.max(dst[o + j], f[s + j]);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    dst[o + j] += f[s + j];
                }
            }
            return;
        }
        double[] d = (double[]) src;
        if (across) {
            dst[o] = max ? rowMax(dst[o], d, s, n) : rowSum(dst[o], d, s, n);
        } else if (max) {
            for (int j = 0; j < n; j++) {
                dst[o + j] = Math.max(dst[o + j], d[s + j]);
            }
        } else {
            for (int j = 0; j < n; j++) {
                dst[o + j] += d[s + j];
            }
        }
    }

    /** Walks {@code src} (a double[] or float[]) row by row into the accumulator {@code dst}. */
    private static void reduce(Object src, int[] dims, boolean[] reduced, double[] dst, boolean max) {
        int length = java.lang.reflect.Array.getLength(src);
        int rank = dims.length;
        if (length == 0) {
            return;
        }
        int[] outStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            outStrides[i] = reduced[i] ? 0 : acc;
            acc *= reduced[i] ? 1 : dims[i];
        }
        if (rank == 0) {
            row(src, 0, 1, dst, 0, true, max);
            return;
        }
        int last = rank - 1;
        int n = dims[last];
        int os = outStrides[last];
        int[] idx = new int[rank];
        int o = 0;
        int s = 0;
        while (s < length) {
            row(src, s, n, dst, o, os == 0, max);
            s += n;
            for (int axis = last - 1; axis >= 0; axis--) {
                idx[axis]++;
                o += outStrides[axis];
                if (idx[axis] < dims[axis]) {
                    break;
                }
                o -= outStrides[axis] * dims[axis];
                idx[axis] = 0;
            }
        }
    }
}
