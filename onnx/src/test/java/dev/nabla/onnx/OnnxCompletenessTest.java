// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static dev.nabla.graph.Shape.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.nabla.graph.Convolutions;
import dev.nabla.graph.DType;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping table: every primitive kind, and every variant of the elementwise and reduction
 * kinds, with the ONNX operators its export uses (in float32 and in float64, where ONNX Runtime's
 * missing kernels make some compositions) or its refusal. Fails when a kind or variant is added
 * without a row, and checks each row against a real export.
 */
class OnnxCompletenessTest {
    @TempDir
    Path dir;

    private static final String REFUSED = "refused";
    private static final String COS64 = "Round Mul Sub Add Mod Abs Sin";
    private static final String ATAN64 = "Abs Greater Reciprocal Where Mul Add Sqrt Div Sub Less Neg";
    private static final String ERF64 = "Abs Min Mul Add Exp Neg Where Less IsNaN";
    private static final String SOFTPLUS64 = "Exp Neg Abs Add Sub Log Mul Div Where Equal IsInf Max";
    private static final String SIGMOID64 = "Exp Neg Abs Add Reciprocal Where Less Mul";

    /** Row name, then the ONNX operators in float32 and in float64 (space-separated sets), or "refused". */
    private static final String[][] TABLE = {
        {"LEAF", "Identity", "Identity"},
        {"UNARY.NEG", "Neg", "Neg"},
        {"UNARY.EXP", "Exp", "Exp"},
        {"UNARY.LOG", "Log", "Log"},
        {"UNARY.SIN", "Sin", "Sin"},
        {"UNARY.COS", "Cos", COS64},
        {"UNARY.SQRT", "Sqrt", "Sqrt"},
        {"UNARY.RECIP", "Reciprocal", "Reciprocal"},
        {"UNARY.SIGN", "Sign", "Sign"},
        {"UNARY.ABS", "Abs", "Abs"},
        {"UNARY.TANH", "Tanh", "Tanh"},
        {"UNARY.LOG1P", "Add Sub Log Mul Div Equal Where IsInf", "Add Sub Log Mul Div Equal Where IsInf"},
        {"UNARY.EXPM1", "Exp Sub Mul Log Div Equal Where Abs Less", "Exp Sub Mul Log Div Equal Where Abs Less"},
        {"UNARY.ERF", "Erf", ERF64},
        {"UNARY.SIGMOID", "Sigmoid", SIGMOID64},
        {"UNARY.ATAN", "Atan", ATAN64},
        {"UNARY.SOFTPLUS", "Softplus", SOFTPLUS64},
        {"BINARY.ADD", "Add", "Add"},
        {"BINARY.MUL", "Mul", "Mul"},
        {"BINARY.DIV", "Div", "Div"},
        {"BINARY.MAX", "Max", "Max"},
        {"BINARY.POW", "Pow", "Pow"},
        {"COMPARE.LT", "Less Cast", "Less Cast"},
        {"COMPARE.LE", "LessOrEqual Cast", "LessOrEqual Cast"},
        {"COMPARE.EQ", "Equal Cast", "Equal Cast"},
        {"WHERE", "Equal Not Where", "Equal Not Where"},
        {"REDUCTION.SUM", "ReduceSum", "ReduceSum"},
        {"REDUCTION.MAX", "ReduceMax", "ReduceMax"},
        {"RESHAPE", "Reshape", "Reshape"},
        {"PERMUTE", "Transpose", "Transpose"},
        {"EXPAND", "Shape Where Expand", "Shape Where Expand"},
        {"SLICE", "Slice", "Slice"},
        {"PAD", "Pad", "Pad"},
        {"GATHER", "Cast Gather", "Cast Gather"},
        {"ONE_HOT", "Cast Unsqueeze Range Equal", "Cast Unsqueeze Range Equal"},
        {"MATMUL", "Gemm Einsum", "Gemm Einsum"},
        {"UNFOLD", "Pad Slice Unsqueeze Concat Reshape", "Pad Slice Unsqueeze Concat Reshape"},
        {"FOLD", REFUSED, REFUSED},
        {"RANDOM", REFUSED, REFUSED},
        {"STOP_GRADIENT", "Identity", "Identity"},
        {"CUSTOM", REFUSED, REFUSED},
    };

