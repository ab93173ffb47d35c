// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.Slice;
import java.util.List;

/** Reductions and data movement (reshape, permute, expand, slice, pad) as ONNX operators. */
final class ShapeMapping {
    private ShapeMapping() {}

    /**
     * Nabla drops the reduced axes (keepdims 0); an empty axis list reduces nothing, where ONNX's
     * empty axes would reduce everything, so it is an Identity.
     */
    static void reduce(Reduce op, String x, String out, OnnxGraph g) {
        if (op.axes().isEmpty()) {
            g.node("Identity", List.of(x), out);
            return;
        }
        String type = switch (op.fn()) {
            case SUM -> "ReduceSum";
            case MAX -> "ReduceMax";
        };
        long[] axes = op.axes().stream().mapToLong(Integer::longValue).toArray();
        g.node(type, List.of(x, g.ints(axes)), out, OnnxGraph.attr("keepdims", 0));
    }

    /** An unknown target size is ONNX's -1; a 0 is a real 0 (allowzero), which ONNX allows only without a -1. */
    static void reshape(Reshape op, String x, String out, OnnxGraph g) {
        int[] t = op.target().dims();
        long[] dims = new long[t.length];
        boolean zero = false;
        boolean unknown = false;
        for (int i = 0; i < t.length; i++) {
            dims[i] = t[i] == Shape.UNKNOWN ? -1 : t[i];
            zero |= t[i] == 0;
            unknown |= t[i] == Shape.UNKNOWN;
        }
        g.node("Reshape", List.of(x, g.ints(dims)), out, OnnxGraph.attr("allowzero", zero && !unknown ? 1 : 0));
    }

    static void permute(Permute op, String x, String out, OnnxGraph g) {
        g.node("Transpose", List.of(x), out, OnnxGraph.attrs("perm", op.perm().stream().mapToLong(Integer::longValue).toArray()));
    }

    /**
     * ONNX's Expand broadcasts both ways, so a target size of 1 keeps the operand's size: an
     * unknown size without a reference (the operand keeps its own) is written as 1, and one with a
     * reference takes the reference's run-time size through Shape and Where.
     */
    static void expand(Node node, Expand op, List<String> in, String out, OnnxGraph g) {
        int[] t = op.target().dims();
        long[] dims = new long[t.length];
        boolean[] fromReference = new boolean[t.length];
        boolean anyReference = false;
        for (int i = 0; i < t.length; i++) {
            boolean unknown = t[i] == Shape.UNKNOWN;
            dims[i] = unknown ? 1 : t[i];
            fromReference[i] = unknown && node.inputs().size() > 1;
            anyReference |= fromReference[i];
        }
        String shape = g.ints(dims);
        if (anyReference) {
            String runTime = g.op("Shape", List.of(in.get(1)));
            shape = g.op("Where", List.of(g.bools(fromReference), runTime, shape));
        }
        g.node("Expand", List.of(in.get(0), shape), out);
    }

    static void slice(Slice op, String x, String out, OnnxGraph g) {
        g.node("Slice", List.of(x, g.ints(op.start()), g.ints(op.end()), g.ints(op.axis())), out);
    }

    static void pad(Pad op, String x, String out, OnnxGraph g) {
        g.node("Pad", List.of(x, g.ints(op.before(), op.after()), g.scalar(op.value()), g.ints(op.axis())), out);
    }
}
