// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * The zeros a convolution reads around its images, given per side, for padding that is not the
 * same on both sides of an axis (PyTorch's {@code padding='same'} with an even kernel, or
 * {@code F.pad} before a convolution).
 *
 * <p>Usage: {@code Convolutions.conv2d(x, w, 1, Padding.same(4, 4, 1), 1, 1)} keeps the height and
 * width of x.
 *
 * @param top rows of zeros above, at least 0
 * @param bottom rows of zeros below, at least 0
 * @param left columns of zeros on the left, at least 0
 * @param right columns of zeros on the right, at least 0
 */
public record Padding(int top, int bottom, int left, int right) {
    /** Rejects a negative side, naming it. */
    public Padding {
        nonNegative("top", top);
        nonNegative("bottom", bottom);
        nonNegative("left", left);
        nonNegative("right", right);
    }

    /**
     * The same padding on every side, as PyTorch's {@code padding=p}.
     *
     * @param all zeros on each side, at least 0
     * @return {@code Padding(all, all, all, all)}
     */
    public static Padding of(int all) {
        return new Padding(all, all, all, all);
    }

    /**
     * One padding above and below, another left and right, as PyTorch's {@code padding=(ph, pw)}.
     *
     * @param vertical rows of zeros above and below, at least 0
     * @param horizontal columns of zeros left and right, at least 0
     * @return {@code Padding(vertical, vertical, horizontal, horizontal)}
     */
    public static Padding of(int vertical, int horizontal) {
        return new Padding(vertical, vertical, horizontal, horizontal);
    }

    /**
     * The padding that keeps a stride-1 convolution's output as large as its input, by PyTorch's
     * rule for {@code padding='same'} ({@code _ConvNd.__init__} in {@code torch/nn/modules/conv.py},
     * and {@code _convolution_mode} in ATen): per axis the total is {@code dilation * (kernel - 1)},
     * the top (left) side gets {@code total / 2} rounded down and the bottom (right) side the rest, so
     * an odd total puts its extra row at the bottom and its extra column on the right. PyTorch refuses
     * {@code 'same'} with a stride above 1; here the result is just four numbers, so a strided
     * convolution would use them as given.
     *
     * @param kernelH the kernel's height, at least 1 (1 for a 1-D convolution)
     * @param kernelW the kernel's width, at least 1
     * @param dilation spacing of kernel taps on both axes, at least 1
     * @return the per-side padding
     */
    public static Padding same(int kernelH, int kernelW, int dilation) {
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("dilation", dilation);
        int height = dilation * (kernelH - 1);
        int width = dilation * (kernelW - 1);
        return new Padding(height / 2, height - height / 2, width / 2, width - width / 2);
    }

    private static void nonNegative(String side, int v) {
        if (v < 0) {
            throw new ShapeException("Padding: " + side + " must be at least 0, got " + v);
        }
    }

    private static void positive(String what, int v) {
        if (v < 1) {
            throw new ShapeException("Padding.same: " + what + " must be at least 1, got " + v);
        }
    }
}
