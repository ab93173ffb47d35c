// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.Arrays;

/**
 * The loops of unfold (im2col) and its adjoint fold (col2im) over flat row-major arrays, in
 * float64 and in float32.
 *
 * <p>An image batch is {@code [n, c, h, w]}; its columns are {@code [n, c * kh * kw, oh * ow]},
 * row {@code (ci * kh + ki) * kw + kj} holding tap {@code (ki, kj)} of channel {@code ci} for each
 * output position. The geometry is passed as {@code int[] g = {kh, kw, sh, sw, ph, pw, dh, dw}}
 * (kernel, stride, padding, dilation), since this package knows no graph type.
 *
 * <p>Images are shared out over the pool one task each: their columns and their image planes are
 * disjoint, and fold visits each image's columns in one fixed order, so the sums depend on the
 * shapes alone, never on the thread count.
 */
public final class Im2Col {
    private Im2Col() {}

    /**
     * Copies every window of {@code x} into the columns {@code cols}; taps in the padding read 0.
     *
     * @param x the images, {@code n * c * h * w} values
     * @param cols written in full, {@code n * c * kh * kw * oh * ow} values
     * @param n batch size
     * @param c channels
     * @param h height
     * @param w width
     * @param g the geometry {@code {kh, kw, sh, sw, ph, pw, dh, dw}}
     * @param oh output height
     * @param ow output width
     * @param threads how many threads may work, the caller's included
     */
    public static void unfold(double[] x, double[] cols, int n, int c, int h, int w, int[] g, int oh, int ow,
            int threads) {
        Parallel.forEach(threads, n, b -> walk(b, c, h, w, g, oh, ow, (at, img, lo, hi, sw) -> {
            Arrays.fill(cols, at, at + lo, 0.0);
            if (sw == 1) {
                System.arraycopy(x, img, cols, at + lo, hi - lo);
            } else {
                for (int j = lo, i = img; j < hi; j++, i += sw) {
                    cols[at + j] = x[i];
                }
            }
            Arrays.fill(cols, at + hi, at + ow, 0.0);
        }));
    }

    /**
     * Copies every window of float32 images into float32 columns; the float32 twin of
     * {@link #unfold(double[], double[], int, int, int, int, int[], int, int, int)}, exact as a copy is.
     *
     * @param x the images, {@code n * c * h * w} values
     * @param cols written in full, {@code n * c * kh * kw * oh * ow} values
     * @param n batch size
     * @param c channels
     * @param h height
     * @param w width
     * @param g the geometry {@code {kh, kw, sh, sw, ph, pw, dh, dw}}
     * @param oh output height
     * @param ow output width
     * @param threads how many threads may work, the caller's included
     */
    public static void unfold(float[] x, float[] cols, int n, int c, int h, int w, int[] g, int oh, int ow,
            int threads) {
        Parallel.forEach(threads, n, b -> walk(b, c, h, w, g, oh, ow, (at, img, lo, hi, sw) -> {
            Arrays.fill(cols, at, at + lo, 0f);
            if (sw == 1) {
                System.arraycopy(x, img, cols, at + lo, hi - lo);
            } else {
                for (int j = lo, i = img; j < hi; j++, i += sw) {
                    cols[at + j] = x[i];
                }
            }
            Arrays.fill(cols, at + hi, at + ow, 0f);
        }));
    }

    /**
     * Sums every column back into the image position it was read from; the adjoint of
     * {@link #unfold(double[], double[], int, int, int, int, int[], int, int, int)}. Taps in the padding are dropped.
     *
     * @param cols the columns, {@code n * c * kh * kw * oh * ow} values
     * @param x written in full, {@code n * c * h * w} values
     * @param n batch size
     * @param c channels
     * @param h height
     * @param w width
     * @param g the geometry {@code {kh, kw, sh, sw, ph, pw, dh, dw}}
     * @param oh output height
     * @param ow output width
     * @param threads how many threads may work, the caller's included
     */
    public static void fold(double[] cols, double[] x, int n, int c, int h, int w, int[] g, int oh, int ow,
            int threads) {
        Parallel.forEach(threads, n, b -> {
            Arrays.fill(x, b * c * h * w, (b + 1) * c * h * w, 0.0);
            walk(b, c, h, w, g, oh, ow, (at, img, lo, hi, sw) -> {
                for (int j = lo, i = img; j < hi; j++, i += sw) {
                    x[i] += cols[at + j];
                }
            });
        });
    }

    /**
     * Sums float32 columns back into float32 images, the float32 twin of
     * {@link #fold(double[], double[], int, int, int, int, int[], int, int, int)}: each addition
     * rounds to float32, as a float32 product's sums do, in the same fixed order.
     *
     * @param cols the columns, {@code n * c * kh * kw * oh * ow} values
     * @param x written in full, {@code n * c * h * w} values
     * @param n batch size
     * @param c channels
     * @param h height
     * @param w width
     * @param g the geometry {@code {kh, kw, sh, sw, ph, pw, dh, dw}}
     * @param oh output height
     * @param ow output width
     * @param threads how many threads may work, the caller's included
     */
    public static void fold(float[] cols, float[] x, int n, int c, int h, int w, int[] g, int oh, int ow,
            int threads) {
        Parallel.forEach(threads, n, b -> {
            Arrays.fill(x, b * c * h * w, (b + 1) * c * h * w, 0f);
            walk(b, c, h, w, g, oh, ow, (at, img, lo, hi, sw) -> {
                for (int j = lo, i = img; j < hi; j++, i += sw) {
                    x[i] += cols[at + j];
                }
            });
        });
    }

    /**
     * One stretch of a column row: output positions {@code [at, at + ow)} of one (row, output row),
     * of which {@code [lo, hi)} read the image at {@code img, img + sw, ...} and the rest lie in
     * the padding ({@code lo == hi} when the whole output row does).
     */
    private interface Stretch {
        void visit(int at, int img, int lo, int hi, int sw);
    }

    /**
     * The one visit of image {@code b}'s (column row, output row) stretches that unfold copies and
     * fold sums, so the two stay each other's adjoint by construction. The range of output
     * columns that read inside the image is solved once per stretch, so the element loops carry
     * no bounds test and a stride-1 copy is one {@code arraycopy}.
     */
    private static void walk(int b, int c, int h, int w, int[] g, int oh, int ow, Stretch s) {
        int kh = g[0];
        int kw = g[1];
        int sh = g[2];
        int sw = g[3];
        int l = oh * ow;
        int row = b * c * kh * kw;
        for (int ci = 0; ci < c; ci++) {
            int plane = (b * c + ci) * h * w;
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    // Output column oj reads image column oj * sw + off.
                    int off = kj * g[7] - g[5];
                    int lo = off >= 0 ? 0 : Math.min(ow, (-off + sw - 1) / sw);
                    int hi = w - 1 - off < 0 ? 0 : Math.min(ow, (w - 1 - off) / sw + 1);
                    hi = Math.max(hi, lo);
                    int base = row * l;
                    for (int oi = 0; oi < oh; oi++) {
                        int ii = oi * sh - g[4] + ki * g[6];
                        int at = base + oi * ow;
                        if (ii < 0 || ii >= h) {
                            s.visit(at, 0, 0, 0, sw);
                        } else {
                            s.visit(at, hi > lo ? plane + ii * w + lo * sw + off : 0, lo, hi, sw);
                        }
                    }
                    row++;
                }
            }
        }
    }
}
