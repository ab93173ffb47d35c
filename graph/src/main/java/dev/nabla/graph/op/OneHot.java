// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;
import dev.nabla.graph.storage.TensorLoops;
import java.util.Arrays;
import java.util.List;

/**
 * Turns integer labels into rows of a one-hot code: shape {@code s} becomes {@code s + [depth]}.
 * Not differentiable in the labels.
 *
 * <p>The depth may be {@link Shape#UNKNOWN} (gather's gradient along an axis whose size is known
 * only at run time): then a second input, the reference, gives it at run time as the size of its
 * axis {@code referenceAxis}. The reference's values are not read and receive no gradient.
 *
 * @param depth the number of classes, or {@link Shape#UNKNOWN} to take it from the reference
 * @param referenceAxis with an unknown depth, the axis of the reference whose size is the depth; otherwise 0
 */
public record OneHot(int depth, int referenceAxis) implements Primitive {
    /** Rejects a depth below 1 (other than unknown) and a negative reference axis. */
    public OneHot {
        if (depth < 1 && depth != Shape.UNKNOWN) {
            throw new ShapeException("one_hot: depth must be at least 1, got " + depth);
        }
        if (referenceAxis < 0) {
            throw new ShapeException("one_hot: the reference axis must be at least 0, got " + referenceAxis);
        }
    }

    /**
     * A code of a depth known when the graph is built.
     *
     * @param depth the number of classes, at least 1
     */
    public OneHot(int depth) {
        this(depth, 0);
    }

    @Override
    public OpKind kind() {
        return OpKind.ONE_HOT;
    }

    @Override
    public String name() {
        return "one_hot";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        boolean fromReference = depth == Shape.UNKNOWN;
        if (in.size() != (fromReference ? 2 : 1)) {
            throw new ShapeException(fromReference
                    ? "an unknown depth takes the labels and a reference, got " + in.size() + " inputs"
                    : "takes the labels only, got " + in.size() + " inputs");
        }
        int d = depth;
        if (fromReference) {
            Shape ref = in.get(1);
            if (referenceAxis >= ref.rank()) {
                throw new ShapeException("the reference " + ref + " has no axis " + referenceAxis + " to give the depth");
            }
            d = ref.dim(referenceAxis);
        }
        int[] dims = Arrays.copyOf(in.get(0).dims(), in.get(0).rank() + 1);
        dims[dims.length - 1] = d;
        return Shape.of(dims);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Tensor labels = in[0];
        int d = out.shape().dim(-1);
        TensorLoops.fill(out, 0.0);
        float[] single = out.dtype() == DType.FLOAT32 ? Buffers.floats(out) : null;
        double[] wide = single == null ? Buffers.doubles(out) : null;
        for (int i = 0; i < labels.size(); i++) {
            int at = i * d + IndexCheck.require(IndexCheck.at(labels, i), d, "one_hot");
            if (single != null) {
                single[at] = 1f;
            } else {
                wide[at] = 1.0;
            }
        }
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return Cotangents.none(y.inputs().size());
    }

    @Override
    public int arity() {
        return -1;
    }
}
