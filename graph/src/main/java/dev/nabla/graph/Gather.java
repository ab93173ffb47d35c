// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

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
        double[] src = in[0].data();
        double[] idx = in[1].data();
        double[] dst = out.data();
        int n = x.dim(axis);
        int inner = x.strides()[axis];
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int o = 0;
        for (int b = 0; b < outer; b++) {
            for (double v : idx) {
                int i = Indices.require(v, n, "gather");
                System.arraycopy(src, (b * n + i) * inner, dst, o, inner);
                o += inner;
            }
        }
    }

    /**
     * Scatter-add as a product: {@code dx[p, j, q] = sum_k [idx_k = j] g[p, k, q]}, that is
     * {@code oneHot(idx)^T · g}, so the rule is made of differentiable primitives.
     */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node x = y.input(0);
        Node idx = y.input(1);
        Shape xs = x.shape();
        int n = xs.dim(axis);
        int pre = product(xs, 0, axis);
        int post = product(xs, axis + 1, xs.rank());
        Node codes = Indexing.oneHot(idx.reshape(Shape.UNKNOWN), n).transpose();
        Node picked = g.reshape(pre, Shape.UNKNOWN, post);
        return List.of(codes.matmul(picked).reshape(xs.dims()), Grads.NONE);
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
