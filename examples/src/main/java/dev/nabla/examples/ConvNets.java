// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;

/** The convolutional networks of the two CNN examples, in one place so their reports describe what they build. */
final class ConvNets {
    private ConvNets() {}

    private static Layer relu() {
        return Activation.of("relu", Activations::relu);
    }

    /**
     * The digits' CNN for 1x8x8 images.
     *
     * @return conv 1->16 3x3 pad 1, batch norm, ReLU, conv 16->32 3x3 pad 1, batch norm, ReLU, max pool 2,
     *     flatten, dense 512->10
     */
    static Layer digits() {
        return Sequential.of(Conv2d.of(1, 16, 3, 1, 1), BatchNorm.ofChannels(16), relu(), Conv2d.of(16, 32, 3, 1, 1),
                BatchNorm.ofChannels(32), relu(), MaxPool2d.of(2), Flatten.of(), Dense.of(32 * 4 * 4, 10));
    }

    /** The layers of {@link #digits}, as its report prints them. */
    static final String DIGITS = "conv 1->16 3x3 pad 1, batch norm, ReLU, conv 16->32 3x3 pad 1, batch norm, ReLU,"
            + " max pool 2, flatten, dense 512->10";

    /**
     * A LeNet-style CNN for 1x28x28 images, with batch norm over the channels of each convolution.
     *
     * @return conv 1->16 5x5 pad 2, batch norm, ReLU, max pool 2, conv 16->32 5x5, batch norm, ReLU,
     *     max pool 2, flatten, dense 800->128, ReLU, dense 128->10
     */
    static Layer fashion() {
        return Sequential.of(Conv2d.of(1, 16, 5, 1, 2), BatchNorm.ofChannels(16), relu(), MaxPool2d.of(2),
                Conv2d.of(16, 32, 5, 1, 0), BatchNorm.ofChannels(32), relu(), MaxPool2d.of(2),
                Flatten.of(), Dense.of(32 * 5 * 5, 128, Init.he(), Init.zeros()), relu(), Dense.of(128, 10));
    }

    /** The layers of {@link #fashion}, as its report prints them. */
    static final String FASHION = "conv 1->16 5x5 pad 2, batch norm, ReLU, max pool 2, conv 16->32 5x5, batch norm,"
            + " ReLU, max pool 2, flatten, dense 800->128, ReLU, dense 128->10";
}
