// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.ActivationLayers;
import java.util.List;

/**
 * The LeNet-style model of the {@code conv_step} workload, the same shapes as the PyTorch peer's
 * {@code nn.Conv2d}/{@code nn.MaxPool2d} model: on {@code [N, 1, 28, 28]} images, conv 1->6 5x5,
 * relu, max-pool 2, conv 6->16 5x5, relu, max-pool 2, flatten, dense 256->120->84->10.
 * Its conv and pooling layers are small local ones over {@link Convolutions}, so the benchmark
 * times the primitives themselves and does not wait for the library's image layers.
 */
final class LeNet {
    /** The side of the square input images. */
    static final int SIDE = 28;
    /** The classes of the output. */
    static final int CLASSES = 10;

    private LeNet() {}

    /** @return the model, taking {@code [N, 1, 28, 28]} and giving logits {@code [N, 10]} */
    static Layer model() {
        return Sequential.of(
                Conv.of(1, 6, 5), ActivationLayers.of("relu"), new MaxPool(2),
                Conv.of(6, 16, 5), ActivationLayers.of("relu"), new MaxPool(2),
                new Flatten(16 * 4 * 4),
                Dense.of(256, 120), ActivationLayers.of("relu"),
                Dense.of(120, 84), ActivationLayers.of("relu"),
                Dense.of(84, CLASSES));
    }

    /**
     * A 2-D convolution with stride 1, no padding and a bias per output channel.
     *
     * @param w the kernels {@code [out, in, k, k]}
     * @param b the bias {@code [out]}
     */
    record Conv(Param w, Param b) implements Layer {
        /** He-normal kernels with the fan-in of one output ({@code in * k * k}), zero bias. */
        static Conv of(int in, int out, int k) {
            Init he = Init.normal(Math.sqrt(2.0 / (in * k * k)));
            return new Conv(Param.of("conv/W", Shape.of(out, in, k, k), he), Param.of("conv/b", Shape.of(out), Init.zeros()));
        }

        @Override
        public Node apply(Node x, Context ctx) {
            int out = w.shape().dim(0);
            return Convolutions.conv2d(x, ctx.param(w), 1, 0, 1, 1).add(ctx.param(b).reshape(1, out, 1, 1));
        }

        @Override
        public List<Param> params() {
            return List.of(w, b);
        }

        @Override
        public Conv named(String name) {
            return new Conv(w.under(name), b.under(name));
        }
    }

    /**
     * Max pooling over square windows, the stride the window's side.
     *
     * @param side the window's side
     */
    record MaxPool(int side) implements Layer {
        @Override
        public Node apply(Node x, Context ctx) {
            return Convolutions.maxPool2d(x, side, side, 0);
        }
    }

    /**
     * Image batches to rows, {@code [N, C, H, W]} to {@code [N, C*H*W]}.
     *
     * @param width {@code C*H*W}
     */
    record Flatten(int width) implements Layer {
        @Override
        public Node apply(Node x, Context ctx) {
            return x.reshape(-1, width);
        }
    }
}
