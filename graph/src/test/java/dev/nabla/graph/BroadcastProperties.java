// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.Broadcast;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Broadcasting: the shape rule against an independent NumPy reference, and add against index loops. */
class BroadcastProperties implements WithQuickTheories {
    private static final long SEED = 0x5EEDB0AD1L;
    private static final int EXAMPLES = 200;

    /** Two operands of an elementwise op, with the shapes the graph declares for them. */
    record Operands(Tensor a, Tensor b, Shape declaredA, Shape declaredB) {
        @Override
        public String toString() {
            return "a " + a.shape() + " declared " + declaredA + " = " + a + ", b " + b.shape()
                    + " declared " + declaredB + " = " + b;
        }
    }

    @Test
    void shapeIsSymmetricAndFailsSymmetrically() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.anyPairs(4, 3).mix(Gens.pairsWithUnknowns(4, 3)))
                .checkAssert(p -> assertEquals(outcome(p.a(), p.b()), outcome(p.b(), p.a()),
                        () -> "shape(a, b) vs shape(b, a) for " + p));
    }

    @Test
    void shapeAgreesWithNumpyRule() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.anyPairs(4, 3))
                .checkAssert(p -> {
                    Optional<Shape> got = outcome(p.a(), p.b());
                    assertEquals(numpy(p.a(), p.b()), got, () -> "broadcast of " + p);
                    if (got.isEmpty()) {
                        String message = message(p.a(), p.b());
                        assertTrue(message.contains(p.a().toString()) && message.contains(p.b().toString()),
                                () -> "the error should name both shapes: " + message);
                    }
                });
    }

    @Test
    void unknownSizesFollowTheDocumentedRule() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.pairsWithUnknowns(4, 3))
                .checkAssert(p -> assertEquals(withUnknowns(p.a(), p.b()), outcome(p.a(), p.b()),
                        () -> "broadcast of " + p));
    }

    @Test
    void addMatchesIndexLoops() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(operands(false))
                .checkAssert(BroadcastProperties::checkAdd);
    }

    @Test
    void addWithUnknownBatchSizesMatchesIndexLoops() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(operands(true))
                .checkAssert(BroadcastProperties::checkAdd);
    }

    private static void checkAdd(Operands c) {
        Graph g = new Graph();
        Node a = g.input("a", c.declaredA().dims());
        Node b = g.input("b", c.declaredB().dims());
        List<Tensor> out = new Session(new ParamStore())
                .run(Map.of(a, c.a(), b, c.b()), a.add(b), b.add(a));
        Tensor expected = addReference(c.a(), c.b());
        assertEquals(expected, out.get(0), () -> "a + b for " + c);
        assertEquals(expected, out.get(1), () -> "b + a for " + c);
    }

    /**
     * Operands of broadcast-compatible shapes; with {@code unknownBatch}, an operand whose leading
     * size is not 1 is sometimes declared with that size unknown, as a batch input is. Both are
     * declared so only when their leading axes align: the front end takes run-time sizes from one
     * reference operand, so unknown sizes on two different axes are out of its reach.
     * Empty axes appear only with known sizes: a reshape cannot infer an unknown size beside a 0.
     */
    private static Gen<Operands> operands(boolean unknownBatch) {
        Gen<Gens.ShapePair> pairs = Gens.broadcastPairs(4, unknownBatch ? 1 : 0, 3);
        Gen<Integer> coin = Generate.range(0, 1);
        return rs -> {
            Gens.ShapePair p = pairs.generate(rs);
            Tensor a = Gens.tensors(p.a(), -4, 4).generate(rs);
            Tensor b = Gens.tensors(p.b(), -4, 4).generate(rs);
            Shape da = unknownBatch && coin.generate(rs) == 1 ? batchUnknown(p.a()) : p.a();
            boolean bMayBeUnknown = da.isKnown() || p.a().rank() == p.b().rank();
            Shape db = unknownBatch && bMayBeUnknown && coin.generate(rs) == 1 ? batchUnknown(p.b()) : p.b();
            return new Operands(a, b, da, db);
        };
    }

    /** The shape with its leading size unknown; a leading 1 stays, since an unknown size is never broadcast. */
    private static Shape batchUnknown(Shape s) {
        int[] d = s.dims();
        if (d.length > 0 && d[0] != 1) {
            d[0] = Shape.UNKNOWN;
        }
        return Shape.of(d);
    }

    /** The result of {@link Broadcast#shape}, or empty if it rejects the pair. */
    private static Optional<Shape> outcome(Shape a, Shape b) {
        try {
            return Optional.of(Broadcast.shape(a, b));
        } catch (ShapeException e) {
            return Optional.empty();
        }
    }

    private static String message(Shape a, Shape b) {
        try {
            Broadcast.shape(a, b);
            return "";
        } catch (ShapeException e) {
            return e.getMessage();
        }
    }

    /** Left-pads with 1s to a common rank; a rank-r shape is padded to r + k with k leading 1s. */
    private static int[] padLeft(Shape s, int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        int[] own = s.dims();
        System.arraycopy(own, 0, d, rank - own.length, own.length);
        return d;
    }

    /** NumPy's rule, written from its documentation: per axis, equal sizes stay, a 1 gives way, else error. */
    static Optional<Shape> numpy(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] x = padLeft(a, rank);
        int[] y = padLeft(b, rank);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            if (x[i] == y[i]) {
                out[i] = x[i];
            } else if (x[i] == 1) {
                out[i] = y[i];
            } else if (y[i] == 1) {
                out[i] = x[i];
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(Shape.of(out));
    }

    /**
     * The rule Broadcast documents for unknown sizes on top of NumPy's: an unknown size agrees
     * with any size, and the known one wins unless it is 1.
     */
    private static Optional<Shape> withUnknowns(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] x = padLeft(a, rank);
        int[] y = padLeft(b, rank);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            boolean ux = x[i] == Shape.UNKNOWN;
            boolean uy = y[i] == Shape.UNKNOWN;
            if (ux && uy) {
                out[i] = Shape.UNKNOWN;
            } else if (ux) {
                out[i] = y[i] == 1 ? Shape.UNKNOWN : y[i];
            } else if (uy) {
                out[i] = x[i] == 1 ? Shape.UNKNOWN : x[i];
            } else if (x[i] == y[i] || y[i] == 1) {
                out[i] = x[i];
            } else if (x[i] == 1) {
                out[i] = y[i];
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(Shape.of(out));
    }

    /** {@code a + b} by walking the output's indices and mapping each back to both operands. */
    private static Tensor addReference(Tensor a, Tensor b) {
        Shape out = numpy(a.shape(), b.shape()).orElseThrow();
        double[] y = new double[out.size()];
        for (int[] idx : Gens.indices(out)) {
            y[Gens.flat(out, idx)] = a.get(source(a.shape(), idx)) + b.get(source(b.shape(), idx));
        }
        return out.rank() == 0 ? Tensor.scalar(y[0]) : Tensor.fromArray(y, out.dims());
    }

    /** The operand's index for an output index: align at the last axis, and read size-1 axes at 0. */
    private static int[] source(Shape s, int[] outIdx) {
        int[] idx = new int[s.rank()];
        int offset = outIdx.length - s.rank();
        for (int i = 0; i < idx.length; i++) {
            idx[i] = s.dim(i) == 1 ? 0 : outIdx[offset + i];
        }
        return idx;
    }
}
