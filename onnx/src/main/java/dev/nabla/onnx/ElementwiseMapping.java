// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;

/**
 * Elementwise primitives as ONNX operators, one row per function; each {@code switch} lists every
 * constant of its enum with no default, so a new function is a compile error here.
 *
 * <p>Two rows are compositions, since ONNX has no such operator: {@code log1p(x)} is
 * {@code Log(Add(x, 1))} and {@code expm1(x)} is {@code Sub(Exp(x), 1)}. Both lose relative
 * accuracy near 0, where {@code 1 + x} rounds away the low bits of x: for |x| around 1e-8 the
 * relative error is about 1e-8 in float64 (1 ulp of 1 over x), so they agree with Nabla's
 * kernels to 1e-12 only for |x| above about 1e-4.
 */
final class ElementwiseMapping {
    private ElementwiseMapping() {}

    static void unary(UnaryFn fn, String x, String out, OnnxGraph g) {
        switch (fn) {
            case NEG -> g.node("Neg", List.of(x), out);
            case EXP -> g.node("Exp", List.of(x), out);
            case LOG -> g.node("Log", List.of(x), out);
            case SIN -> g.node("Sin", List.of(x), out);
            case COS -> g.node("Cos", List.of(x), out);
            case SQRT -> g.node("Sqrt", List.of(x), out);
            case RECIP -> g.node("Reciprocal", List.of(x), out);
            case SIGN -> g.node("Sign", List.of(x), out);
            case ABS -> g.node("Abs", List.of(x), out);
            case TANH -> g.node("Tanh", List.of(x), out);
            case LOG1P -> g.node("Log", List.of(g.op("Add", List.of(x, g.scalar(1.0)))), out);
            case EXPM1 -> g.node("Sub", List.of(g.op("Exp", List.of(x)), g.scalar(1.0)), out);
            case ERF -> g.node("Erf", List.of(x), out);
            case SIGMOID -> g.node("Sigmoid", List.of(x), out);
            case ATAN -> g.node("Atan", List.of(x), out);
            case SOFTPLUS -> g.node("Softplus", List.of(x), out);
        }
    }

    static void binary(BinaryFn fn, String a, String b, String out, OnnxGraph g) {
        String type = switch (fn) {
            case ADD -> "Add";
            case MUL -> "Mul";
            case DIV -> "Div";
            case MAX -> "Max";
            case POW -> "Pow";
        };
        g.node(type, List.of(a, b), out);
    }

    /** A comparison gives ONNX booleans; Nabla's gives 1 and 0 in the float type, hence the Cast. */
    static void compare(Compare.Fn fn, String a, String b, String out, OnnxGraph g) {
        String type = switch (fn) {
            case LT -> "Less";
            case LE -> "LessOrEqual";
            case EQ -> "Equal";
        };
        g.node("Cast", List.of(g.op(type, List.of(a, b))), out, OnnxGraph.attr("to", g.elementType()));
    }

    /**
     * Nabla's where takes the first branch where the condition is nonzero, NaN included, and the
     * second where it is 0 or -0; {@code Not(Equal(c, 0))} is exactly that (NaN equals nothing),
     * where a Cast to bool would leave NaN to the runtime.
     */
    static void where(String c, String a, String b, String out, OnnxGraph g) {
        String nonzero = g.op("Not", List.of(g.op("Equal", List.of(c, g.scalar(0.0)))));
        g.node("Where", List.of(nonzero, a, b), out);
    }

    /** The Cast to int64 that indices held as floats need. */
    static String toInt64(String x, OnnxGraph g) {
        return g.op("Cast", List.of(x), OnnxGraph.attr("to", TensorProto.DataType.INT64_VALUE));
    }
}
