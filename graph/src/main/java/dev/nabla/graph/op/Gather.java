// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;
import java.util.List;

/**
 * Picks entries along one axis by integer indices (stored as doubles):
 * {@code y[..., j..., ...] = x[..., idx[j...], ...]}; the output shape is
 * {@code x[:axis] + idx.shape + x[axis+1:]}. The indices receive no gradient.
 *
 * @param axis the axis of {@code x} to index, non-negative
 */
public record Gather(int axis) implements Primitive {
    @Override
    public OpKind kind() {
        return OpKind.GATHER;
    }

    @Override
    public String name() {
        return "gather";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        Shape idx = in.get(1);
        int a = x.axis(axis);
        int[] out = new int[x.rank() - 1 + idx.rank()];
        int k = 0;
        for (int i = 0; i < a; i++) {
            out[k++] = x.dim(i);
        }
        for (int i = 0; i < idx.rank(); i++) {
            out[k++] = idx.dim(i);
        }
        for (int i = a + 1; i < x.rank(); i++) {
            out[k++] = x.dim(i);
        }
        return Shape.of(out);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        Shape x = in[0].shape();
        boolean single = out.dtype() == DType.FLOAT32;
        // Rows are copied, never computed, so float32 needs no float64 detour.
        Object src = single ? Buffers.floats(in[0]) : Buffers.doubles(in[0]);
        Object dst = single ? Buffers.floats(out) : Buffers.doubles(out);
        Tensor idx = in[1];
        int count = idx.size();
        int n = x.dim(axis);
        int inner = x.strides()[axis];
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int o = 0;
        for (int b = 0; b < outer; b++) {
            for (int e = 0; e < count; e++) {
                int i = IndexCheck.require(IndexCheck.at(idx, e), n, "gather", e, axis);
                System.arraycopy(src, (b * n + i) * inner, dst, o, inner);
                o += inner;
            }
        }
    }

    /**
     * Scatter-add as a product: {@code dx[p, j, q] = sum_k [idx_k = j] g[p, k, q]}, that is
     * {@code oneHot(idx)^T · g}, so the rule is made of differentiable primitives. Sizes known
     * only at run time stay so: the code's depth comes from {@code x} at run time, and each
     * reshape leaves at most one size open (or none, when {@code g} already has the shape).
     */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node x = y.input(0);
        Node idx = y.input(1);
        Shape xs = x.shape();
        int pre = product(xs, 0, axis);
        int count = product(idx.shape(), 0, idx.shape().rank());
        int post = product(xs, axis + 1, xs.rank());
        Node codes = codes(idx.reshape(count), x);
        Node dx;
        if (post == 1) {
            dx = matmul(reshaped(y, g, "the cotangent", pre, count), false, codes);            // [P, K]·[K, N]
        } else if (pre == 1) {
            dx = matmul(codes, true, reshaped(y, g, "the cotangent", count, post));            // [N, K]·[K, Q]
        } else {
            dx = matmul(codes, true, reshaped(y, g, "the cotangent", pre, count, post));       // [N, K]·[P, K, Q]
        }
        return List.of(reshaped(y, dx, "the scattered cotangent", xs.dims()), Cotangents.NONE);
    }

    /** {@code oneHot(flat)} of depth {@code x.dim(axis)}, taken from {@code x} at run time if unknown now. */
    private Node codes(Node flat, Node x) {
        int n = x.shape().dim(axis);
        if (n == Shape.UNKNOWN) {
            return x.graph().apply(new OneHot(Shape.UNKNOWN, axis), List.of(flat, x));
        }
        return Indexing.oneHot(flat, n);
    }

    private static Node matmul(Node a, boolean transA, Node b) {
        return a.graph().apply(new MatMul(transA, false), List.of(a, b));
    }

    /**
     * {@code v} reshaped for the rule; a reshape can infer one size known only at run time, so a
     * target with two is refused here, naming this gather rather than an inner reshape.
     */
    private Node reshaped(Node y, Node v, String what, int... dims) {
        Shape target = Shape.of(dims);
        int open = 0;
        for (int d : dims) {
            open += d == Shape.UNKNOWN ? 1 : 0;
        }
        if (open > 1 && !target.equals(v.shape())) {
            throw ShapeException.of(name(), y.inputs(), "cannot build the gradient along axis " + axis + ": it needs "
                    + what + " " + v.shape() + " as " + target
                    + ", and a reshape can leave only one size to run time; give the indices a shape known when"
                    + " the graph is built, or gather from a batch of known size", y.callSite());
        }
        return v.reshape(dims);
    }

    /** The product of sizes in [from, to), or UNKNOWN if one is unknown. */
    private static int product(Shape s, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                return Shape.UNKNOWN;
            }
            p *= s.dim(i);
        }
        return p;
    }

    @Override
    public int arity() {
        return 2;
    }
}
