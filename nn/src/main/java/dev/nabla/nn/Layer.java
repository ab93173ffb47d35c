// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import java.util.List;
import java.util.Locale;

/**
 * A piece of a model: owns its params and adds nodes. It has no backward pass; gradients come
 * from autodiff.
 *
 * <p>A custom layer is a few lines:
 * <pre>{@code
 * record Scale(Param s) implements Layer {
 *     public Node apply(Node x, Context ctx) { return x.mul(ctx.param(s)); }
 *     public List<Param> params() { return List.of(s); }
 *     public Layer named(String name) { return new Scale(s.under(name)); }
 * }
 * }</pre>
 */
public interface Layer {
    /**
     * Adds this layer's nodes.
     *
     * @param x the input
     * @param ctx the graph, the train/eval switch and the params' nodes
     * @return the output
     */
    Node apply(Node x, Context ctx);

    /**
     * Lists the params this layer owns; layers without params keep the empty default.
     *
     * @return the params this layer owns (state included), in a stable order
     */
    default List<Param> params() {
        return List.of();
    }

    /**
     * Names the kind of layer, used to name its params by place in the model.
     *
     * @return the short kind used for names by place, such as {@code dense}
     */
    default String kind() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * The same layer with its params named under {@code name} ({@code dense_1/W}); layers
     * without params return themselves.
     *
     * @param name the layer's place in the model
     * @return the renamed layer
     */
    default Layer named(String name) {
        Arguments.requireNonNull("Layer.named", "name", name);
        return this;
    }
}
