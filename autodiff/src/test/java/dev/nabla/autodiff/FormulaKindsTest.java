// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Fold;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.RandomOp;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.Slice;
import dev.nabla.graph.op.StopGradient;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Where;
import dev.nabla.graph.op.Window;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The formula reader's entry for every {@link OpKind}, pinned by what it prints. */
class FormulaKindsTest {
    private final Graph g = new Graph();
    private final Node a = g.input("a", 2, 2);
    private final Node b = g.input("b", 2, 2);
    private final Node row = g.input("row", 1, 2);
    private final Node i = g.input("i", 3);
    private static final Window WINDOW = new Window(1, 1, 1, 1, 0, 0, 1, 1);

    private Node apply(Primitive op, Node... in) {
        return g.apply(op, List.of(in));
    }

    private Map<OpKind, Node> samples() {
        Map<OpKind, Node> s = new EnumMap<>(OpKind.class);
        s.put(OpKind.LEAF, a);
        s.put(OpKind.UNARY, apply(new Unary(UnaryFn.EXP), a));
        s.put(OpKind.BINARY, apply(new Binary(BinaryFn.MUL), a, b));
        s.put(OpKind.COMPARE, apply(new Compare(Compare.Fn.LT), a, b));
        s.put(OpKind.WHERE, apply(new Where(), apply(new Compare(Compare.Fn.LE), a, b), a, b));
        s.put(OpKind.REDUCTION, apply(new Reduce(Reduce.Fn.SUM, List.of(0)), a));
        s.put(OpKind.RESHAPE, apply(new Reshape(Shape.of(4)), a));
        s.put(OpKind.PERMUTE, apply(new Permute(List.of(1, 0)), a));
        s.put(OpKind.EXPAND, apply(new Expand(Shape.of(2, 2)), row));
        s.put(OpKind.SLICE, apply(new Slice(0, 0, 1), a));
        s.put(OpKind.PAD, apply(new Pad(1, 1, 0, 0.0), a));
        s.put(OpKind.GATHER, apply(new Gather(0), a, i));
        s.put(OpKind.ONE_HOT, apply(new OneHot(4, 0), i));
        s.put(OpKind.MATMUL, apply(new MatMul(true, false), a, b));
        s.put(OpKind.UNFOLD, apply(new Unfold(WINDOW), a.reshape(1, 1, 2, 2)));
        s.put(OpKind.FOLD, apply(new Fold(2, 2, WINDOW), a.reshape(1, 1, 4)));
        s.put(OpKind.RANDOM, apply(new RandomOp(RandomOp.Dist.NORMAL, Shape.of(2, 2), 0.0, 1.0, 3L)));
        s.put(OpKind.STOP_GRADIENT, apply(new StopGradient(), a));
        s.put(OpKind.CUSTOM, g.apply(new AutodiffBadInputTest.Op("copy", (y, dy) -> List.of(dy)), a));
        return s;
    }

    @Test
    void everyKindReadsAsItsFormula() {
        Map<OpKind, String> expected = new EnumMap<>(OpKind.class);
        expected.put(OpKind.LEAF, "a");
        expected.put(OpKind.UNARY, "exp(a)");
        expected.put(OpKind.BINARY, "a * b");
        expected.put(OpKind.COMPARE, "a < b");
        expected.put(OpKind.WHERE, "where(a <= b, a, b)");
        expected.put(OpKind.REDUCTION, "sum(a, axis=0)");
        expected.put(OpKind.RESHAPE, "a");
        expected.put(OpKind.PERMUTE, "a^T");
        expected.put(OpKind.EXPAND, "row");
        expected.put(OpKind.SLICE, "slice(a, axis=0, 0:1)");
        expected.put(OpKind.PAD, "pad(a, axis=1, before=1, after=0)");
        expected.put(OpKind.GATHER, "gather(a, i, axis=0)");
        expected.put(OpKind.ONE_HOT, "one_hot(i, depth=4)");
        expected.put(OpKind.MATMUL, "a^T @ b");
        expected.put(OpKind.UNFOLD, "unfold(a, kernel=(1, 1), stride=(1, 1), padding=(0, 0), dilation=(1, 1))");
        expected.put(OpKind.FOLD, "fold(a, size=(2, 2), kernel=(1, 1), stride=(1, 1), padding=(0, 0), dilation=(1, 1))");
        expected.put(OpKind.RANDOM, "random_normal(0, 1)");
        expected.put(OpKind.STOP_GRADIENT, "stop_gradient(a)");
        expected.put(OpKind.CUSTOM, "copy(a)");
        Map<OpKind, Node> samples = samples();
        List<String> wrong = new ArrayList<>();
        for (OpKind k : OpKind.values()) {
            Node n = samples.get(k);
            String want = expected.get(k);
            String got = n == null ? "no sample node" : Formula.of(n);
            if (want == null || !want.equals(got)) {
                wrong.add("pass 'formula reader' (FormulaReader.convert), kind " + k + ": expected " + want
                        + ", read " + got);
            }
        }
        assertEquals(List.of(), wrong);
    }
}
