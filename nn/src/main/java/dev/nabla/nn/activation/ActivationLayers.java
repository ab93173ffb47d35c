// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.nn.Activation;
import dev.nabla.nn.Layer;

/**
 * A layer for every activation of the {@link ActivationCatalog}, by name: the learnable ones as
 * their own layers with parameters shared across channels (a shape that broadcasts against any
 * last axis), RReLU switching on the context's train/eval switch, and the rest as parameter-free
 * {@link Activation}s of the catalog's function.
 *
 * <p>Usage: {@code Sequential.of(Dense.of(4, 8), ActivationLayers.of("gelu"), Dense.of(8, 1))}
 */
public final class ActivationLayers {
    private ActivationLayers() {}

    /**
     * The layer of an activation.
     *
     * @param name a catalog name, such as {@code leaky_relu}
     * @return {@link PReLU#shared()} for prelu, {@code SReLU.of(1)}, {@code Apl.of(2, 1)},
     *     {@link SoftExponential#of()}, an RReLU with the catalog's bounds, else {@code Activation.of(name, fn)}
     * @throws dev.nabla.graph.NablaException if no activation has that name
     */
    public static Layer of(String name) {
        ActivationInfo info = ActivationCatalog.get(name);
        return switch (name) {
            case "prelu" -> PReLU.shared();
            case "srelu" -> SReLU.of(1);
            case "apl" -> Apl.of(2, 1);
            case "soft_exponential" -> SoftExponential.of();
            case "rrelu" -> RReLU.of(ActivationCatalog.RRELU_LOWER, ActivationCatalog.RRELU_UPPER, 0L);
            default -> Activation.of(name, info.fn());
        };
    }
}
