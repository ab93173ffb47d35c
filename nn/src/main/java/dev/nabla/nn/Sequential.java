// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another. {@link #of} names each layer by its place, so params get
 * names like {@code dense_1/W} and {@code dense_2/W}.
 *
 * <p>Usage: {@code Layer mlp = Sequential.of(Dense.of(4, 8), Activation.of("tanh", Node::tanh), Dense.of(8, 1));}
 *
 * @param layers the layers, in order
 */
public record Sequential(List<Layer> layers) implements Layer {
    /** Copies the list. */
    public Sequential {
        if (layers == null || layers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new NablaException("Sequential: the layers must not be or contain null");
        }
        layers = List.copyOf(layers);
    }

    /**
     * Chains layers, naming each {@code kind_k} by its place (the k-th layer of its kind).
     *
     * @param layers the layers
     * @return the chain
     */
    public static Sequential of(Layer... layers) {
        if (layers == null) {
            throw new NablaException("Sequential.of: the layers must not be or contain null");
        }
        return new Sequential(java.util.Arrays.asList(layers)).named(null);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Sequential.apply", "x", x, "ctx", ctx);
        Node h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = Arguments.requireResult("Sequential.apply", "layer " + i + " (" + layers.get(i).kind() + ")",
                    layers.get(i).apply(h, ctx));
        }
        return h;
    }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.params());
        }
        return all;
    }

    /**
     * The same chain with each layer named {@code name/kind_k} by its place.
     *
     * @param name the chain's place in the model, or null to name each layer by its place alone
     *     ({@code kind_k}), as {@link #of} does
     * @return the renamed chain
     */
    @Override
    public Sequential named(String name) {
        Map<String, Integer> counts = new HashMap<>();
        List<Layer> renamed = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            int k = counts.merge(l.kind(), 1, Integer::sum);
            String local = l.kind() + "_" + k;
            renamed.add(l.named(name == null ? local : name + "/" + local));
        }
        return new Sequential(renamed);
    }
}
