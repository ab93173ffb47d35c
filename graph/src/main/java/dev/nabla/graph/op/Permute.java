// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.TensorLoops;
import java.util.List;

/**
 * Reorders axes: output axis {@code i} is input axis {@code perm[i]}; transpose is a permute.
 *
 * @param perm a permutation of {@code 0..rank-1}
 */
public record Permute(List<Integer> perm) implements Primitive {
    /** Copies the permutation. */
    public Permute {
        perm = List.copyOf(Arguments.requireElements("Permute", "perm", perm));
    }

    @Override
    public OpKind kind() {
        return OpKind.PERMUTE;
    }

    @Override
    public String name() {
        return "permute";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        if (perm.size() != x.rank()) {
            throw new ShapeException("permutation " + perm + " has " + perm.size() + " axes but the operand has rank " + x.rank());
        }
        boolean[] seen = new boolean[x.rank()];
        int[] out = new int[x.rank()];
        for (int i = 0; i < out.length; i++) {
            int p = perm.get(i);
            if (p < 0 || p >= x.rank() || seen[p]) {
                throw new ShapeException(perm + " is not a permutation of the axes 0.." + (x.rank() - 1));
            }
            seen[p] = true;
            out[i] = x.dim(p);
        }
        return Shape.of(out);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        int[] xStrides = in[0].shape().strides();
        int[] srcStrides = new int[perm.size()];
        for (int i = 0; i < srcStrides.length; i++) {
            srcStrides[i] = xStrides[perm.get(i)];
        }
        Shape y = out.shape();
        TensorLoops.strided(in[0], 0, srcStrides, out, 0, y.strides(), y.dims());
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        int[] inverse = new int[perm.size()];
        for (int i = 0; i < inverse.length; i++) {
            inverse[perm.get(i)] = i;
        }
        return List.of(g.permute(inverse));
    }

    @Override
    public int arity() {
        return 1;
    }
}
