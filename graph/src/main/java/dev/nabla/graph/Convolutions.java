// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Fold;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Window;
import java.util.List;

/**
 * The front end for convolution and pooling over image batches {@code [N, C, H, W]} (NCHW, as in
 * PyTorch): the primitives {@link #unfold} and {@link #fold}, and composites built from them, so
 * every gradient, to any order, is made of unfold, fold, matmul, reshape and reductions.
 *
 * <p>The batch size {@code N} may be unknown until run time; channels and spatial sizes must be
 * known. Spatial hyperparameters given as one int apply to both height and width.
 * Usage: {@code Node y = Convolutions.conv2d(x, w, 1, 1, 1, 1);}
 */
public final class Convolutions {
    private Convolutions() {}

    /**
     * Cuts every window of an image batch into a column (im2col), for convolutions and pooling.
     *
     * @param x images {@code [N, C, H, W]}
     * @param window kernel, stride, padding (read as 0) and dilation
     * @return columns {@code [N, C*kH*kW, Ho*Wo]}, row {@code (c*kH + i)*kW + j} holding tap {@code (i, j)} of channel {@code c}
     * @throws ShapeException if x is not rank 4 or the dilated kernel is larger than the padded input
     */
    public static Node unfold(Node x, Window window) {
        Ops.requireOperand("unfold", x, 0);
        Arguments.requireNonNull("unfold", "window", window);
        return Ops.apply(new Unfold(window), x);
    }

    /**
     * Sums columns back into the image positions they were cut from (col2im), the adjoint of {@link #unfold}.
     *
     * @param cols columns {@code [N, C*kH*kW, Ho*Wo]}
     * @param height the image height
     * @param width the image width
     * @param window the window the columns were cut with
     * @return images {@code [N, C, height, width]}, overlapping windows summed
     * @throws ShapeException if the columns do not match that window over that image size
     */
    public static Node fold(Node cols, int height, int width, Window window) {
        Ops.requireOperand("fold", cols, 0);
        Arguments.requireNonNull("fold", "window", window);
        Fold op;
        try {
            op = new Fold(height, width, window);
        } catch (ShapeException e) {
            throw ShapeException.of("fold", List.of(cols), e.getMessage(), CallSite.capture());
        }
        return Ops.apply(op, cols);
    }

    /**
     * A 2-D convolution (cross-correlation, as in PyTorch's {@code conv2d}) without bias: unfold,
     * then one matrix product per group.
     *
     * @param x images {@code [N, C, H, W]}
     * @param w weights {@code [O, C/groups, kH, kW]}
     * @param stride stride on both axes, at least 1
     * @param padding zeros on every side, at least 0
     * @param dilation spacing of kernel taps, at least 1
     * @param groups how many groups the channels split into; divides C and O
     * @return {@code [N, O, Ho, Wo]}
     * @throws ShapeException if shapes, groups or the window do not fit
     */
    public static Node conv2d(Node x, Node w, int stride, int padding, int dilation, int groups) {
        Ops.requireOperand("conv2d", x, 0);
        Ops.requireOperand("conv2d", w, 1);
        if (w.shape().rank() != 4) {
            throw ShapeException.of("conv2d", List.of(x, w), "the weights must be [O, C/groups, kH, kW] (rank 4)",
                    CallSite.capture());
        }
        int[] k = w.shape().dims();
        return convolve("conv2d", x, w, window("conv2d", List.of(x, w), k[2], k[3], stride, stride, padding, padding,
                dilation, dilation), groups);
    }

    /**
     * A 1-D convolution without bias, as a 2-D one over images of height 1.
     *
     * @param x sequences {@code [N, C, L]}
     * @param w weights {@code [O, C/groups, k]}
     * @param stride stride, at least 1
     * @param padding zeros at each end, at least 0
     * @param dilation spacing of kernel taps, at least 1
     * @param groups how many groups the channels split into; divides C and O
     * @return {@code [N, O, Lo]}
     * @throws ShapeException if shapes, groups or the window do not fit
     */
    public static Node conv1d(Node x, Node w, int stride, int padding, int dilation, int groups) {
        Ops.requireOperand("conv1d", x, 0);
        Ops.requireOperand("conv1d", w, 1);
        if (x.shape().rank() != 3 || w.shape().rank() != 3) {
            throw ShapeException.of("conv1d", List.of(x, w), "needs input [N, C, L] and weights [O, C/groups, k] "
                    + "(both rank 3)", CallSite.capture());
        }
        int[] xd = x.shape().dims();
        int[] wd = w.shape().dims();
        Window win = window("conv1d", List.of(x, w), 1, wd[2], 1, stride, 0, padding, 1, dilation);
        Node y = convolve("conv1d", x.reshape(-1, xd[1], 1, xd[2]), w.reshape(wd[0], wd[1], 1, wd[2]), win, groups);
        return y.reshape(-1, y.shape().dim(1), y.shape().dim(3));
    }

