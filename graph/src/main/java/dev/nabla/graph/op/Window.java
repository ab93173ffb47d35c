// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.ShapeException;

/**
 * The sliding window that {@link Unfold} and {@link Fold} share: kernel size, stride, symmetric
 * zero padding and dilation, per spatial axis (height, then width).
 *
 * <p>Output position {@code o} of an axis reads input index {@code o * stride - padding + k * dilation}
 * for kernel offset {@code k}; indices outside the input read 0.
 *
 * @param kernelH kernel height, at least 1
 * @param kernelW kernel width, at least 1
 * @param strideH vertical stride, at least 1
 * @param strideW horizontal stride, at least 1
 * @param padH rows of zeros above and below, at least 0
 * @param padW columns of zeros left and right, at least 0
 * @param dilationH vertical spacing of kernel taps, at least 1
 * @param dilationW horizontal spacing of kernel taps, at least 1
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        int dilationH, int dilationW) {
    /** Rejects a non-positive kernel, stride or dilation and a negative padding, naming the field. */
    public Window {
        positive("kernel height", kernelH);
        positive("kernel width", kernelW);
        positive("stride height", strideH);
        positive("stride width", strideW);
        positive("dilation height", dilationH);
        positive("dilation width", dilationW);
        if (padH < 0 || padW < 0) {
            throw new ShapeException("window: padding must be at least 0, got (" + padH + ", " + padW + ")");
        }
    }

    /** How many values one window holds. @return kernelH * kernelW */
    public int taps() {
        return kernelH * kernelW;
    }

    /**
     * The number of window positions along the height of an input.
     *
     * @param op the op asking, for the error message
     * @param h the input height
     * @return the output height
     * @throws ShapeException if the dilated kernel is taller than the padded input
     */
    public int outH(String op, int h) {
        Arguments.requireNonNull("Window.outH", "op", op);
        return out(op, "height", h, kernelH, strideH, padH, dilationH);
    }

    /**
     * The number of window positions along the width of an input.
     *
     * @param op the op asking, for the error message
     * @param w the input width
     * @return the output width
     * @throws ShapeException if the dilated kernel is wider than the padded input
     */
    public int outW(String op, int w) {
        Arguments.requireNonNull("Window.outW", "op", op);
        return out(op, "width", w, kernelW, strideW, padW, dilationW);
    }

    @Override
    public String toString() {
        return "kernel=(" + kernelH + ", " + kernelW + "), stride=(" + strideH + ", " + strideW + "), padding=("
                + padH + ", " + padW + "), dilation=(" + dilationH + ", " + dilationW + ")";
    }

    private static int out(String op, String axis, int n, int k, int s, int p, int d) {
        long span = (long) d * (k - 1) + 1;
        long padded = (long) n + 2L * p;
        if (span > padded) {
            throw new ShapeException(op + ": the kernel's " + axis + " (" + k + " taps, dilation " + d + ", spanning "
                    + span + ") is larger than the padded input's " + axis + " (" + n + " + 2*" + p + " = " + padded + ")");
        }
        return (int) ((padded - span) / s + 1);
    }

    private static void positive(String what, int v) {
        if (v < 1) {
            throw new ShapeException("window: " + what + " must be at least 1, got " + v);
        }
    }
}
