// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static dev.nabla.graph.Shape.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.DType;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every primitive, each variant, as a small graph with an unknown batch: exported, run in ONNX
 * Runtime on batches of 1, 3 and 17, and compared with Nabla's session, in both element types.
 */
class OnnxPrimitivesTest {
    @TempDir
    Path dir;

    /** A named graph builder: from a fixture to the output node. */
    record Case(String name, Function<Fixture, Node> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (UnaryFn fn : UnaryFn.values()) {
            cases.add(new Case("unary " + fn, f -> Ops.unary(fn, unaryOperand(fn, f))));
        }
        for (BinaryFn fn : BinaryFn.values()) {
            cases.add(new Case("binary " + fn, f -> {
                Node a = fn == BinaryFn.POW ? f.input("a", 0.1, 3, UNKNOWN, 5) : f.input("a", -3, 3, UNKNOWN, 5);
                Node b = fn == BinaryFn.DIV ? f.input("b", 0.5, 3, UNKNOWN, 5) : f.input("b", -3, 3, UNKNOWN, 5);
                return Ops.binary(fn, a, b);
            }));
        }
        for (Compare.Fn fn : Compare.Fn.values()) {
            cases.add(new Case("compare " + fn, f -> Ops.compare(fn, f.integers("a", 3, UNKNOWN, 5),
                    f.integers("b", 3, UNKNOWN, 5))));
        }
        cases.add(new Case("where (nonzero, -0 and 0 conditions)", f -> Ops.where(
                f.choices("c", new double[] {0.0, -0.0, 1.0, -2.5, 1e-300}, UNKNOWN, 5),
                f.input("a", -3, 3, UNKNOWN, 5), f.input("b", -3, 3, UNKNOWN, 5))));
        for (Reduce.Fn fn : Reduce.Fn.values()) {
            for (List<Integer> axes : List.of(List.of(1), List.of(0, 2), List.<Integer>of())) {
                cases.add(new Case("reduce " + fn + " " + axes, f -> f.g.apply(new Reduce(fn, axes),
                        List.of(f.input("x", -3, 3, UNKNOWN, 4, 3)))));
            }
        }
        cases.add(new Case("reshape (unknown batch)", f -> f.input("x", -3, 3, UNKNOWN, 4, 3).reshape(UNKNOWN, 12)));
        cases.add(new Case("reshape (batch moved)", f -> f.input("x", -3, 3, UNKNOWN, 4, 3).reshape(6, UNKNOWN)
                .reshape(UNKNOWN, 3).sum(1).reshape(UNKNOWN, 4)));
        cases.add(new Case("permute", f -> f.input("x", -3, 3, UNKNOWN, 4, 3).permute(2, 0, 1)));
        cases.add(new Case("expand (no reference)", f -> f.input("x", -3, 3, UNKNOWN, 1, 3).expand(UNKNOWN, 4, 3)));
        cases.add(new Case("expand (batch from a reference)", f -> f.g.apply(new Expand(dev.nabla.graph.Shape.of(UNKNOWN, 4)),
                List.of(f.param("row", 1, 4), f.input("x", -3, 3, UNKNOWN, 4)))));
        cases.add(new Case("expand (bias broadcast)", f -> f.input("x", -3, 3, UNKNOWN, 4).add(f.param("bias", 4))));
        cases.add(new Case("slice", f -> Indexing.slice(f.input("x", -3, 3, UNKNOWN, 5, 2), 1, 1, 4)));
        cases.add(new Case("pad", f -> Indexing.pad(f.input("x", -3, 3, UNKNOWN, 5, 2), 1, 2, 1, 0.5)));
        cases.add(new Case("concat (pads)", f -> Indexing.concat(1, f.input("a", -3, 3, UNKNOWN, 2),
                f.input("b", -3, 3, UNKNOWN, 3))));
        cases.add(new Case("gather (axis 1, constant indices)", f -> Indexing.gather(f.input("x", -3, 3, UNKNOWN, 5),
                f.g.constant(Tensor.fromArray(new double[] {4, 0, 2, 2}, 4)), 1)));
        cases.add(new Case("gather (axis 0, fed indices)", f -> Indexing.gather(f.param("table", 10, 4),
                f.integers("ids", 10, UNKNOWN, 2), 0)));
        cases.add(new Case("one_hot", f -> Indexing.oneHot(f.integers("labels", 5, UNKNOWN), 5)));
        cases.add(new Case("one_hot (depth from a reference)", f -> f.g.apply(new OneHot(UNKNOWN, 1),
                List.of(f.integers("labels", 3, UNKNOWN), f.param("ref", 2, 3)))));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                String flags = (ta ? "t" : "n") + (tb ? "t" : "n");
                cases.add(new Case("matmul " + flags + " [?,k]x[k,n]", f -> f.g.apply(new MatMul(ta, tb),
                        List.of(ta ? f.param("a", 4, 3).add(0.0) : f.input("a", -2, 2, UNKNOWN, 4),
                                tb ? f.param("b", 5, 4) : f.param("b", 4, 5)))));
                cases.add(new Case("matmul " + flags + " [?,m,k]x[k,n]", f -> f.g.apply(new MatMul(ta, tb),
                        List.of(f.input("a", -2, 2, ta ? new int[] {UNKNOWN, 4, 3} : new int[] {UNKNOWN, 3, 4}),
                                tb ? f.param("b", 5, 4) : f.param("b", 4, 5)))));
                cases.add(new Case("matmul " + flags + " [?,m,k]x[?,k,n]", f -> f.g.apply(new MatMul(ta, tb),
                        List.of(f.input("a", -2, 2, ta ? new int[] {UNKNOWN, 4, 3} : new int[] {UNKNOWN, 3, 4}),
                                f.input("b", -2, 2, tb ? new int[] {UNKNOWN, 5, 4} : new int[] {UNKNOWN, 4, 5})))));
            }
        }
        cases.add(new Case("stop_gradient", f -> Ops.stopGradient(f.input("x", -3, 3, UNKNOWN, 3))));
        cases.add(new Case("unfold (stride, padding, dilation)", f -> Convolutions.unfold(
                f.input("x", -3, 3, UNKNOWN, 2, 7, 6), new Window(3, 2, 2, 1, 1, 0, 1, 2))));
        cases.add(new Case("unfold (1x1)", f -> Convolutions.unfold(
                f.input("x", -3, 3, UNKNOWN, 2, 3, 3), new Window(1, 1, 1, 1, 0, 0, 1, 1))));
        cases.add(new Case("max (composite over reduce)", f -> Reductions.max(f.input("x", -3, 3, UNKNOWN, 4), true, 1)));
        return cases;
    }

    /** Operands inside each function's domain, away from 0 where the ONNX form is a composition (log1p, expm1). */
    private static Node unaryOperand(UnaryFn fn, Fixture f) {
        return switch (fn) {
            case LOG, SQRT -> f.input("x", 0.05, 5, UNKNOWN, 5);
            case LOG1P -> f.input("x", -0.9, 5, UNKNOWN, 5);
            case EXPM1 -> f.input("x", -3, 3, UNKNOWN, 5);
            case RECIP -> f.input("x", 0.2, 4, UNKNOWN, 5);
            default -> f.input("x", -4, 4, UNKNOWN, 5);
        };
    }

    static Stream<Arguments> casesInBothTypes() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, DType.FLOAT64), Arguments.of(c, DType.FLOAT32)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesInBothTypes")
    void agreesWithOnnxRuntime(Case c, DType type) throws Exception {
        Fixture f = new Fixture(type);
        Node y = c.build().apply(f);
        double worst = OrtAgreement.maxRelative(List.of(y), f.store, OnnxOptions.defaults(), dir, f::feeds,
                java.util.Map.of());
        System.out.println("onnx: " + c + " " + type + " max relative difference " + worst);
        assertTrue(worst <= (type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32),
                c + " " + type + ": max relative difference " + worst);
    }
}
