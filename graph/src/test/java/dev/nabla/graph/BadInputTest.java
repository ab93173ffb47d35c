// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bad-input catalog, part 1: shapes that do not fit, caught when the node is built. Each case
 * checks the exception's exact type and that its message names the op, every operand with its
 * shape, what is wrong, and the test line that built the node. Parts 2 to 5 are
 * {@link BadInputGraphTest}, {@link BadInputRunTest}, {@link BadInputSweepTest} and
 * {@link BadInputMatMulTest}; the helpers below serve all five.
 */
class BadInputTest {
    // Helpers shared by the BadInput*Test classes.

    /** Asserts that the call throws exactly {@code type} (not a subclass) and returns it. */
    static <T extends Throwable> T thrown(Class<T> type, Executable call) {
        Throwable e = assertThrows(Throwable.class, call);
        assertSame(type, e.getClass(), () -> "expected " + type.getSimpleName() + " but got " + e);
        return type.cast(e);
    }

    /**
     * As {@link #thrown}, and asserts that the message ends with the caller's own line as call
     * site: {@code (at BadInputTest.java:42)}. The call and its lambda must sit on one line.
     */
    static <T extends Throwable> T thrownHere(Class<T> type, Executable call) {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
        T e = thrown(type, call);
        String site = "(at " + caller.getFileName() + ":" + caller.getLineNumber() + ")";
        assertTrue(e.getMessage().endsWith(site), () -> "message does not end with " + site + ": " + e.getMessage());
        return e;
    }

    /** Asserts that the message contains every part, in any order. */
    static void says(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
    }

    /** @return {@code File.java:N} for the caller's line plus an offset, as a node's call site reads */
    static String site(int offset) {
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
        return caller.getFileName() + ":" + (caller.getLineNumber() + offset);
    }

    // Elementwise ops and their composites name themselves and the user's operands.

    @Test
    void addDoesNotBroadcast() {
        Graph g = new Graph();
        Node a = g.input("a", 2, 3);
        Node b = g.param("b", 4);
        ShapeException e = thrownHere(ShapeException.class, () -> a.add(b));
        says(e, "add(\"a\" [2, 3], \"b\" [4]): shapes [2, 3] and [4] do not broadcast: axis -1 has sizes 3 and 4, and neither is 1");
    }

