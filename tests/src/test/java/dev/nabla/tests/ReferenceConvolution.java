// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.graph.Padding;
import dev.nabla.graph.Tensor;

/** Plain loops that say what convolution and pooling compute, for the tests to hold the graph ops against. */
final class ReferenceConvolution {
    /** What a reference pool computes: the max, the sum over kh*kw, or the sum over the real elements. */
    enum Mode { MAX, COUNTED, REAL }

    private ReferenceConvolution() {}

    /**
     * The cross-correlation of images {@code [N, C, H, W]} with a kernel {@code [O, C/groups, kH, kW]}.
     *
     * @param stride the vertical and horizontal strides
     * @param dilation the vertical and horizontal dilations
     */
    static double[] conv(Tensor x, Tensor w, int[] stride, Padding pad, int[] dilation, int groups) {
        int[] xd = x.shape().dims();
        int[] wd = w.shape().dims();
        double[] xv = x.toArray();
        double[] wv = w.toArray();
        int oh = (xd[2] + pad.top() + pad.bottom() - dilation[0] * (wd[2] - 1) - 1) / stride[0] + 1;
        int ow = (xd[3] + pad.left() + pad.right() - dilation[1] * (wd[3] - 1) - 1) / stride[1] + 1;
        int outPerGroup = wd[0] / groups;
        double[] y = new double[xd[0] * wd[0] * oh * ow];
        int at = 0;
        for (int n = 0; n < xd[0]; n++) {
            for (int o = 0; o < wd[0]; o++) {
                int first = (o / outPerGroup) * wd[1];
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = 0;
                        for (int ci = 0; ci < wd[1]; ci++) {
                            for (int ki = 0; ki < wd[2]; ki++) {
                                for (int kj = 0; kj < wd[3]; kj++) {
                                    int ii = i * stride[0] - pad.top() + ki * dilation[0];
                                    int jj = j * stride[1] - pad.left() + kj * dilation[1];
                                    if (ii >= 0 && ii < xd[2] && jj >= 0 && jj < xd[3]) {
                                        sum += xv[((n * xd[1] + first + ci) * xd[2] + ii) * xd[3] + jj]
                                                * wv[((o * wd[1] + ci) * wd[2] + ki) * wd[3] + kj];
                                    }
                                }
                            }
                        }
                        y[at++] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The pool of images {@code [N, C, H, W]} over kh x kw windows; 1-D cases pass height 1, kh 1 and ph 0. */
    static double[] pool(Tensor x, int kh, int kw, int s, int ph, int pw, Mode mode) {
        int[] d = x.shape().dims();
        double[] xv = x.toArray();
        int oh = (d[2] + 2 * ph - kh) / s + 1;
        int ow = (d[3] + 2 * pw - kw) / s + 1;
        double[] y = new double[d[0] * d[1] * oh * ow];
        int at = 0;
        for (int nc = 0; nc < d[0] * d[1]; nc++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = mode == Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
                    int real = 0;
                    for (int ki = 0; ki < kh; ki++) {
                        for (int kj = 0; kj < kw; kj++) {
                            int ii = i * s - ph + ki;
                            int jj = j * s - pw + kj;
                            if (ii >= 0 && ii < d[2] && jj >= 0 && jj < d[3]) {
                                double v = xv[(nc * d[2] + ii) * d[3] + jj];
                                acc = mode == Mode.MAX ? Math.max(acc, v) : acc + v;
                                real++;
                            }
                        }
                    }
                    y[at++] = mode == Mode.MAX ? acc : acc / (mode == Mode.COUNTED ? kh * kw : real);
                }
            }
        }
        return y;
    }
}
