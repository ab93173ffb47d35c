// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import java.util.List;

/** Indexing (gather, one-hot) and matrix products as ONNX operators. */
final class IndexMapping {
    private IndexMapping() {}

    /** Nabla holds indices as floats; ONNX's Gather takes integers. */
    static void gather(Gather op, String x, String indices, String out, OnnxGraph g) {
        g.node("Gather", List.of(x, ElementwiseMapping.toInt64(indices, g)), out, OnnxGraph.attr("axis", op.axis()));
    }

    /**
     * The code is the last axis: {@code Equal(Unsqueeze(labels, -1), Range(0, depth))}, cast to the
     * float type, which is exact; ONNX Runtime's OneHot has no float64 output. A depth known only at
     * run time is the reference's axis size.
     */
    static void oneHot(OneHot op, List<String> in, String out, OnnxGraph g) {
        String depth = op.depth() == Shape.UNKNOWN
                ? g.op("Gather", List.of(g.op("Shape", List.of(in.get(1))), g.intScalar(op.referenceAxis())))
                : g.intScalar(op.depth());
        String codes = g.op("Range", List.of(g.intScalar(0), depth, g.intScalar(1)));
        String labels = g.op("Unsqueeze", List.of(ElementwiseMapping.toInt64(in.get(0), g), g.ints(-1)));
        g.node("Cast", List.of(g.op("Equal", List.of(labels, codes))), out, OnnxGraph.attr("to", g.elementType()));
    }

    /**
     * Two matrices are one Gemm with the flags as they are; a batch on either side is one Einsum
     * naming the transposed axes (a shared matrix has no batch letter). Not Transpose + MatMul:
     * ONNX Runtime fuses that pair into its FusedMatMul, which has float32 kernels only.
     */
    static void matmul(Node node, MatMul op, String a, String b, String out, OnnxGraph g) {
        int rankA = node.input(0).shape().rank();
        int rankB = node.input(1).shape().rank();
        if (rankA == 2 && rankB == 2) {
            g.node("Gemm", List.of(a, b), out, OnnxGraph.attr("transA", op.transA() ? 1 : 0),
                    OnnxGraph.attr("transB", op.transB() ? 1 : 0));
            return;
        }
        String left = (rankA == 3 ? "z" : "") + (op.transA() ? "km" : "mk");
        String right = (rankB == 3 ? "z" : "") + (op.transB() ? "nk" : "kn");
        g.node("Einsum", List.of(a, b), out, OnnxGraph.attr("equation", left + "," + right + "->zmn"));
    }
}
