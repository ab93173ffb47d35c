// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Fold;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Window;
import java.util.List;

/**
 * The front end for convolution over image batches {@code [N, C, H, W]} (NCHW, as in PyTorch) and
 * sequence batches {@code [N, C, L]}: the primitives {@link #unfold} and {@link #fold}, and the
 * convolutions built from them, so every gradient, to any order, is made of unfold, fold, pad,
 * matmul, reshape and reductions. {@link Pooling} builds the pools on the same primitives.
 *
 * <p>A functional front end, as {@code torch.nn.functional} is: these ops have no fluent twins on
 * {@link Node}. The batch size {@code N} may be unknown until run time; channels and spatial sizes
 * must be known. Spatial hyperparameters given as one int apply to both height and width.
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
     * A 2-D convolution (cross-correlation, as in PyTorch's {@code conv2d}) without bias, with the
     * same zero padding on every side.
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
        return conv2d(x, w, stride, padding("conv2d", List.of(x, w), padding, padding, padding, padding), dilation,
                groups);
    }

    /**
     * A 2-D convolution without bias with zero padding given per side, for PyTorch's
     * {@code padding='same'} ({@link Padding#same}) or any uneven padding. The even part of each
     * axis's padding is read by the window; only the remainder on one side is copied in by a pad.
     *
     * @param x images {@code [N, C, H, W]}
     * @param w weights {@code [O, C/groups, kH, kW]}
     * @param stride stride on both axes, at least 1
     * @param padding zeros above, below, left and right
     * @param dilation spacing of kernel taps, at least 1
     * @param groups how many groups the channels split into; divides C and O
     * @return {@code [N, O, Ho, Wo]}, {@code Ho = (H + top + bottom - dilation*(kH-1) - 1) / stride + 1}
     * @throws ShapeException if shapes, groups or the window do not fit
     */
    public static Node conv2d(Node x, Node w, int stride, Padding padding, int dilation, int groups) {
        Ops.requireOperand("conv2d", x, 0);
        Ops.requireOperand("conv2d", w, 1);
        Arguments.requireNonNull("conv2d", "padding", padding);
        if (w.shape().rank() != 4) {
            throw ShapeException.of("conv2d", List.of(x, w), "the weights must be [O, C/groups, kH, kW] (rank 4)",
                    CallSite.capture());
        }
        return convolve("conv2d", List.of(x, w), x, w, stride, padding, dilation, groups);
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
        return conv1d(x, w, stride, padding, padding, dilation, groups);
    }

    /**
     * A 1-D convolution without bias with different zero padding at the two ends; PyTorch's
     * {@code padding='same'} is {@code Padding.same(1, k, dilation)}'s left and right.
     *
     * @param x sequences {@code [N, C, L]}
     * @param w weights {@code [O, C/groups, k]}
     * @param stride stride, at least 1
     * @param left zeros before the first element, at least 0
     * @param right zeros after the last element, at least 0
     * @param dilation spacing of kernel taps, at least 1
     * @param groups how many groups the channels split into; divides C and O
     * @return {@code [N, O, Lo]}, {@code Lo = (L + left + right - dilation*(k-1) - 1) / stride + 1}
     * @throws ShapeException if shapes, groups or the window do not fit
     */
    public static Node conv1d(Node x, Node w, int stride, int left, int right, int dilation, int groups) {
        Ops.requireOperand("conv1d", x, 0);
        Ops.requireOperand("conv1d", w, 1);
        List<Node> both = List.of(x, w);
        if (x.shape().rank() != 3 || w.shape().rank() != 3) {
            throw ShapeException.of("conv1d", both, "needs input [N, C, L] and weights [O, C/groups, k] "
                    + "(both rank 3)", CallSite.capture());
        }
        requireKnown("conv1d", both, x.shape(), "the input's C and L", 1);
        requireKnown("conv1d", both, w.shape(), "the weights' sizes", 0);
        Padding sides = padding("conv1d", both, 0, 0, left, right);
        int[] xd = x.shape().dims();
        int[] wd = w.shape().dims();
        Node y = convolve("conv1d", both, x.reshape(-1, xd[1], 1, xd[2]), w.reshape(wd[0], wd[1], 1, wd[2]), stride,
                sides, dilation, groups);
        return y.reshape(-1, y.shape().dim(1), y.shape().dim(3));
    }

    /** Convolves images x with 4-D weights w; {@code both} are the user's operands, for messages. */
    private static Node convolve(String op, List<Node> both, Node x, Node w, int stride, Padding pad, int dilation,
            int groups) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        if (xs.rank() != 4) {
            throw ShapeException.of(op, both, "the input must be images [N, C, H, W] (rank 4)", CallSite.capture());
        }
        requireGroups(op, both, xs, ws, groups);
        int c = xs.dim(1);
        int o = ws.dim(0);
        // The window reads the even part of each axis's padding as zeros without a copy; a pad adds the rest.
        int ph = Math.min(pad.top(), pad.bottom());
        int pw = Math.min(pad.left(), pad.right());
        Window win = window(op, both, ws.dim(2), ws.dim(3), stride, stride, ph, pw, dilation, dilation);
        requireFit(op, both, "height", xs.dim(2), ws.dim(2), dilation, pad.top(), pad.bottom());
        requireFit(op, both, widthName(op), xs.dim(3), ws.dim(3), dilation, pad.left(), pad.right());
        Node padded = padOneSide(padOneSide(x, 2, pad.top() - ph, pad.bottom() - ph, 0.0), 3, pad.left() - pw,
                pad.right() - pw, 0.0);
        int[] out = outSize(op, both, win, padded.shape());
        int ho = out[0];
        int wo = out[1];
        Node cols = unfold(padded, win);
        int k = (c / groups) * win.taps();
        Node y;
        if (groups == 1) {
            y = Ops.matmul(w.reshape(o, k), cols);
        } else {
            // [g, O/g, K'] . [N, g, K', L]: one product per group, broadcast over the batch.
            y = Ops.matmul(w.reshape(groups, o / groups, k), cols.reshape(-1, groups, k, ho * wo));
        }
        return y.reshape(-1, o, ho, wo);
    }

    /** Refuses unknown sizes, groups that do not divide the channels and outputs, and weights of the wrong width. */
    private static void requireGroups(String op, List<Node> both, Shape xs, Shape ws, int groups) {
        requireKnown(op, both, xs, "the input's C, H and W", 1);
        requireKnown(op, both, ws, "the weights' sizes", 0);
        int c = xs.dim(1);
        int o = ws.dim(0);
        if (groups < 1 || c % groups != 0 || o % groups != 0) {
            throw ShapeException.of(op, both, "groups (" + groups + ") must be at least 1 and divide the input's "
                    + c + " channels and the weights' " + o + " outputs", CallSite.capture());
        }
        if (ws.dim(1) != c / groups) {
            throw ShapeException.of(op, both, "axis 1 of the weights (" + ws.dim(1) + ") must be channels / groups = "
                    + c + " / " + groups + " = " + c / groups, CallSite.capture());
        }
    }

    /** x with {@code before} and {@code after} entries of {@code value} added on one axis; x itself if both are 0. */
    static Node padOneSide(Node x, int axis, int before, int after, double value) {
        return before == 0 && after == 0 ? x : Indexing.pad(x, axis, before, after, value);
    }

    /** What the last axis is called in messages: a sequence's length, an image's width. */
    static String widthName(String op) {
        return op.endsWith("1d") ? "length" : "width";
    }

    /** The per-side padding, a negative side reported as the user's op on its operands. */
    private static Padding padding(String op, List<Node> operands, int top, int bottom, int left, int right) {
        try {
            return new Padding(top, bottom, left, right);
        } catch (ShapeException e) {
            throw ShapeException.of(op, operands, e.getMessage(), CallSite.capture());
        }
    }

    /** Refuses a dilated kernel longer than one axis of the input with its padding, naming the axis and the sizes. */
    static void requireFit(String op, List<Node> operands, String axis, int n, int kernel, int dilation, int before,
            int after) {
        long span = (long) dilation * (kernel - 1) + 1;
        long padded = (long) n + before + after;
        if (span > padded) {
            String sum = before == after ? n + " + 2*" + before : n + " + " + before + " + " + after;
            throw ShapeException.of(op, operands, "the kernel's " + axis + " (" + kernel + " taps, dilation " + dilation
                    + ", spanning " + span + ") is larger than the padded input's " + axis + " (" + sum + " = "
                    + padded + ")", CallSite.capture());
        }
    }

    /** Refuses a shape with an unknown size from axis {@code from} on, naming which sizes must be known. */
    static void requireKnown(String op, List<Node> operands, Shape s, String what, int from) {
        for (int a = from; a < s.rank(); a++) {
            if (s.dim(a) == Shape.UNKNOWN) {
                throw ShapeException.of(op, operands, what + " must be known when the node is built; axis " + a
                        + " is unknown", CallSite.capture());
            }
        }
    }

    /** The output height and width, a kernel larger than the padded input reported as the user's op. */
    static int[] outSize(String op, List<Node> operands, Window win, Shape images) {
        try {
            return new int[] {win.outH(op, images.dim(2)), win.outW(op, images.dim(3))};
        } catch (ShapeException e) {
            throw ShapeException.of(op, operands, e.getMessage(), CallSite.capture());
        }
    }

    /** A window, with its own complaint (a non-positive stride, ...) reported as the user's op on its operands. */
    static Window window(String op, List<Node> operands, int kh, int kw, int sh, int sw, int ph, int pw,
            int dh, int dw) {
        try {
            return new Window(kh, kw, sh, sw, ph, pw, dh, dw);
        } catch (ShapeException e) {
            throw ShapeException.of(op, operands, e.getMessage(), CallSite.capture());
        }
    }
}
