// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.ActivationLayers;

/**
 * The LeNet-style model of the {@code conv_step} workload, the same shapes as the PyTorch peer's
 * {@code nn.Conv2d}/{@code nn.MaxPool2d} model: on {@code [N, 1, 28, 28]} images, conv 1->6 5x5,
 * relu, max-pool 2, conv 6->16 5x5, relu, max-pool 2, flatten, dense 256->120->84->10.
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
                Conv2d.of(1, 6, 5), ActivationLayers.of("relu"), MaxPool2d.of(2),
                Conv2d.of(6, 16, 5), ActivationLayers.of("relu"), MaxPool2d.of(2),
                Flatten.of(),
                Dense.of(256, 120), ActivationLayers.of("relu"),
                Dense.of(120, 84), ActivationLayers.of("relu"),
                Dense.of(84, CLASSES));
    }
}
