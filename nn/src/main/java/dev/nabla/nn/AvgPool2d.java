// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Pooling;

/**
 * An average-pooling layer over images {@code [N, C, H, W]}, {@link Pooling#avgPool2d} as a
 * layer; zero padding counts in the average, as PyTorch's default {@code count_include_pad=True}.
 * Usage: {@code AvgPool2d.of(2)} (2x2 windows, stride 2)
 *
 * @param kernel window size on both axes, at least 1
 * @param stride stride on both axes, at least 1
 * @param padding zeros on every side, at most half the kernel (PyTorch's bound)
 */
public record AvgPool2d(int kernel, int stride, int padding) implements Layer {
    /** Checks the fields. */
    public AvgPool2d {
        PoolLayers.check("AvgPool2d", kernel, stride, padding, kernel / 2);
    }

    /**
     * Non-overlapping average pooling: the stride is the kernel, as in PyTorch's default.
     *
     * @param kernel window size on both axes
     * @return the layer
     * @throws NablaException if the kernel is below 1
     */
    public static AvgPool2d of(int kernel) {
        return new AvgPool2d(kernel, kernel, 0);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("AvgPool2d.apply", "x", x, "ctx", ctx);
        return Pooling.avgPool2d(x, kernel, stride, padding);
    }
}
