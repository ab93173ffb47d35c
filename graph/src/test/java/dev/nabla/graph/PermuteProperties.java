// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;

/** Transpose and permute move each element where an index loop says, and undo each other. */
class PermuteProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_9E2AL;
    private static final int EXAMPLES = 200;

    /** A tensor and a permutation of its axes. */
    record Case(Tensor x, List<Integer> perm) {
        @Override
        public String toString() {
            return "x " + x.shape() + " = " + x + ", perm " + perm;
        }
    }

    @Test
    void transposeTwiceIsIdentity() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.tensors(Gens.shapes(2, 4, 0, 4), -1, 1))
                .checkAssert(t -> {
                    Graph g = new Graph();
                    Node x = g.input("x", t.shape().dims());
                    Node once = x.transpose();
                    List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, t), once, once.transpose());
                    int r = t.rank();
                    List<Integer> swap = new ArrayList<>();
                    for (int i = 0; i < r; i++) {
                        swap.add(i);
                    }
                    swap.set(r - 2, r - 1);
                    swap.set(r - 1, r - 2);
                    assertEquals(permuteReference(t, swap), out.get(0), () -> "transpose of " + t);
                    assertEquals(t, out.get(1), () -> "transpose twice of " + t);
                });
    }

    @Test
    void permuteThenInverseIsIdentity() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases())
                .checkAssert(c -> {
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    Node y = x.permute(toArray(c.perm()));
                    Node back = y.permute(toArray(inverse(c.perm())));
                    List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, c.x()), y, back);
                    assertEquals(permuteReference(c.x(), c.perm()), out.get(0), () -> "permute of " + c);
                    assertEquals(c.x(), out.get(1), () -> "permute then inverse of " + c);
                });
    }

    /** A tensor of rank 2 to 4 and a random permutation of its axes. */
    private static Gen<Case> cases() {
        Gen<Tensor> tensors = Gens.tensors(Gens.shapes(2, 4, 0, 4), -1, 1);
        return rs -> {
            Tensor x = tensors.generate(rs);
            return new Case(x, Gens.permutations(x.rank()).generate(rs));
        };
    }

    /** {@code y[i_0, ..., i_r-1] = x[j]} where {@code j[perm[k]] = i_k}, by walking y's indices. */
    private static Tensor permuteReference(Tensor x, List<Integer> perm) {
        int[] dims = new int[perm.size()];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = x.shape().dim(perm.get(k));
        }
        Shape out = Shape.of(dims);
        double[] y = new double[out.size()];
        for (int[] idx : Gens.indices(out)) {
            int[] src = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                src[perm.get(k)] = idx[k];
            }
            y[Gens.flat(out, idx)] = x.get(src);
        }
        return Tensor.fromArray(y, dims);
    }

    private static List<Integer> inverse(List<Integer> perm) {
        Integer[] inv = new Integer[perm.size()];
        for (int k = 0; k < inv.length; k++) {
            inv[perm.get(k)] = k;
        }
        return List.of(inv);
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
