// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Pooling;

/**
 * A max-pooling layer over images {@code [N, C, H, W]}, {@link Pooling#maxPool2d} as a layer;
 * tied maxima share the gradient evenly.
 * Usage: {@code MaxPool2d.of(2)} (2x2 windows, stride 2)
 *
 * @param kernel window size on both axes, at least 1
 * @param stride stride on both axes, at least 1
 * @param padding padding on every side, at most half the kernel
 */
public record MaxPool2d(int kernel, int stride, int padding) implements Layer {
    /** Checks the fields. */
    public MaxPool2d {
        PoolLayers.check("MaxPool2d", kernel, stride, padding, kernel / 2);
    }

    /**
     * Non-overlapping max pooling: the stride is the kernel, as in PyTorch's default.
     *
     * @param kernel window size on both axes
     * @return the layer
     * @throws NablaException if the kernel is below 1
     */
    public static MaxPool2d of(int kernel) {
        return new MaxPool2d(kernel, kernel, 0);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("MaxPool2d.apply", "x", x, "ctx", ctx);
        return Pooling.maxPool2d(x, kernel, stride, padding);
    }
}
