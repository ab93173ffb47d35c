// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.BadInputTest.says;
import static dev.nabla.graph.BadInputTest.thrown;
import static dev.nabla.graph.BadInputTest.thrownHere;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bad-input catalog, part 2: names, leaves, operands from two graphs, null operands, and
 * misuse of the {@link Tensor} factories and {@link Shape}.
 */
class BadInputGraphTest {
    /** Passes its input through: the smallest custom op. */
    static final class Identity implements CustomOp {
        @Override
        public String name() {
            return "identity";
        }

        @Override
        public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            return in.get(0);
        }
    }

    // Names.

    @Test
    void duplicateNodeNames() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        NablaException e = thrownHere(NablaException.class, () -> g.input("x", 4));
        says(e, "named: the name \"x\" is already taken by %" + x.id() + " \"x\" = input [3]; names are unique in a graph");
        e = thrownHere(NablaException.class, () -> g.param("x", 3));
        says(e, "the name \"x\" is already taken by %" + x.id());
        Node y = x.tanh();
        e = thrownHere(NablaException.class, () -> y.named("x"));
        says(e, "the name \"x\" is already taken by %" + x.id());
        assertSame(x, g.node("x").orElseThrow());
    }

    @Test
    void namingANodeTwice() {
        Graph g = new Graph();
        Node y = g.input("x", 3).exp().named("y");
        assertSame(y, y.named("y"));
        NablaException e = thrownHere(NablaException.class, () -> y.named("z"));
        says(e, "named: node \"y\" already has a name; a node is named once");
        assertSame(y, g.node("y").orElseThrow());
    }

    @Test
    void blankAndNullNames() {
        Graph g = new Graph();
        Node y = g.input("x", 3).exp();
        NablaException e = thrownHere(NablaException.class, () -> y.named(" "));
        says(e, "named: a name must be non-empty (node %" + y.id() + ")");
        e = thrownHere(NablaException.class, () -> y.named(null));
        says(e, "named: a name must be non-empty");
        e = thrownHere(NablaException.class, () -> g.input(null, 3));
        says(e, "named: a name must be non-empty");
        e = thrownHere(NablaException.class, () -> g.param("", 3));
        says(e, "named: a name must be non-empty");
    }

    @Test
    void lookupsThatFindNothing() {
        Graph g = new Graph();
        Node y = g.input("x", 3).exp();
        NablaException e = thrown(NablaException.class, () -> y.input(1));
        says(e, "input: %" + y.id() + " = exp has 1 operand(s), none at position 1");
        e = thrown(NablaException.class, () -> y.input(-1));
        says(e, "none at position -1");
        assertTrue(g.node(null).isEmpty());
        ParamStore store = new ParamStore().put("w", Tensor.ones(1));
        e = thrown(NablaException.class, () -> store.get("v"));
        says(e, "ParamStore.get: no value for \"v\"; the store holds [w]");
        e = thrown(NablaException.class, () -> store.get(null));
        says(e, "ParamStore.get: no value for \"null\"");
        assertFalse(store.contains(null));
        e = thrown(NablaException.class, () -> store.put(null, Tensor.ones(1)));
        says(e, "ParamStore.put: the name and the value must not be null");
    }

    // Leaves.

    @Test
    void paramWithAnUnknownSize() {
        Graph g = new Graph();
        ShapeException e = thrownHere(ShapeException.class, () -> g.param("w", Shape.UNKNOWN, 3));
        says(e, "param \"w\" [?, 3]: every size of a param must be known");
    }

    @Test
    void inputWithAnUnknownNonLeadingSize() {
        Graph g = new Graph();
        ShapeException e = thrownHere(ShapeException.class, () -> g.input("x", 3, Shape.UNKNOWN));
        says(e, "input \"x\" [3, ?]: only the leading (batch) size may be unknown");
    }

    @Test
    void leavesWithNegativeSizes() {
        Graph g = new Graph();
        ShapeException e = thrownHere(ShapeException.class, () -> g.input("x", 3, -2));
        says(e, "input \"x\"", "shape [3, -2]: dimension -2 is negative");
        e = thrownHere(ShapeException.class, () -> g.param("w", -5));
        says(e, "param \"w\"", "dimension -5 is negative");
    }

    // Two graphs.

    @Test
    void operandsFromTwoGraphs() {
        Graph g1 = new Graph();
        Graph g2 = new Graph();
        Node x = g1.input("x", 2, 3);
        Node w = g2.param("w", 3, 4);
        Node b = g2.param("b", 3);
        NablaException e = thrownHere(NablaException.class, () -> x.matmul(w));
        says(e, "matmul(\"x\" [2, 3], \"w\" [3, 4]): operand 1 \"w\" belongs to another graph");
        e = thrownHere(NablaException.class, () -> x.add(b));
        says(e, "add(\"x\" [2, 3], \"b\" [3]): operands \"x\" and \"b\" belong to different graphs");
        e = thrownHere(NablaException.class, () -> x.sub(b));
        says(e, "sub(\"x\" [2, 3], \"b\" [3]): operands \"x\" and \"b\" belong to different graphs");
        e = thrownHere(NablaException.class, () -> Ops.where(x, x, b));
        says(e, "where(\"x\" [2, 3], \"x\" [2, 3], \"b\" [3]): operands \"x\" and \"b\" belong to different graphs");
        Node idx = g2.input("idx", 2);
        e = thrownHere(NablaException.class, () -> Indexing.gather(x, idx, 0));
        says(e, "gather(\"x\" [2, 3], \"idx\" [2]): operand 1 \"idx\" belongs to another graph");
        Node y = g2.param("y", 2, 3);
        e = thrownHere(NablaException.class, () -> Indexing.concat(0, x, y));
        says(e, "concat(\"x\" [2, 3], \"y\" [2, 3]): operands \"x\" and \"y\" belong to different graphs");
        e = thrownHere(NablaException.class, () -> g2.apply(new Identity(), x));
        says(e, "identity(\"x\" [2, 3]): operand 0 \"x\" belongs to another graph");
    }

    // Null operands.

    @Test
    void nullOperandsAreNamedByPosition() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 2);
        NablaException e = thrownHere(NablaException.class, () -> x.matmul(null));
        says(e, "matmul: operand 1 is null");
        e = thrownHere(NablaException.class, () -> Ops.add(null, x));
        says(e, "add: operand 0 is null");
        e = thrownHere(NablaException.class, () -> x.sub(null));
        says(e, "sub: operand 1 is null");
        e = thrownHere(NablaException.class, () -> x.div(null));
        says(e, "div: operand 1 is null");
        e = thrownHere(NablaException.class, () -> x.minimum(null));
        says(e, "min: operand 1 is null");
        e = thrownHere(NablaException.class, () -> x.gt(null));
        says(e, "gt: operand 1 is null");
        e = thrownHere(NablaException.class, () -> Ops.where(x, null, x));
        says(e, "where: operand 1 is null");
        e = thrownHere(NablaException.class, () -> Reductions.sum(null, false));
        says(e, "sum: operand 0 is null");
        e = thrownHere(NablaException.class, () -> Ops.reshape(null, 4));
        says(e, "reshape: operand 0 is null");
        e = thrownHere(NablaException.class, () -> Ops.transpose(null));
        says(e, "transpose: operand 0 is null");
        e = thrownHere(NablaException.class, () -> Indexing.slice(null, 0, 0, 1));
        says(e, "slice: operand 0 is null");
        e = thrownHere(NablaException.class, () -> Indexing.gather(x, null, 0));
        says(e, "gather: operand 1 is null");
        e = thrownHere(NablaException.class, () -> Indexing.concat(0, x, null));
        says(e, "concat: operand 1 is null");
        e = thrownHere(NablaException.class, () -> Indexing.oneHot(null, 3));
        says(e, "one_hot: operand 0 is null");
        e = thrownHere(NablaException.class, () -> g.apply(new Identity(), x, null));
        says(e, "identity: operand 1 is null");
    }

    @Test
    void nullArgumentsOtherThanOperands() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 2);
        NablaException e = thrownHere(NablaException.class, () -> Ops.unary(null, x));
        says(e, "unary(\"x\" [2, 2]): the function is null");
        e = thrownHere(NablaException.class, () -> x.reshape((int[]) null));
        says(e, "reshape(\"x\" [2, 2]): the dims are null");
        e = thrownHere(NablaException.class, () -> x.sum((int[]) null));
        says(e, "sum(\"x\" [2, 2]): the axes are null");
        e = thrownHere(NablaException.class, () -> x.permute((int[]) null));
        says(e, "permute(\"x\" [2, 2]): the permutation is null");
        e = thrownHere(NablaException.class, () -> g.constant(null));
        says(e, "constant: value is null");
        e = thrownHere(NablaException.class, () -> g.apply((CustomOp) null, x));
        says(e, "apply: op is null");
        e = thrownHere(NablaException.class, () -> Randoms.normal(null, 0, 1, 7, 2));
        says(e, "random_normal: the graph is null");
        e = thrownHere(NablaException.class, () -> g.apply(new Identity(), (Node[]) null));
        says(e, "identity: the operand array is null");
        ShapeException s = thrownHere(ShapeException.class, () -> g.input("y", (int[]) null));
        says(s, "input \"y\": shape: the dims are null");
        e = thrown(NablaException.class, () -> g.format((Node) null));
        says(e, "format: the outputs must not be or contain null");
    }

    // Tensors and shapes.

    @Test
    void tensorFactoryMisuse() {
        ShapeException e = thrown(ShapeException.class, () -> Tensor.fromArray(new double[5], 2, 3));
        says(e, "Tensor.fromArray: 5 values do not fill shape [2, 3] of 6 elements");
        e = thrown(ShapeException.class, () -> Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4, 5}));
        says(e, "Tensor.fromRows: row 1 has 3 values but row 0 has 2");
        e = thrown(ShapeException.class, () -> Tensor.zeros(2, -3));
        says(e, "Tensor.zeros: size -3 in [2, -3] is negative");
        e = thrown(ShapeException.class, () -> Tensor.ones(-4));
        says(e, "Tensor.full: size -4 in [-4] is negative");
        e = thrown(ShapeException.class, () -> Tensor.zeros(-1, 2));
        says(e, "Tensor.zeros: size -1 in [-1, 2] is negative");
        e = thrown(ShapeException.class, () -> Tensor.zeros(Shape.of(Shape.UNKNOWN, 2)));
        says(e, "shape [?, 2] has an unknown dimension");
        NablaException n = thrown(NablaException.class, () -> Tensor.arange(0, 5, 0));
        says(n, "Tensor.arange: step must be finite and non-zero, got 0.0");
        n = thrown(NablaException.class, () -> Tensor.linspace(0, 1, -1));
        says(n, "Tensor.linspace: count must be at least 0, got -1");
        n = thrown(NablaException.class, () -> Tensor.fromArray(null, 2));
        says(n, "Tensor.fromArray: values is null");
        n = thrown(NablaException.class, () -> Tensor.fromRows((double[][]) null));
        says(n, "Tensor.fromRows: the rows must not be or contain null");
        n = thrown(NablaException.class, () -> Tensor.fromRows(new double[] {1}, null));
        says(n, "Tensor.fromRows: the rows must not be or contain null");
    }

    @Test
    void tensorReadsOutOfBounds() {
        Tensor t = Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4});
        ShapeException e = thrown(ShapeException.class, () -> t.get(2, 0));
        says(e, "Tensor.get: index [2, 0] is out of bounds for shape [2, 2]");
        e = thrown(ShapeException.class, () -> t.get(0, -1));
        says(e, "Tensor.get: index [0, -1] is out of bounds for shape [2, 2]");
        e = thrown(ShapeException.class, () -> t.get(1));
        says(e, "Tensor.get: 1 indices for a tensor of shape [2, 2]");
        e = thrown(ShapeException.class, () -> t.item());
        says(e, "Tensor.item: tensor of shape [2, 2] has 4 elements, not 1");
        e = thrown(ShapeException.class, () -> t.reshape(3, 2));
        says(e, "Tensor.reshape: cannot reshape [2, 2] (4 elements) to [3, 2]");
        e = thrown(ShapeException.class, () -> t.get((int[]) null));
        says(e, "Tensor.get: no indices for a tensor of shape [2, 2]");
    }

    @Test
    void shapeOfNegativeDims() {
        ShapeException e = thrown(ShapeException.class, () -> Shape.of(3, -2));
        says(e, "shape [3, -2]: dimension -2 is negative; use Shape.UNKNOWN (-1) for a batch size known only at run time");
        e = thrown(ShapeException.class, () -> Shape.of(2, 3).dim(2));
        says(e, "axis 2 is out of range for shape [2, 3] of rank 2");
        e = thrown(ShapeException.class, () -> Shape.of(65536, 65536));
        says(e, "shape [65536, 65536]: 4294967296 elements, more than Shape.MAX_ELEMENTS = 2147483639, the longest array the JVM allocates");
        e = thrown(ShapeException.class, () -> Shape.of((int[]) null));
        says(e, "shape: the dims are null");
    }
}
