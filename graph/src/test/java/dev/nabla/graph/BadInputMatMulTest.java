// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.BadInputTest.says;
import static dev.nabla.graph.BadInputTest.thrownHere;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/**
 * The bad-input catalog, part 5: every way a matrix product by {@code numpy.matmul}'s rules can
 * fail when it is built. Each message names matmul, both of the user's operands with their shapes
 * (never the reshapes matmul builds inside), the failing sizes or axes, and the test's line.
 */
class BadInputMatMulTest {
    @Test
    void matmulInnerDimensionsDiffer() {
        Graph g = new Graph();
        Node x = g.input("x", 128, 784);
        Node w1 = g.param("w1", 256, 10);
        ShapeException e = thrownHere(ShapeException.class, () -> x.matmul(w1));
        says(e, "matmul(\"x\" [128, 784], \"w1\" [256, 10]): inner dimensions 784 and 256 differ");
        // Neither transposed operand would fit, so the message must not suggest it.
        assertFalse(e.getMessage().contains("transpose"), e.getMessage());
    }

    @Test
    void matmulSuggestsATransposeOnlyWhenOneFits() {
        Graph g = new Graph();
        Node x = g.input("x", 3, 4);
        Node w = g.param("w", 5, 4);
        ShapeException e = thrownHere(ShapeException.class, () -> Ops.matmul(x, w));
        says(e, "matmul(\"x\" [3, 4], \"w\" [5, 4]): inner dimensions 4 and 5 differ; transpose an operand?");
    }

    @Test
    void matmulLabelsAnUnnamedOperandById() {
        Graph g = new Graph();
        Node h = g.input("x", 2, 3).tanh();
        Node w = g.param("w", 4, 2);
        ShapeException e = thrownHere(ShapeException.class, () -> h.matmul(w));
        says(e, "matmul(%" + h.id() + " [2, 3], \"w\" [4, 2]): inner dimensions 3 and 4 differ");
    }

    @Test
    void matmulRejectsScalarsOnEitherSide() {
        Graph g = new Graph();
        Node s = g.input("s");
        Node m = g.param("m", 3, 2);
        ShapeException e = thrownHere(ShapeException.class, () -> s.matmul(m));
        says(e, "matmul(\"s\" [], \"m\" [3, 2]): operand 0 is a scalar, but matmul needs rank 1 or more",
                "multiply by a scalar with mul");
        e = thrownHere(ShapeException.class, () -> m.matmul(s));
        says(e, "matmul(\"m\" [3, 2], \"s\" []): operand 1 is a scalar");
    }

    @Test
    void matmulVectorsOfDifferentLengths() {
        Graph g = new Graph();
        Node u = g.input("u", 3);
        Node v = g.input("v", 4);
        ShapeException e = thrownHere(ShapeException.class, () -> u.matmul(v));
        says(e, "matmul(\"u\" [3], \"v\" [4]): inner dimensions 3 and 4 differ");
        assertFalse(e.getMessage().contains("transpose"), e.getMessage());
    }

    @Test
    void matmulVectorTimesBatchContractsItsOnlyAxis() {
        Graph g = new Graph();
        Node v = g.input("v", 3);
        Node t = g.input("t", 2, 4, 5);
        ShapeException e = thrownHere(ShapeException.class, () -> v.matmul(t));
        says(e, "matmul(\"v\" [3], \"t\" [2, 4, 5]): inner dimensions 3 and 4 differ");
        // [2, 5, 3] would fit if its last two axes were swapped.
        Node r = g.input("r", 2, 5, 3);
        e = thrownHere(ShapeException.class, () -> v.matmul(r));
        says(e, "matmul(\"v\" [3], \"r\" [2, 5, 3]): inner dimensions 3 and 5 differ; transpose an operand?");
    }

    @Test
    void matmulBatchTimesVectorContractsItsOnlyAxis() {
        Graph g = new Graph();
        Node t = g.input("t", Shape.UNKNOWN, 3, 4);
        Node v = g.input("v", 5);
        ShapeException e = thrownHere(ShapeException.class, () -> t.matmul(v));
        says(e, "matmul(\"t\" [?, 3, 4], \"v\" [5]): inner dimensions 4 and 5 differ");
    }