    /** A graph exercising each row (both matrix product forms for MATMUL). */
    private static Map<String, Function<Fixture, List<Node>>> samples() {
        Map<String, Function<Fixture, List<Node>>> s = new LinkedHashMap<>();
        s.put("LEAF", f -> List.of(f.param("w", 3)));
        for (UnaryFn fn : UnaryFn.values()) {
            s.put("UNARY." + fn, f -> List.of(Ops.unary(fn, f.input("x", 0.5, 2, UNKNOWN, 4))));
        }
        for (BinaryFn fn : BinaryFn.values()) {
            s.put("BINARY." + fn, f -> List.of(Ops.binary(fn, f.input("a", 0.5, 2, UNKNOWN, 4), f.input("b", 0.5, 2, UNKNOWN, 4))));
        }
        for (Compare.Fn fn : Compare.Fn.values()) {
            s.put("COMPARE." + fn, f -> List.of(Ops.compare(fn, f.input("a", 0, 1, UNKNOWN, 4), f.input("b", 0, 1, UNKNOWN, 4))));
        }
        s.put("WHERE", f -> List.of(Ops.where(f.input("c", 0, 1, UNKNOWN, 4), f.input("a", 0, 1, UNKNOWN, 4),
                f.input("b", 0, 1, UNKNOWN, 4))));
        for (Reduce.Fn fn : Reduce.Fn.values()) {
            s.put("REDUCTION." + fn, f -> List.of(f.g.apply(new Reduce(fn, List.of(1)), List.of(f.input("x", 0, 1, UNKNOWN, 4)))));
        }
        s.put("RESHAPE", f -> List.of(f.input("x", 0, 1, UNKNOWN, 4).reshape(UNKNOWN, 2, 2)));
        s.put("PERMUTE", f -> List.of(f.input("x", 0, 1, UNKNOWN, 4).permute(1, 0)));
        s.put("EXPAND", f -> List.of(f.g.apply(new dev.nabla.graph.op.Expand(Shape.of(UNKNOWN, 4)),
                List.of(f.param("row", 1, 4), f.input("x", 0, 1, UNKNOWN, 4)))));
        s.put("SLICE", f -> List.of(Indexing.slice(f.input("x", 0, 1, UNKNOWN, 4), 1, 1, 3)));
        s.put("PAD", f -> List.of(Indexing.pad(f.input("x", 0, 1, UNKNOWN, 4), 1, 1, 1, 0.0)));
        s.put("GATHER", f -> List.of(Indexing.gather(f.param("table", 5, 2), f.integers("ids", 5, UNKNOWN), 0)));
        s.put("ONE_HOT", f -> List.of(Indexing.oneHot(f.integers("labels", 5, UNKNOWN), 5)));
        s.put("MATMUL", f -> {
            Node two = f.input("x", 0, 1, UNKNOWN, 4).matmul(f.param("w", 4, 3));
            Node batched = f.g.apply(new MatMul(false, true), List.of(f.input("y", 0, 1, UNKNOWN, 2, 4), f.param("v", 3, 4)));
            return List.of(two, batched);
        });
        s.put("UNFOLD", f -> List.of(Convolutions.unfold(f.input("x", 0, 1, UNKNOWN, 1, 4, 4), new Window(2, 2, 1, 1, 1, 1, 1, 1))));
        s.put("FOLD", f -> List.of(Convolutions.fold(f.input("cols", 0, 1, UNKNOWN, 4, 9), 4, 4, new Window(2, 2, 1, 1, 0, 0, 1, 1))));
        s.put("RANDOM", f -> List.of(Randoms.normalLike(f.input("x", 0, 1, UNKNOWN, 4), 0, 1, 1)));
        s.put("STOP_GRADIENT", f -> List.of(Ops.stopGradient(f.input("x", 0, 1, UNKNOWN, 4))));
        s.put("CUSTOM", f -> List.of(f.g.apply(new OnnxRefusalsTest.Twice(), f.input("x", 0, 1, UNKNOWN, 4))));
        return s;
    }

    @Test
    void everyKindAndVariantHasARow() {
        Set<String> expected = new TreeSet<>();
        for (OpKind k : OpKind.values()) {
            switch (k) {
                case UNARY -> Arrays.stream(UnaryFn.values()).forEach(v -> expected.add("UNARY." + v));
                case BINARY -> Arrays.stream(BinaryFn.values()).forEach(v -> expected.add("BINARY." + v));
                case COMPARE -> Arrays.stream(Compare.Fn.values()).forEach(v -> expected.add("COMPARE." + v));
                case REDUCTION -> Arrays.stream(Reduce.Fn.values()).forEach(v -> expected.add("REDUCTION." + v));
                default -> expected.add(k.name());
            }
        }
        Set<String> rows = Arrays.stream(TABLE).map(r -> r[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, rows, "the mapping table against the primitives and their variants");
        assertEquals(expected, new TreeSet<>(samples().keySet()), "a sample graph per row");
    }

    @Test
    void everyRowIsWhatTheExportWrites() throws Exception {
        Map<String, Function<Fixture, List<Node>>> samples = samples();
        StringBuilder table = new StringBuilder();
        for (String[] row : TABLE) {
            for (DType type : DType.values()) {
                String expected = type == DType.FLOAT32 ? row[1] : row[2];
                Fixture f = new Fixture(type);
                List<Node> y = samples.get(row[0]).apply(f);
                Path file = dir.resolve(row[0] + "-" + type + ".onnx");
                if (expected.equals(REFUSED)) {
                    OnnxException e = assertThrows(OnnxException.class,
                            () -> Onnx.export(y, f.store, file, OnnxOptions.defaults()), row[0]);
                    assertTrue(e.getMessage().contains(row[0].split("\\.")[0]), e.getMessage());
                    assertTrue(Files.notExists(file));
                    continue;
                }
                Onnx.export(y, f.store, file, OnnxOptions.defaults());
                Set<String> ops = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList().stream()
                        .map(OnnxMl.NodeProto::getOpType).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(new TreeSet<>(List.of(expected.split(" "))), ops, row[0] + " in " + type);
            }
            table.append(String.format("%-16s %-40s %s%n", row[0], row[1], row[2]));
        }
        System.out.print(table);
    }
}
