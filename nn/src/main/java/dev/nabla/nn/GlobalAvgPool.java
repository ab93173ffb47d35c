// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.Pooling;

/**
 * A layer that averages each channel over its whole image, {@code [N, C, H, W]} to {@code [N, C]},
 * the head of all-convolutional networks in place of flatten and a large dense layer.
 * Usage: {@code Sequential.of(Conv2d.of(1, 16, 3, 1, 1), GlobalAvgPool.of(), Dense.of(16, 10))}
 */
public record GlobalAvgPool() implements Layer {
    /**
     * The global average pooling layer.
     *
     * @return the layer
     */
    public static GlobalAvgPool of() {
        return new GlobalAvgPool();
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("GlobalAvgPool.apply", "x", x, "ctx", ctx);
        return Pooling.globalAvgPool(x);
    }
}