    @Test
    void everyBinaryOpAndCompositeNamesItself() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 3);
        Node b = g.param("b", 2, 4);
        Map<String, BiFunction<Node, Node, Node>> ops = new LinkedHashMap<>();
        ops.put("add", Ops::add);
        ops.put("sub", Ops::sub);
        ops.put("mul", Ops::mul);
        ops.put("div", Ops::div);
        ops.put("pow", Ops::pow);
        ops.put("max", Ops::maximum);
        ops.put("min", Ops::minimum);
        ops.put("lt", Ops::lt);
        ops.put("le", Ops::le);
        ops.put("gt", Ops::gt);
        ops.put("ge", Ops::ge);
        ops.put("eq", Ops::eq);
        ops.forEach((name, op) -> {
            ShapeException e = thrown(ShapeException.class, () -> op.apply(a, b));
            says(e, name + "(\"a\" [?, 3], \"b\" [2, 4]): shapes [?, 3] and [2, 4] do not broadcast: axis -1 has sizes 3 and 4");
            assertTrue(e.getMessage().matches(".*\\(at BadInputTest\\.java:\\d+\\)"), e.getMessage());
        });
    }

    @Test
    void whereShapesDoNotBroadcast() {
        Graph g = new Graph();
        Node c = g.input("c", 2, 3);
        Node a = g.param("a", 3);
        Node b = g.param("b", 4);
        ShapeException e = thrownHere(ShapeException.class, () -> Ops.where(c, a, b));
        says(e, "where(\"c\" [2, 3], \"a\" [3], \"b\" [4]): shapes [2, 3] and [4] do not broadcast: axis -1 has sizes 3 and 4");
    }

    // Movement.

    @Test
    void reshapeToAWrongSize() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        ShapeException e = thrownHere(ShapeException.class, () -> x.reshape(4, 2));
        says(e, "reshape(\"x\" [2, 3]): cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
        e = thrownHere(ShapeException.class, () -> x.reshape(4, -1));
        says(e, "reshape(\"x\" [2, 3]): cannot reshape [2, 3] (6 elements) to [4, ?]");
        e = thrownHere(ShapeException.class, () -> x.reshape(-1, -1));
        says(e, "reshape(\"x\" [2, 3]): target [?, ?] has more than one unknown size");
        e = thrownHere(ShapeException.class, () -> x.reshape(2, -3));
        says(e, "dimension -3 is negative");
    }

    @Test
    void reshapeOfAnUnknownBatchNeedsMinusOne() {
        Graph g = new Graph();
        Node img = g.input("img", Shape.UNKNOWN, 784);
        ShapeException e = thrownHere(ShapeException.class, () -> img.reshape(28, 28));
        says(e, "reshape(\"img\" [?, 784]): cannot reshape [?, 784], whose size is known only at run time, to [28, 28]",
                "leave one target size as -1");
    }

    @Test
    void permuteWithANonPermutation() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3, 4);
        ShapeException e = thrownHere(ShapeException.class, () -> x.permute(0, 0, 1));
        says(e, "permute(\"x\" [2, 3, 4]): [0, 0, 1] is not a permutation of the axes 0..2");
        e = thrownHere(ShapeException.class, () -> x.permute(0, 1, 3));
        says(e, "permute(\"x\" [2, 3, 4]): [0, 1, 3] is not a permutation of the axes 0..2");
        e = thrownHere(ShapeException.class, () -> x.permute(1, 0));
        says(e, "permute(\"x\" [2, 3, 4]): permutation [1, 0] has 2 axes but the operand has rank 3");
        Node v = g.input("v", 3);
        e = thrownHere(ShapeException.class, () -> v.transpose());
        says(e, "transpose(\"v\" [3]): needs rank 2 or more");
    }

    @Test
    void expandToAnIncompatibleShape() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        ShapeException e = thrownHere(ShapeException.class, () -> x.expand(4, 3));
        says(e, "expand(\"x\" [2, 3]): shapes [2, 3] and [4, 3] do not broadcast: axis -2 has sizes 2 and 4");
        e = thrownHere(ShapeException.class, () -> x.expand(3));
        says(e, "expand(\"x\" [2, 3]): cannot broadcast to [3]");
        e = thrownHere(ShapeException.class, () -> x.expand(Shape.UNKNOWN, 2, 3));
        says(e, "expand(\"x\" [2, 3]): target [?, 2, 3] leaves axis 0 unknown, but the operand has no run-time size there");
    }

    @Test
    void sliceOutOfRange() {
        Graph g = new Graph();
        Node x = g.input("x", 4, 5);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.slice(x, 1, 2, 7));
        says(e, "slice(\"x\" [4, 5]): range [2, 7) does not fit axis 1 of [4, 5] (size 5)");
        e = thrownHere(ShapeException.class, () -> Indexing.slice(x, 0, 3, 1));
        says(e, "slice(\"x\" [4, 5]): range [3, 1) does not fit axis 0 of [4, 5] (size 4)");
        e = thrownHere(ShapeException.class, () -> Indexing.slice(x, -1, -1, 2));
        says(e, "slice(\"x\" [4, 5]): range [-1, 2) does not fit axis 1");
        e = thrownHere(ShapeException.class, () -> Indexing.slice(x, 2, 0, 1));
        says(e, "slice(\"x\" [4, 5]): axis 2 is out of range for shape [4, 5] of rank 2");
    }

    @Test
    void sliceOnTheUnknownAxis() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 5);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.slice(x, 0, 0, 2));
        says(e, "slice(\"x\" [?, 5]): cannot slice axis 0 of [?, 5]: its size is known only at run time");
    }

    @Test
    void padWithANegativeWidthOrOnTheUnknownAxis() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 5);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.pad(x, 1, -1, 2, 0.0));
        says(e, "pad(\"x\" [?, 5]): pad widths must be at least 0, got -1 and 2");
        e = thrownHere(ShapeException.class, () -> Indexing.pad(x, 0, 1, 1, 0.0));
        says(e, "pad(\"x\" [?, 5]): cannot pad axis 0 of [?, 5]: its size is known only at run time");
        e = thrownHere(ShapeException.class, () -> Indexing.pad(x, -3, 1, 1, 0.0));
        says(e, "pad(\"x\" [?, 5]): axis -3 is out of range for shape [?, 5] of rank 2");
    }

    @Test
    void concatWithMismatchedSizes() {
        Graph g = new Graph();
        Node a = g.input("a", 2, 3);
        Node b = g.param("b", 2, 4);
        Node c = g.param("c", 2, 3, 1);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.concat(0, a, b));
        says(e, "concat(\"a\" [2, 3], \"b\" [2, 4]): sizes differ on axis 1, which is not the joining axis 0");
        e = thrownHere(ShapeException.class, () -> Indexing.concat(1, a, c));
        says(e, "concat(\"a\" [2, 3], \"c\" [2, 3, 1]): ranks differ");
        e = thrownHere(ShapeException.class, () -> Indexing.concat(2, a, b));
        says(e, "concat(\"a\" [2, 3]): axis 2 is out of range for shape [2, 3] of rank 2");
        NablaException none = thrownHere(NablaException.class, () -> Indexing.concat(0));
        says(none, "concat: needs at least one operand");
    }

    @Test
    void concatAlongTheUnknownAxis() {
        Graph g = new Graph();
        Node a = g.input("a", Shape.UNKNOWN, 3);
        Node b = g.input("b", Shape.UNKNOWN, 3);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.concat(0, a, b));
        says(e, "concat(\"a\" [?, 3], \"b\" [?, 3]): cannot join along axis 0, whose size is known only at run time");
    }

    // Reductions and indexing.

    @Test
    void reductionAxisOutOfRange() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        ShapeException e = thrownHere(ShapeException.class, () -> x.sum(2));
        says(e, "sum(\"x\" [2, 3]): axis 2 is out of range for rank 2");
        e = thrownHere(ShapeException.class, () -> x.mean(-3));
        says(e, "mean(\"x\" [2, 3]): axis -3 is out of range for rank 2");
        e = thrownHere(ShapeException.class, () -> x.max(5));
        says(e, "max(\"x\" [2, 3]): axis 5 is out of range for rank 2");
        e = thrownHere(ShapeException.class, () -> x.min(2));
        says(e, "min(\"x\" [2, 3]): axis 2 is out of range for rank 2");
        e = thrownHere(ShapeException.class, () -> Reductions.logsumexp(x, false, 7));
        says(e, "logsumexp(\"x\" [2, 3]): axis 7 is out of range for rank 2");
        e = thrownHere(ShapeException.class, () -> Reductions.sum(x, true, 0, -2));
        says(e, "sum(\"x\" [2, 3]): axis -2 is given twice");
        Node s = g.param("s");
        e = thrownHere(ShapeException.class, () -> s.sum(0));
        says(e, "sum(\"s\" []): axis 0 is out of range for rank 0");
    }

    @Test
    void gatherAxisOutOfRange() {
        Graph g = new Graph();
        Node x = g.param("x", 3, 2);
        Node idx = g.input("idx", 4);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.gather(x, idx, 2));
        says(e, "gather(\"x\" [3, 2]): axis 2 is out of range for shape [3, 2] of rank 2");
    }

    @Test
    void oneHotDepthBelowOne() {
        Graph g = new Graph();
        Node labels = g.input("labels", 4);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.oneHot(labels, 0));
        says(e, "one_hot(\"labels\" [4]): depth must be at least 1, got 0");
    }

    @Test
    void randomOpsRejectBadParametersAndUnknownSizes() {
        Graph g = new Graph();
        ShapeException e = thrownHere(ShapeException.class, () -> Randoms.uniform(g, 1, 0, 7, 2));
        says(e, "random_uniform", "1.0", "0.0", "low <= high");
        e = thrownHere(ShapeException.class, () -> Randoms.normal(g, 0, -1, 7, 2));
        says(e, "random_normal", "-1.0", "std >= 0");
        Node h = g.input("h", Shape.UNKNOWN, 3);
        e = thrownHere(ShapeException.class, () -> Randoms.bernoulliLike(h, 1.5, 7));
        says(e, "random_bernoulli", "1.5", "0 <= p <= 1");
        e = thrownHere(ShapeException.class, () -> Randoms.uniform(g, 0, 1, 7, Shape.UNKNOWN, 3));
        says(e, "random_uniform(): shape [?, 3] has an unknown size and no reference input gives it");
    }
}
