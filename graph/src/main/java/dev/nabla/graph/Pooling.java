// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Window;
import java.util.List;

/**
 * The front end for pooling over image batches {@code [N, C, H, W]} and sequence batches
 * {@code [N, C, L]}, as PyTorch's {@code max_pool2d}, {@code avg_pool1d}, ... (with
 * {@code ceil_mode=False}): each is {@link Convolutions#unfold} followed by a max, sum or mean over
 * the taps of each window, so every gradient, to any order, is made of graph ops.
 *
 * <p>A functional front end, as {@code torch.nn.functional} is: these ops have no fluent twins on
 * {@link Node}. The batch size {@code N} may be unknown until run time; channels and spatial sizes
 * must be known. As in PyTorch, the padding may be at most half the kernel, so that no window holds
 * only padding. A 1-D pool is the 2-D one over images of height 1.
 * Usage: {@code Node y = Pooling.maxPool2d(x, 2, 2, 0);}
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Max pooling over 2-D windows; padding reads -infinity, as in PyTorch, so it never wins. At a
     * tie the gradient is split evenly among the tied elements of the window (two tied elements get
     * half each), the rule of {@link Reductions#max}; a value that wins in several overlapping
     * windows collects its share from each.
     *
     * @param x images {@code [N, C, H, W]}
     * @param kernel window size on both axes, at least 1
     * @param stride stride on both axes, at least 1 (PyTorch's default is the kernel size)
     * @param padding padding on every side, at most half the kernel
     * @return {@code [N, C, Ho, Wo]}, {@code Ho = (H + 2*padding - kernel) / stride + 1}
     * @throws ShapeException if x is not rank 4, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node maxPool2d(Node x, int kernel, int stride, int padding) {
        requireRank("maxPool2d", x, 4, "images [N, C, H, W]");
        return pool("maxPool2d", x, x, kernel, kernel, stride, stride, padding, padding, Mode.MAX);
    }

    /**
     * Max pooling over windows of a sequence, with the padding and tie rule of {@link #maxPool2d}.
     *
     * @param x sequences {@code [N, C, L]}
     * @param kernel window length, at least 1
     * @param stride stride, at least 1 (PyTorch's default is the kernel size)
     * @param padding padding at each end, at most half the kernel
     * @return {@code [N, C, Lo]}, {@code Lo = (L + 2*padding - kernel) / stride + 1}
     * @throws ShapeException if x is not rank 3, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node maxPool1d(Node x, int kernel, int stride, int padding) {
        return pool1d("maxPool1d", x, kernel, stride, padding, Mode.MAX);
    }

    /**
     * Average pooling over 2-D windows with the zero padding counted in the average: every output
     * divides by kernel * kernel ({@code count_include_pad=True}, PyTorch's default).
     *
     * @param x images {@code [N, C, H, W]}
     * @param kernel window size on both axes, at least 1
     * @param stride stride on both axes, at least 1
     * @param padding zeros on every side, at most half the kernel
     * @return {@code [N, C, Ho, Wo]}
     * @throws ShapeException if x is not rank 4, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node avgPool2d(Node x, int kernel, int stride, int padding) {
        return avgPool2d(x, kernel, stride, padding, true);
    }

    /**
     * Average pooling over 2-D windows, the padding counted or not.
     *
     * @param x images {@code [N, C, H, W]}
     * @param kernel window size on both axes, at least 1
     * @param stride stride on both axes, at least 1
     * @param padding zeros on every side, at most half the kernel
     * @param countIncludePad true to divide every window by kernel * kernel, as PyTorch's default;
     *     false to divide each by the number of real (non-padding) elements it covers, as PyTorch's
     *     {@code count_include_pad=False}
     * @return {@code [N, C, Ho, Wo]}
     * @throws ShapeException if x is not rank 4, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node avgPool2d(Node x, int kernel, int stride, int padding, boolean countIncludePad) {
        requireRank("avgPool2d", x, 4, "images [N, C, H, W]");
        return pool("avgPool2d", x, x, kernel, kernel, stride, stride, padding, padding,
                countIncludePad ? Mode.MEAN : Mode.REAL_MEAN);
    }

    /**
     * Average pooling over windows of a sequence with the zero padding counted, as PyTorch's default.
     *
     * @param x sequences {@code [N, C, L]}
     * @param kernel window length, at least 1
     * @param stride stride, at least 1
     * @param padding zeros at each end, at most half the kernel
     * @return {@code [N, C, Lo]}
     * @throws ShapeException if x is not rank 3, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node avgPool1d(Node x, int kernel, int stride, int padding) {
        return avgPool1d(x, kernel, stride, padding, true);
    }

    /**
     * Average pooling over windows of a sequence, the padding counted or not.
     *
     * @param x sequences {@code [N, C, L]}
     * @param kernel window length, at least 1
     * @param stride stride, at least 1
     * @param padding zeros at each end, at most half the kernel
     * @param countIncludePad true to divide every window by the kernel length; false to divide each
     *     by the number of real elements it covers
     * @return {@code [N, C, Lo]}
     * @throws ShapeException if x is not rank 3, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node avgPool1d(Node x, int kernel, int stride, int padding, boolean countIncludePad) {
        return pool1d("avgPool1d", x, kernel, stride, padding, countIncludePad ? Mode.MEAN : Mode.REAL_MEAN);
    }

    /**
     * Global average pooling: the mean of each channel over its whole image.
     *
     * @param x images {@code [N, C, H, W]}
     * @return {@code [N, C]}
     * @throws ShapeException if x is not rank 4
     */
    public static Node globalAvgPool(Node x) {
        requireRank("globalAvgPool", x, 4, "images [N, C, H, W]");
        return Reductions.mean(x, false, 2, 3);
    }

    /** What a pool computes over the taps of each window. */
    private enum Mode {
        /** The largest tap; padding reads -infinity. */
        MAX,
        /** The mean of all taps, padding read as 0 and counted. */
        MEAN,
        /** The sum of the taps over the number of real elements in the window. */
        REAL_MEAN
    }

    private static Node pool1d(String op, Node x, int kernel, int stride, int padding, Mode mode) {
        requireRank(op, x, 3, "sequences [N, C, L]");
        Shape s = x.shape();
        Node y = pool(op, x, x.reshape(-1, s.dim(1), 1, s.dim(2)), 1, kernel, 1, stride, 0, padding, mode);
        return y.reshape(-1, s.dim(1), y.shape().dim(3));
    }

    /** Pools images {@code x4}; {@code user} is the node the user passed, for messages. */
    private static Node pool(String op, Node user, Node x4, int kh, int kw, int sh, int sw, int ph, int pw,
            Mode mode) {
        List<Node> operands = List.of(user);
        Window padded = Convolutions.window(op, operands, kh, kw, sh, sw, ph, pw, 1, 1);
        if (ph > kh / 2 || pw > kw / 2) {
            int p = Math.max(ph, pw);
            throw ShapeException.of(op, operands, "padding " + p + " exceeds half the kernel (" + Math.max(kh, kw)
                    + " / 2); a window would hold only padding", CallSite.capture());
        }
        Shape s = x4.shape();
        Convolutions.requireFit(op, operands, "height", s.dim(2), kh, 1, ph, ph);
        Convolutions.requireFit(op, operands, Convolutions.widthName(op), s.dim(3), kw, 1, pw, pw);
        int[] out = Convolutions.outSize(op, operands, padded, s);
        int positions = out[0] * out[1];
        Node r;
        if (mode == Mode.MAX) {
            // Padding must never win, so it is -infinity copied in rather than the window's zeros.
            double low = Double.NEGATIVE_INFINITY;
            Node in = Convolutions.padOneSide(Convolutions.padOneSide(x4, 2, ph, ph, low), 3, pw, pw, low);
            Window unpadded = Convolutions.window(op, operands, kh, kw, sh, sw, 0, 0, 1, 1);
            r = Reductions.max(taps(in, unpadded, positions), false, 2);
        } else if (mode == Mode.MEAN) {
            r = Reductions.mean(taps(x4, padded, positions), false, 2);
        } else {
            double[] real = realCounts(s.dim(2), s.dim(3), padded, out);
            r = Reductions.sum(taps(x4, padded, positions), false, 2)
                    .div(x4.graph().constant(Tensor.fromArray(real, positions)));
        }
        return r.reshape(-1, s.dim(1), out[0], out[1]);
    }

    /** The taps of every window, {@code [N, C, kH*kW, positions]}. */
    private static Node taps(Node x4, Window win, int positions) {
        return Convolutions.unfold(x4, win).reshape(-1, x4.shape().dim(1), win.taps(), positions);
    }

    /**
     * How many real elements each window covers, row-major over the output positions: the product of
     * the counts along the two axes. Fixed by the shapes, so it is a constant of the graph, and the
     * average's derivatives are those of a sum divided by a constant.
     */
    private static double[] realCounts(int h, int w, Window win, int[] out) {
        double[] counts = new double[out[0] * out[1]];
        for (int i = 0; i < out[0]; i++) {
            int rows = covered(i * win.strideH() - win.padH(), win.kernelH(), h);
            for (int j = 0; j < out[1]; j++) {
                counts[i * out[1] + j] = rows * covered(j * win.strideW() - win.padW(), win.kernelW(), w);
            }
        }
        return counts;
    }

    /** How many of the indices {@code start .. start + kernel - 1} fall in {@code [0, n)}. */
    private static int covered(int start, int kernel, int n) {
        return Math.min(start + kernel, n) - Math.max(start, 0);
    }

    private static void requireRank(String op, Node x, int rank, String what) {
        Ops.requireOperand(op, x, 0);
        Shape s = x.shape();
        if (s.rank() != rank) {
            throw ShapeException.of(op, List.of(x), "the input must be " + what + " (rank " + rank + ")",
                    CallSite.capture());
        }
        Convolutions.requireKnown(op, List.of(x), s, "the input's sizes after the batch", 1);
    }
}
