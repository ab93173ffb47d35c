// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;

/**
 * A layer that flattens each example to one row, {@code [N, d1, d2, ...]} to {@code [N, d1*d2*...]},
 * between the convolutions and the dense layers of a CNN.
 * Usage: {@code Sequential.of(Conv2d.of(1, 8, 3), Flatten.of(), Dense.of(8 * 6 * 6, 10))}
 */
public record Flatten() implements Layer {
    /**
     * The flatten layer.
     *
     * @return the layer
     */
    public static Flatten of() {
        return new Flatten();
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Flatten.apply", "x", x, "ctx", ctx);
        Shape s = x.shape();
        if (s.rank() < 1) {
            throw new ShapeException("flatten(" + x.label() + " " + s + "): expected a batch [N, ...], got a scalar");
        }
        int row = 1;
        for (int i = 1; i < s.rank(); i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                throw new ShapeException("flatten(" + x.label() + " " + s + "): every size but the batch's must be "
                        + "known, axis " + i + " is not");
            }
            row *= s.dim(i);
        }
        return x.reshape(-1, row);
    }
}