    /**
     * Max pooling over 2-D windows; padding reads -infinity, as in PyTorch, so it never wins. At a
     * tie the gradient is split evenly among the tied elements of the window, the rule of
     * {@link Reductions#max}.
     *
     * @param x images {@code [N, C, H, W]}
     * @param kernel window size on both axes, at least 1
     * @param stride stride on both axes, at least 1 (PyTorch's default is the kernel size)
     * @param padding padding on every side, at most half the kernel so no window is all padding
     * @return {@code [N, C, Ho, Wo]}
     * @throws ShapeException if x is not rank 4, the padding exceeds half the kernel, or the window does not fit
     */
    public static Node maxPool2d(Node x, int kernel, int stride, int padding) {
        requireImages("maxPool2d", x);
        if (padding > kernel / 2) {
            throw ShapeException.of("maxPool2d", List.of(x), "padding " + padding + " exceeds half the kernel ("
                    + kernel + " / 2); a window would hold only padding", CallSite.capture());
        }
        Node padded = x;
        if (padding > 0) {
            double low = Double.NEGATIVE_INFINITY;
            padded = Indexing.pad(Indexing.pad(x, 2, padding, padding, low), 3, padding, padding, low);
        }
        Window win = window("maxPool2d", List.of(x), kernel, kernel, stride, stride, 0, 0, 1, 1);
        return pool("maxPool2d", padded, win, true);
    }

    /**
     * Average pooling over 2-D windows with zero padding counted in the average
     * ({@code count_include_pad=True}, PyTorch's default).
     *
     * @param x images {@code [N, C, H, W]}
     * @param kernel window size on both axes, at least 1
     * @param stride stride on both axes, at least 1
     * @param padding zeros on every side, at least 0
     * @return {@code [N, C, Ho, Wo]}
     * @throws ShapeException if x is not rank 4 or the window does not fit
     */
    public static Node avgPool2d(Node x, int kernel, int stride, int padding) {
        requireImages("avgPool2d", x);
        Window win = window("avgPool2d", List.of(x), kernel, kernel, stride, stride, padding, padding, 1, 1);
        return pool("avgPool2d", x, win, false);
    }

    /**
     * Global average pooling: the mean of each channel over its whole image.
     *
     * @param x images {@code [N, C, H, W]}
     * @return {@code [N, C]}
     * @throws ShapeException if x is not rank 4
     */
    public static Node globalAvgPool(Node x) {
        requireImages("globalAvgPool", x);
        return Reductions.mean(x, false, 2, 3);
    }

    private static Node convolve(String op, Node x, Node w, Window win, int groups) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        List<Node> both = List.of(x, w);
        if (xs.rank() != 4) {
            throw ShapeException.of(op, both, "the input must be images [N, C, H, W] (rank 4)", CallSite.capture());
        }
        int c = xs.dim(1);
        int o = ws.dim(0);
        if (groups < 1 || c == Shape.UNKNOWN || c % groups != 0 || o % groups != 0) {
            throw ShapeException.of(op, both, "groups (" + groups + ") must be at least 1 and divide the input's "
                    + c + " channels and the weights' " + o + " outputs", CallSite.capture());
        }
        if (ws.dim(1) != c / groups) {
            throw ShapeException.of(op, both, "axis 1 of the weights (" + ws.dim(1) + ") must be channels / groups = "
                    + c + " / " + groups + " = " + c / groups, CallSite.capture());
        }
        int[] out = outSize(op, both, win, xs);
        int ho = out[0];
        int wo = out[1];
        Node cols = unfold(x, win);
        int positions = ho * wo;
        int k = (c / groups) * win.taps();
        Node y;
        if (groups == 1) {
            y = Ops.matmul(w.reshape(o, k), cols);
        } else {
            // [g, O/g, K'] . [N, g, K', L]: one product per group, broadcast over the batch.
            y = Ops.matmul(w.reshape(groups, o / groups, k), cols.reshape(-1, groups, k, positions));
        }
        return y.reshape(-1, o, ho, wo);
    }

    private static Node pool(String op, Node x, Window win, boolean max) {
        Shape s = x.shape();
        int[] out = outSize(op, List.of(x), win, s);
        Node cols = unfold(x, win).reshape(-1, s.dim(1), win.taps(), out[0] * out[1]);
        Node r = max ? Reductions.max(cols, false, 2) : Reductions.mean(cols, false, 2);
        return r.reshape(-1, s.dim(1), out[0], out[1]);
    }

    /** The output height and width, a kernel larger than the padded input reported as the user's op. */
    private static int[] outSize(String op, List<Node> operands, Window win, Shape images) {
        try {
            return new int[] {win.outH(op, images.dim(2)), win.outW(op, images.dim(3))};
        } catch (ShapeException e) {
            throw ShapeException.of(op, operands, e.getMessage(), CallSite.capture());
        }
    }

    private static void requireImages(String op, Node x) {
        Ops.requireOperand(op, x, 0);
        Shape s = x.shape();
        if (s.rank() != 4 || s.dim(1) == Shape.UNKNOWN || s.dim(2) == Shape.UNKNOWN || s.dim(3) == Shape.UNKNOWN) {
            throw ShapeException.of(op, List.of(x), "the input must be images [N, C, H, W] with C, H and W known",
                    CallSite.capture());
        }
    }

    /** A window, with its own complaint (a non-positive stride, ...) reported as the user's op on its operands. */
    private static Window window(String op, List<Node> operands, int kh, int kw, int sh, int sw, int ph, int pw,
            int dh, int dw) {
        try {
            return new Window(kh, kw, sh, sw, ph, pw, dh, dw);
        } catch (ShapeException e) {
            throw ShapeException.of(op, operands, e.getMessage(), CallSite.capture());
        }
    }
}
