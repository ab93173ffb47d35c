// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import java.util.List;

/** The convolutional networks of the CNN examples (scaffolding until nn's conv layers land). */
final class ConvNets {
    private ConvNets() {}

    /** A 2-D convolution with bias, He-initialised from its fan-in C*k*k. */
    record Conv(Param w, Param b, int padding) implements Layer {
        static Conv of(int in, int out, int k, int padding) {
            Init he = (shape, rng) -> Init.normal(Math.sqrt(2.0 / (in * k * k))).sample(shape, rng);
            return new Conv(Param.of("conv/W", Shape.of(out, in, k, k), he), Param.of("conv/b", Shape.of(out, 1, 1),
                    Init.zeros()), padding);
        }

        @Override
        public Node apply(Node x, Context ctx) {
            return Convolutions.conv2d(x, ctx.param(w), 1, padding, 1, 1).add(ctx.param(b));
        }

        @Override
        public List<Param> params() {
            return List.of(w, b);
        }

        @Override
        public Layer named(String name) {
            return new Conv(w.under(name), b.under(name), padding);
        }
    }

    static Layer relu() {
        return Activation.of("relu", Activations::relu);
    }

    static Layer maxPool(int k) {
        return (x, ctx) -> Convolutions.maxPool2d(x, k, k, 0);
    }

    static Layer flatten(int features) {
        return (x, ctx) -> x.reshape(-1, features);
    }

    /** Conv 1->16 3x3, ReLU, conv 16->32 3x3, ReLU, max pool 2, dense 512->10. */
    static Layer digits() {
        return Sequential.of(Conv.of(1, 16, 3, 1), relu(), Conv.of(16, 32, 3, 1), relu(), maxPool(2), flatten(512),
                Dense.of(512, 10));
    }

    /** LeNet-style: conv 1->16 5x5 pad 2, ReLU, pool 2, conv 16->32 5x5, ReLU, pool 2, dense 800->128->10. */
    static Layer fashion() {
        return Sequential.of(Conv.of(1, 16, 5, 2), relu(), maxPool(2), Conv.of(16, 32, 5, 0), relu(), maxPool(2),
                flatten(800), Dense.of(800, 128, Init.he(), Init.zeros()), relu(), Dense.of(128, 10));
    }
}