    @Test
    void matmulRank4InnerDimensionsDiffer() {
        Graph g = new Graph();
        Node q = g.input("q", 2, 3, 4, 8);
        Node k = g.input("k", 2, 3, 7, 4);
        ShapeException e = thrownHere(ShapeException.class, () -> q.matmul(k));
        says(e, "matmul(\"q\" [2, 3, 4, 8], \"k\" [2, 3, 7, 4]): inner dimensions 8 and 7 differ");
    }

    @Test
    void matmulBatchSizesDiffer() {
        Graph g = new Graph();
        Node a = g.input("a", 2, 3, 4);
        Node b = g.input("b", 5, 4, 6);
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(b));
        says(e, "matmul(\"a\" [2, 3, 4], \"b\" [5, 4, 6]): batch shapes [2] and [5] do not broadcast: axis 0 of \"a\""
                + " has size 2 and axis 0 of \"b\" has size 5, and neither is 1");
    }

    @Test
    void matmulRank4BatchAxesThatDoNotBroadcast() {
        Graph g = new Graph();
        Node a = g.input("a", 2, 3, 4, 5);
        Node b = g.input("b", 2, 1, 5, 6);
        Node c = g.input("c", 1, 2, 5, 6);
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(c));
        says(e, "batch shapes [2, 3] and [1, 2] do not broadcast: axis 1 of \"a\" has size 3 and axis 1 of \"c\" has size 2");
        e = thrownHere(ShapeException.class, () -> b.matmul(a.transpose()));
        says(e, "matmul(\"b\" [2, 1, 5, 6], %", "[2, 3, 5, 4]): inner dimensions 6 and 5 differ");
    }

    @Test
    void matmulBatchAxesOfDifferentRanksAreNamedInEachOperand() {
        Graph g = new Graph();
        Node a = g.input("a", 2, 3, 4, 5);
        Node b = g.param("b", 4, 5, 6);
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(b));
        says(e, "matmul(\"a\" [2, 3, 4, 5], \"b\" [4, 5, 6]): batch shapes [2, 3] and [4] do not broadcast: axis 1 of"
                + " \"a\" has size 3 and axis 0 of \"b\" has size 4, and neither is 1");
    }

    @Test
    void matmulRefusesABatchWithTwoSizesKnownOnlyAtRunTime() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 1, 2, 3);
        Node b = g.input("b", Shape.UNKNOWN, 3, 4);
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(b));
        says(e, "matmul(\"a\" [?, 1, 2, 3], \"b\" [?, 3, 4]): the batch [?, ?] has more than one size known only at run"
                + " time", "a reshape can infer only one size");
    }

    @Test
    void matmulRefusesToRestoreAnUnknownBatchNextToAnUnknownRowCount() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 3).reshape(1, Shape.UNKNOWN, 3);   // [1, ?, 3]: rows known at run time
        Node b = g.input("b", Shape.UNKNOWN, 2, 3, 4);
        // The product [?, ?, 4] of a's matrix and b's flattened batch cannot be reshaped to [?, 2, ?, 4].
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(b));
        says(e, "matmul(%" + a.id() + " [1, ?, 3], \"b\" [?, 2, 3, 4]): would reshape [?, ?, 4] to [?, 2, ?, 4]",
                "more than one size known only at run time");
    }

    @Test
    void matmulRefusesAnUnknownBatchSizeForAnOperandWithUnknownMatrixSizes() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 2, 3, 2);
        // [?, 4] -> [4, ?] -> [1, 2, 2, ?]: a batch of ones to stretch to a's run-time size, and an unknown column count.
        Node b = g.input("b", Shape.UNKNOWN, 4).transpose().reshape(1, 2, 2, Shape.UNKNOWN);
        ShapeException e = thrownHere(ShapeException.class, () -> a.matmul(b));
        says(e, "matmul(\"a\" [?, 2, 3, 2], %" + b.id() + " [1, 2, 2, ?]): cannot broadcast the batch of [1, 2, 2, ?] to"
                + " [?, 2]", "the matrix sizes of [1, 2, 2, ?] must be known");
    }

    @Test
    void matmulOperandsFromTwoGraphsAreNamedAsTheUserGaveThem() {
        Node v = new Graph().input("v", 3);
        Node m = new Graph().param("m", 3, 2);
        NablaException e = thrownHere(NablaException.class, () -> v.matmul(m));
        says(e, "matmul(\"v\" [3], \"m\" [3, 2]): operand 1 \"m\" belongs to another graph");
    }
}
