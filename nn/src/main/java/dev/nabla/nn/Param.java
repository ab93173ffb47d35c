// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Leaf;

/**
 * A learnable or state value of a layer: its full name (by place, such as {@code dense_1/W}),
 * shape and initialiser. Its value lives in a {@link dev.nabla.graph.ParamStore} under that name.
 *
 * <p>Usage: {@code Param w = Param.of("W", Shape.of(3, 1), Init.xavierNormal()); Node wn = w.node(graph);}
 *
 * @param name the full name, unique in a model
 * @param shape the shape, every size known
 * @param init how to draw the first value
 * @param trainable false for state that optimizers must leave alone (batch-norm running statistics)
 */
public record Param(String name, Shape shape, Init init, boolean trainable) {
    /** Checks the fields. */
    public Param {
        Arguments.requireNonNulls("Param", "name", name, "shape", shape, "init", init);
        if (name.isBlank()) {
            throw new NablaException("Param: needs a non-empty name, got \"" + name + "\"");
        }
        if (!shape.isKnown()) {
            throw new NablaException("Param \"" + name + "\": every size must be known, got " + shape);
        }
    }

    /**
     * A trainable param.
     *
     * @param name the full name
     * @param shape the shape
     * @param init the initialiser
     * @return the param
     */
    public static Param of(String name, Shape shape, Init init) {
        return new Param(name, shape, init, true);
    }

    /**
     * The same param under a prefix, for a layer placed in a model: {@code W} becomes {@code dense_1/W}.
     *
     * @param prefix the layer's name
     * @return the renamed param
     */
    public Param under(String prefix) {
        Arguments.requireNonNull("Param.under", "prefix", prefix);
        String local = name.substring(name.lastIndexOf('/') + 1);
        return new Param(prefix + "/" + local, shape, init, trainable);
    }

    /**
     * This param's node in a graph: made on first use, the same node after that, so a layer
     * applied twice shares its weights.
     *
     * @param g the graph
     * @return the param node
     * @throws NablaException if the graph already has a different node of this name
     */
    public Node node(Graph g) {
        Arguments.requireNonNull("Param.node", "g", g);
        Node n = g.node(name).orElseGet(() -> g.param(name, shape.dims()));
        if (!(n.op() instanceof Leaf.Param) || !n.shape().equals(shape)) {
            throw new NablaException("Param \"" + name + "\" " + shape + ": the graph already has " + n.describe()
                    + " under that name");
        }
        return n;
    }
}
