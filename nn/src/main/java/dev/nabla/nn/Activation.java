// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import java.util.function.UnaryOperator;

/**
 * A parameter-free function as a layer.
 *
 * <p>Usage: {@code Activation.of("tanh", Node::tanh)}
 *
 * @param name the function's name
 * @param fn the function
 */
public record Activation(String name, UnaryOperator<Node> fn) implements Layer {
    /** Checks the fields. */
    public Activation {
        Arguments.requireNonNulls("Activation", "name", name, "fn", fn);
    }

    /**
     * Wraps a function.
     *
     * @param name its name
     * @param fn the function
     * @return the layer
     */
    public static Activation of(String name, UnaryOperator<Node> fn) {
        return new Activation(name, fn);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Activation.apply", "x", x, "ctx", ctx);
        return Arguments.requireResult("Activation.apply", "the function of activation " + name, fn.apply(x));
    }

    @Override
    public String kind() {
        return name;
    }
}
