// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * {@code matmul} by {@code numpy.matmul}'s rules against a plain loop written from those rules:
 * vectors on either side, batches that broadcast at rank 3 and 4, and leading sizes declared
 * unknown and fixed by the feed.
 */
class MatMulNumPyProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_4D4DL;
    private static final int EXAMPLES = 200;

    /** Which operands are vectors and how many batch axes the product has. */
    enum Form {
        DOT(true, true, 0),
        VECTOR_TIMES_BATCH(true, false, 2),
        BATCH_TIMES_VECTOR(false, true, 2),
        BATCH_RANK_3(false, false, 1),
        BATCH_RANK_4(false, false, 2);

        final boolean vectorA;
        final boolean vectorB;
        final int batchRank;

        Form(boolean vectorA, boolean vectorB, int batchRank) {
            this.vectorA = vectorA;
            this.vectorB = vectorB;
            this.batchRank = batchRank;
        }
    }

    /** Operand values, and whether each operand's leading size is declared {@link Shape#UNKNOWN}. */
    record Case(Form form, Tensor a, Tensor b, boolean unknownA, boolean unknownB) {
        @Override
        public String toString() {
            return form + ": a " + declared(a, unknownA) + " = " + a + ", b " + declared(b, unknownB) + " = " + b;
        }
    }



    @Test
    void vectorsMatchLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(false, Form.DOT, Form.VECTOR_TIMES_BATCH, Form.BATCH_TIMES_VECTOR))
                .checkAssert(MatMulNumPyProperties::check);
    }

    @Test
    void broadcastBatchesMatchLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(false, Form.BATCH_RANK_3, Form.BATCH_RANK_4))
                .checkAssert(MatMulNumPyProperties::check);
    }

    @Test
    void unknownLeadingSizesFedAtRunTimeMatchLoop() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(true, Form.values()))
                .checkAssert(MatMulNumPyProperties::check);
    }

    /**
     * Builds the product on inputs declared as the case says, runs it, and compares the inferred
     * shape, the run's shape and every element with the loop, within the error bound of recursive
     * summation, {@code (k + 1)·eps·sum|a_ip·b_pj|}.
     */
    private static void check(Case c) {
        Graph g = new Graph();
        Node a = g.input("a", declared(c.a(), c.unknownA()).dims());
        Node b = g.input("b", declared(c.b(), c.unknownB()).dims());
        Node y = a.matmul(b);
        Tensor got = new Session(new ParamStore(), 1).run(Map.of(a, c.a(), b, c.b()), y).get(0);
        MatMulProperties.Expected e = reference(c.a(), c.b());
        assertTrue(y.shape().accepts(e.shape()), () -> "inferred shape " + y.shape() + ", loop gives " + e.shape()
                + " for " + c);
        if (!c.unknownA() && !c.unknownB()) {
            assertEquals(e.shape(), y.shape(), () -> "inferred shape for " + c);
        }
        e.assertMatches(got, c);
    }

    /**
     * The product as {@code numpy.matmul} defines it, by loops: a vector on the left is a row, on
     * the right a column, and its axis is dropped; batch axes align at the right, and a size-1
     * batch axis is read at index 0 whatever the joint index.
     */
    static MatMulProperties.Expected reference(Tensor a, Tensor b) {
        Shape as = a.shape();
        Shape bs = b.shape();
        boolean va = as.rank() == 1;
        boolean vb = bs.rank() == 1;
        int m = va ? 1 : as.dim(-2);
        int k = as.dim(-1);
        int n = vb ? 1 : bs.dim(-1);
        int[] batchA = va ? new int[0] : Arrays.copyOf(as.dims(), as.rank() - 2);
        int[] batchB = vb ? new int[0] : Arrays.copyOf(bs.dims(), bs.rank() - 2);
        int rank = Math.max(batchA.length, batchB.length);
        int[] batch = new int[rank];
        for (int j = 0; j < rank; j++) {
            int da = aligned(batchA, j, rank);
            batch[j] = da == 1 ? aligned(batchB, j, rank) : da;
        }
        int batches = Shape.of(batch).size();
        double[] av = a.toArray();
        double[] bv = b.toArray();
        double[] y = new double[batches * m * n];
        double[] magnitudes = new double[y.length];
        int[] index = new int[rank];
        for (int t = 0; t < batches; t++) {
            int rest = t;
            for (int j = rank - 1; j >= 0; j--) {
                index[j] = rest % batch[j];
                rest /= batch[j];
            }
            int aBase = offset(batchA, index) * m * k;
            int bBase = offset(batchB, index) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double sa = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = av[aBase + i * k + p] * bv[bBase + p * n + j];
                        s += prod;
                        sa += Math.abs(prod);
                    }
                    y[(t * m + i) * n + j] = s;
                    magnitudes[(t * m + i) * n + j] = sa;
                }
            }
        }
        int[] out = batch;
        if (!va) {
            out = append(out, m);
        }
        if (!vb) {
            out = append(out, n);
        }
        return new MatMulProperties.Expected(Shape.of(out), y, magnitudes, k);
    }

    /** Size of an operand's batch axis at joint axis j (1 where the operand has no such axis). */
    private static int aligned(int[] own, int j, int rank) {
        int i = j - (rank - own.length);
        return i < 0 ? 1 : own[i];
    }

    /** Row-major index of the operand's batch matrix that joint index reads, size-1 axes pinned at 0. */
    private static int offset(int[] own, int[] joint) {
        int flat = 0;
        for (int i = 0; i < own.length; i++) {
            int j = i + joint.length - own.length;
            flat = flat * own[i] + (own[i] == 1 ? 0 : joint[j]);
        }
        return flat;
    }

    private static int[] append(int[] dims, int d) {
        int[] out = Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = d;
        return out;
    }

    /** The shape an operand is declared with: its own, or with the leading size unknown. */
    private static Shape declared(Tensor x, boolean unknown) {
        int[] d = x.shape().dims();
        if (unknown) {
            d[0] = Shape.UNKNOWN;
        }
        return Shape.of(d);
    }

    /**
     * Operands of one of the forms: a joint batch of the form's rank (fewer for the vector
     * forms), each operand taking a suffix of it with some axes set to 1, sizes up to 3 (0 now
     * and then unless sizes are declared unknown, where a reshape cannot infer a size next to a
     * 0). With {@code unknowns}, each operand's leading size may be declared unknown; both only
     * where the two leading axes are the same axis and agree, since two unknown sizes are taken to
     * match rather than broadcast.
     */
    private static Gen<Case> cases(boolean unknowns, Form... forms) {
        Gen<Integer> size = unknowns ? Generate.range(1, 3) : Gens.dims(0, 3);
        Gen<Integer> coin = Generate.range(0, 2);
        Gen<Form> form = Generate.pick(List.of(forms));
        return rs -> {
            Form f = form.generate(rs);
            int cr = f == Form.DOT ? 0 : f.vectorA || f.vectorB ? coin.generate(rs) : f.batchRank;
            int[] batch = new int[cr];
            for (int j = 0; j < cr; j++) {
                batch[j] = size.generate(rs);
            }
            int wide = f.vectorA || f.vectorB ? -1 : coin.generate(rs) % 2;   // the operand that keeps every batch axis
            int m = size.generate(rs);
            int k = size.generate(rs);
            int n = size.generate(rs);
            int[] as = f.vectorA ? new int[] {k} : append(append(part(batch, wide == 0, coin, rs), m), k);
            int[] bs = f.vectorB ? new int[] {k} : append(append(part(batch, wide == 1, coin, rs), k), n);
            Tensor a = Gens.tensors(Shape.of(as), -2, 2).generate(rs);
            Tensor b = Gens.tensors(Shape.of(bs), -2, 2).generate(rs);
            boolean ua = unknowns && coin.generate(rs) > 0;
            boolean ub = unknowns && coin.generate(rs) > 0;
            boolean sameAxis = as.length == bs.length && (as.length <= 2 || as[0] == bs[0]);
            if (ua && ub && !sameAxis) {
                ub = false;
            }
            return new Case(f, a, b, ua, ub);
        };
    }

    /** A suffix of the joint batch (all of it if {@code whole}), each kept axis set to 1 at random. */
    private static int[] part(int[] batch, boolean whole, Gen<Integer> coin, RandomnessSource rs) {
        int rank = whole ? batch.length : coin.generate(rs) % (batch.length + 1);
        int[] out = Arrays.copyOfRange(batch, batch.length - rank, batch.length);
        for (int i = 0; i < rank; i++) {
            if (coin.generate(rs) == 0) {
                out[i] = 1;
            }
        }
        return out;
    }
}
