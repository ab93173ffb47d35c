// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.List;

/**
 * An operation with a numeric kernel: the closed set of ops the executor can run.
 *
 * <p>A primitive is a value (a record) with a name, a shape rule checked when a node is built, and
 * a kernel that writes into a buffer the executor owns. Everything else Nabla offers is a
 * composite of these. Users add their own through {@link CustomOp}.
 * Usage: {@code node.op().name()}
 */
public sealed interface Primitive
        permits Leaf, Unary, Binary, Compare, Where, Reduce, Reshape, Permute, Expand,
                Slice, Pad, Gather, OneHot, MatMul, Unfold, Fold, RandomOp, StopGradient, Custom {

    /**
     * Names the op for printed graphs and error messages.
     *
     * @return the op's name, as printed in graphs and error messages
     */
    String name();

    /**
     * Names the op's entry in the registry, which every pass over primitives switches on.
     *
     * @return the kind, fixed for the record type
     */
    OpKind kind();

    /**
     * The shape rule: the output shape for these input shapes, which may hold unknown dimensions.
     *
     * @param in the input shapes, in input order
     * @return the output shape
     * @throws ShapeException saying what is wrong; the graph adds the op, operands and call site
     */
    Shape outShape(List<Shape> in);

    /**
     * The kernel: computes the output from concrete inputs, writing every element of {@code out}.
     *
     * @param in the input values, never modified
     * @param out a buffer of the output's shape, owned by the executor
     * @param ctx what the run provides (the seed for random ops)
     */
    void forward(Tensor[] in, Tensor out, RunContext ctx);

    /**
     * The derivative rule: given the output node {@code y} and the cotangent {@code g} of
     * {@code y}, the cotangent of each input, built from graph ops only (never numbers, never a
     * throw), so rules can themselves be differentiated.
     *
     * @param y the node this op produced
     * @param g the cotangent of {@code y}, shaped like it
     * @return one node per input, shaped like that input, or {@link Cotangents#NONE} where no gradient flows
     */
    List<Node> vjp(Node y, Node g);

    /**
     * Tells how many inputs the op takes.
     *
     * @return the count, or -1 when any count is accepted
     */
    int arity();
}
