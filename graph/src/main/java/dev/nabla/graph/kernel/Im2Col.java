// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.Arrays;

/**
 * The loops of unfold (im2col) and its adjoint fold (col2im) over flat row-major arrays.
 *
 * <p>An image batch is {@code [n, c, h, w]}; its columns are {@code [n, c * kh * kw, oh * ow]},
 * row {@code (ci * kh + ki) * kw + kj} holding tap {@code (ki, kj)} of channel {@code ci} for each
 * output position. The geometry is passed as {@code int[] g = {kh, kw, sh, sw, ph, pw, dh, dw}}
 * (kernel, stride, padding, dilation), since this package knows no graph type. Fold visits the
 * columns in one fixed order, so its sums do not depend on anything but the shapes.
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
     */
    public static void unfold(double[] x, double[] cols, int n, int c, int h, int w, int[] g, int oh, int ow) {
        walk(x, cols, n, c, h, w, g, oh, ow, false);
    }

    /**
     * Sums every column back into the image position it was read from; the adjoint of
     * {@link #unfold}. Taps in the padding are dropped.
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
     */
    public static void fold(double[] cols, double[] x, int n, int c, int h, int w, int[] g, int oh, int ow) {
        Arrays.fill(x, 0, n * c * h * w, 0.0);
        walk(x, cols, n, c, h, w, g, oh, ow, true);
    }

    /**
     * The one visit of every (image position, column entry) pair that unfold copies and fold sums,
     * so the two stay each other's adjoint by construction. {@code fold} is the same for a whole call,
     * so the branches on it are always predicted alike.
     */
    private static void walk(double[] x, double[] cols, int n, int c, int h, int w, int[] g, int oh, int ow,
            boolean fold) {
        int kh = g[0];
        int kw = g[1];
        int l = oh * ow;
        int row = 0;
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < c; ci++) {
                int plane = (b * c + ci) * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int base = row * l;
                        for (int oi = 0; oi < oh; oi++) {
                            int ii = oi * g[2] - g[4] + ki * g[6];
                            int at = base + oi * ow;
                            if (ii < 0 || ii >= h) {
                                if (!fold) {
                                    Arrays.fill(cols, at, at + ow, 0.0);
                                }
                                continue;
                            }
                            int img = plane + ii * w;
                            for (int oj = 0; oj < ow; oj++) {
                                int jj = oj * g[3] - g[5] + kj * g[7];
                                boolean inside = jj >= 0 && jj < w;
                                if (fold) {
                                    if (inside) {
                                        x[img + jj] += cols[at + oj];
                                    }
                                } else {
                                    cols[at + oj] = inside ? x[img + jj] : 0.0;
                                }
                            }
                        }
                        row++;
                    }
                }
            }
        }
    }
}
