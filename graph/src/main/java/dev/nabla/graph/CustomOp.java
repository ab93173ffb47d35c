// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.List;

/**
 * A user's own primitive: a name, a shape rule and a kernel. Nabla runs it like its own ops.
 *
 * <p>Usage: {@code Node y = graph.apply(new MyOp(), x);}
 */
public interface CustomOp {
    /** Names the op for printed graphs and error messages. @return the op's name, as printed in graphs and errors */
    String name();

    /**
     * The shape rule, called when a node is built and again with concrete shapes at run time.
     *
     * @param in the input shapes
     * @return the output shape
     * @throws ShapeException if the inputs do not fit
     */
    Shape outShape(List<Shape> in);

    /**
     * The kernel: computes the output from the inputs without changing them.
     *
     * @param in the input values
     * @return a new tensor of the shape {@link #outShape} gives
     */
    Tensor forward(List<Tensor> in);

    /**
     * The derivative rule, written with graph ops on {@code y}, its inputs and {@code g}; the
     * default has none, and differentiating through the op then fails naming it.
     *
     * @param y the node this op produced; {@code y.input(i)} are its operands
     * @param g the cotangent of {@code y}
     * @return one cotangent per input (or {@link Cotangents#NONE}), or null for "no rule"
     */
    default List<Node> vjp(Node y, Node g) {
        return null;
    }
}
