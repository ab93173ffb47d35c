// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.Arrays;
import java.util.List;

/**
 * Turns integer labels into rows of a one-hot code: shape {@code s} becomes {@code s + [depth]}.
 * Not differentiable in the labels.
 *
 * @param depth the number of classes
 */
public record OneHot(int depth) implements Primitive {
    /** Rejects a depth below 1. */
    public OneHot {
        if (depth < 1) {
            throw new ShapeException("one_hot: depth must be at least 1, got " + depth);
        }
    }

    @Override
    public String name() {
        return "one_hot";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        int[] d = Arrays.copyOf(in.get(0).dims(), in.get(0).rank() + 1);
        d[d.length - 1] = depth;
        return Shape.of(d);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        double[] labels = in[0].data();
        double[] y = out.data();
        Arrays.fill(y, 0.0);
        for (int i = 0; i < labels.length; i++) {
            y[i * depth + Indices.require(labels[i], depth, "one_hot")] = 1.0;
        }
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(Grads.NONE);
    }

    @Override
    public int arity() {
        return 1;
    }
}
