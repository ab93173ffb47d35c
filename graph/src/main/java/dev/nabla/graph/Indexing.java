// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Slice;
import java.util.List;

/**
 * The front end for picking and placing: slices, pads, concatenation, gather and one-hot codes.
 *
 * <p>Usage: {@code Node firstTwo = Indexing.slice(x, 1, 0, 2); Node y = Indexing.oneHot(labels, 10);}
 */
public final class Indexing {
    private Indexing() {}

    /**
     * Keeps {@code [start, end)} of one axis.
     *
     * @param x the operand
     * @param axis the axis; negative counts from the end
     * @param start the first index kept
     * @param end one past the last index kept
     * @return the slice
     * @throws ShapeException if the range does not fit the axis
     */
    public static Node slice(Node x, int axis, int start, int end) {
        return Ops.apply(new Slice(axis(x, "slice", axis), start, end), x);
    }

    /**
     * Adds entries of a constant value on both sides of one axis.
     *
     * @param x the operand
     * @param axis the axis; negative counts from the end
     * @param before entries in front
     * @param after entries behind
     * @param value their value
     * @return the padded node
     */
    public static Node pad(Node x, int axis, int before, int after, double value) {
        return Ops.apply(new Pad(axis(x, "pad", axis), before, after, value), x);
    }

    /**
     * Joins nodes along one axis; the other sizes must agree. A sum of zero-pads, so its gradient
     * is a slice.
     *
     * @param axis the axis; negative counts from the end
     * @param parts the nodes, at least one
     * @return the joined node
     * @throws ShapeException if ranks or the other sizes differ
     */
    public static Node concat(int axis, Node... parts) {
        Arguments.requireNonNull("concat", "parts", parts);
        if (parts.length == 0) {
            throw new NablaException("concat: needs at least one operand (at " + CallSite.capture() + ")");
        }
        for (int i = 0; i < parts.length; i++) {
            Ops.requireOperand("concat", parts[i], i);
        }
        Shape first = parts[0].shape();
        int a = axis(parts[0], "concat", axis);
        long total = 0;
        for (Node p : parts) {
            if (p.graph() != parts[0].graph()) {
                throw new NablaException(Graph.describe("concat", List.of(parts)) + ": operands " + parts[0].label() + " and "
                        + p.label() + " belong to different graphs; build every node of a computation from one Graph (at "
                        + CallSite.capture() + ")");
            }
            if (p.shape().rank() != first.rank()) {
                throw ShapeException.of("concat", List.of(parts), "ranks differ", CallSite.capture());
            }
            for (int i = 0; i < first.rank(); i++) {
                if (i != a && p.shape().dim(i) != first.dim(i)) {
                    throw ShapeException.of("concat", List.of(parts), "sizes differ on axis " + i
                            + ", which is not the joining axis " + a, CallSite.capture());
                }
            }
            if (p.shape().dim(a) == Shape.UNKNOWN) {
                throw ShapeException.of("concat", List.of(parts), "cannot join along axis " + a
                        + ", whose size is known only at run time", CallSite.capture());
            }
            total += p.shape().dim(a);
        }
        int size;
        try {
            // Checked before any pad is built: summed in int, the parts' sizes could wrap around.
            size = first.withDim(a, total).dim(a);
        } catch (ShapeException e) {
            throw ShapeException.of("concat", List.of(parts), e.getMessage(), CallSite.capture());
        }
        Node out = null;
        int offset = 0;
        for (Node p : parts) {
            int n = p.shape().dim(a);
            // Pad with -0.0, not 0.0: v + -0.0 == v for every v, so a -0.0 in a part survives the sum.
            Node padded = parts.length == 1 ? p : pad(p, a, offset, size - offset - n, -0.0);
            out = out == null ? padded : Ops.add(out, padded);
            offset += n;
        }
        return out;
    }

    /**
     * Picks entries of {@code x} along an axis at integer indices.
     *
     * @param x the source
     * @param indices integer-valued indices, any shape
     * @param axis the axis of {@code x}; negative counts from the end
     * @return {@code x[:axis] + indices.shape + x[axis+1:]} shaped picks
     */
    public static Node gather(Node x, Node indices, int axis) {
        return Ops.apply(new Gather(axis(x, "gather", axis)), x, indices);
    }

    /**
     * Codes integer labels as one-hot rows.
     *
     * @param labels integer-valued labels in {@code [0, depth)}
     * @param depth the number of classes
     * @return a node with one more axis, of size {@code depth}
     */
    public static Node oneHot(Node labels, int depth) {
        if (depth < 1) {
            throw ShapeException.of("one_hot", List.of(Ops.requireOperand("one_hot", labels, 0)),
                    "depth must be at least 1, got " + depth, CallSite.capture());
        }
        return Ops.apply(new OneHot(depth), labels);
    }

    private static int axis(Node x, String op, int axis) {
        if (x == null) {
            throw new NablaException(op + ": operand 0 is null (at " + CallSite.capture() + ")");
        }
        try {
            return x.shape().axis(axis);
        } catch (ShapeException e) {
            throw ShapeException.of(op, List.of(x), e.getMessage(), CallSite.capture());
        }
    }
}
