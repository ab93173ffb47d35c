// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.nabla.graph.DType;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;

/**
 * Elementwise primitives as ONNX operators, one row per function; each {@code switch} lists every
 * constant of its enum with no default, so a new function is a compile error here.
 *
 * <p>log1p and expm1 have no ONNX operator; they are compositions ({@link ComposedFunctions})
 * with the classic corrections that keep their accuracy near 0, where the naive
 * {@code Log(Add(x, 1))} would lose the low bits of x (a relative error of about 1e-8 at
 * |x| = 1e-8 in float64). Cos, Atan, Erf and Softplus are ONNX's operators in float32 and
 * compositions in float64, where ONNX Runtime has no kernel for them; so is Sigmoid, whose
 * float64 kernel exists but which ONNX Runtime fuses with a product (x * sigmoid(x), silu) into
 * its float32-only QuickGelu.
 */
final class ElementwiseMapping {
    private ElementwiseMapping() {}

    static void unary(UnaryFn fn, String x, String out, OnnxGraph g) {
        switch (fn) {
            case NEG -> g.node("Neg", List.of(x), out);
            case EXP -> g.node("Exp", List.of(x), out);
            case LOG -> g.node("Log", List.of(x), out);
            case SIN -> g.node("Sin", List.of(x), out);
            case COS -> nativeInFloat32("Cos", ComposedFunctions::cos, x, out, g);
            case SQRT -> g.node("Sqrt", List.of(x), out);
            case RECIP -> g.node("Reciprocal", List.of(x), out);
            case SIGN -> g.node("Sign", List.of(x), out);
            case ABS -> g.node("Abs", List.of(x), out);
            case TANH -> g.node("Tanh", List.of(x), out);
            case LOG1P -> ComposedFunctions.log1p(x, out, g);
            case EXPM1 -> ComposedFunctions.expm1(x, out, g);
            case ERF -> nativeInFloat32("Erf", ComposedFunctions::erf, x, out, g);
            case SIGMOID -> nativeInFloat32("Sigmoid", ComposedFunctions::sigmoid, x, out, g);
            case ATAN -> nativeInFloat32("Atan", ComposedFunctions::atan, x, out, g);
            case SOFTPLUS -> nativeInFloat32("Softplus", ComposedFunctions::softplus, x, out, g);
        }
    }

    /** A function with a float32 kernel in ONNX Runtime and none in float64, where it is composed. */
    private interface Composition {
        void write(String x, String out, OnnxGraph g);
    }

    private static void nativeInFloat32(String type, Composition float64, String x, String out, OnnxGraph g) {
        if (g.dtype() == DType.FLOAT32) {
            g.node(type, List.of(x), out);
        } else {
            float64.write(x, out, g);
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
