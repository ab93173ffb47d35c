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
        Composition writer = switch (fn) {
            case NEG -> operator("Neg");
            case EXP -> operator("Exp");
            case LOG -> operator("Log");
            case SIN -> operator("Sin");
            case COS -> nativeInFloat32("Cos", ComposedFunctions::cos);
            case SQRT -> operator("Sqrt");
            case RECIP -> operator("Reciprocal");
            case SIGN -> operator("Sign");
            case ABS -> operator("Abs");
            case TANH -> operator("Tanh");
            case LOG1P -> ComposedFunctions::log1p;
            case EXPM1 -> ComposedFunctions::expm1;
            case ERF -> nativeInFloat32("Erf", ComposedFunctions::erf);
            case SIGMOID -> nativeInFloat32("Sigmoid", ComposedFunctions::sigmoid);
            case ATAN -> nativeInFloat32("Atan", ComposedFunctions::atan);
            case SOFTPLUS -> nativeInFloat32("Softplus", ComposedFunctions::softplus);
        };
        writer.write(x, out, g);
    }

    /** Writes the ONNX nodes computing one function of {@code x} as {@code out}. */
    private interface Composition {
        void write(String x, String out, OnnxGraph g);
    }

    private static Composition operator(String type) {
        return (x, out, g) -> g.node(type, List.of(x), out);
    }

    /** An ONNX operator in float32; in float64, where ONNX Runtime has no kernel (or fuses it into one without), a composition. */
    private static Composition nativeInFloat32(String type, Composition float64) {
        return (x, out, g) -> (g.dtype() == DType.FLOAT32 ? operator(type) : float64).write(x, out, g);
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
