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

    /** The code is the last axis, off 0 and on 1; a depth known only at run time is the reference's axis size. */
    static void oneHot(OneHot op, List<String> in, String out, OnnxGraph g) {
        String depth = op.depth() == Shape.UNKNOWN
                ? g.op("Gather", List.of(g.op("Shape", List.of(in.get(1))), g.intScalar(op.referenceAxis())))
                : g.intScalar(op.depth());
        String values = g.op("Concat", List.of(g.op("Reshape", List.of(g.scalar(0.0), g.ints(1))),
                g.op("Reshape", List.of(g.scalar(1.0), g.ints(1)))), OnnxGraph.attr("axis", 0));
        g.node("OneHot", List.of(ElementwiseMapping.toInt64(in.get(0), g), depth, values), out, OnnxGraph.attr("axis", -1));
    }

    /**
     * Two matrices are one Gemm with the flags as they are; a batch on either side is MatMul
     * (which broadcasts a shared matrix over the batch) after a Transpose of the last two axes of
     * each flagged operand.
     */
    static void matmul(Node node, MatMul op, String a, String b, String out, OnnxGraph g) {
        int rankA = node.input(0).shape().rank();
        int rankB = node.input(1).shape().rank();
        if (rankA == 2 && rankB == 2) {
            g.node("Gemm", List.of(a, b), out, OnnxGraph.attr("transA", op.transA() ? 1 : 0),
                    OnnxGraph.attr("transB", op.transB() ? 1 : 0));
            return;
        }
        String left = op.transA() ? swapLast(a, rankA, g) : a;
        String right = op.transB() ? swapLast(b, rankB, g) : b;
        g.node("MatMul", List.of(left, right), out);
    }

    private static String swapLast(String x, int rank, OnnxGraph g) {
        long[] perm = rank == 2 ? new long[] {1, 0} : new long[] {0, 2, 1};
        return g.op("Transpose", List.of(x), OnnxGraph.attrs("perm", perm));
    }
}
