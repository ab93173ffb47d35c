// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Node;
import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Custom;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OneHot;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.Slice;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.Unfold;
import java.util.List;

/**
 * The one place where every primitive meets ONNX: a {@code switch} over its kind with no
 * default, so a new {@link dev.nabla.graph.op.OpKind} is a compile error here until it is mapped
 * or refused. Each family's operators are written by its own class.
 */
final class PrimitiveMapping {
    /** Binds a leaf's value (input, param or constant) to its name in the model. */
    interface Leaves {
        String leaf(Node node);
    }

    private PrimitiveMapping() {}

    /**
     * Writes the ONNX nodes computing {@code node}'s value as {@code out}.
     *
     * @param in the names of the node's inputs' values, in input order
     * @return the name of the value: {@code out}, or a leaf's own name
     * @throws OnnxException if the primitive has no ONNX form, naming the node, its op and why
     */
    static String map(Node node, List<String> in, String out, OnnxGraph g, Leaves leaves) {
        switch (node.op().kind()) {
            case LEAF -> {
                return leaves.leaf(node);
            }
            case UNARY -> ElementwiseMapping.unary(((Unary) node.op()).fn(), in.get(0), out, g);
            case BINARY -> ElementwiseMapping.binary(((Binary) node.op()).fn(), in.get(0), in.get(1), out, g);
            case COMPARE -> ElementwiseMapping.compare(((Compare) node.op()).fn(), in.get(0), in.get(1), out, g);
            case WHERE -> ElementwiseMapping.where(in.get(0), in.get(1), in.get(2), out, g);
            case REDUCTION -> ShapeMapping.reduce((Reduce) node.op(), in.get(0), out, g);
            case RESHAPE -> ShapeMapping.reshape((Reshape) node.op(), in.get(0), out, g);
            case PERMUTE -> ShapeMapping.permute((Permute) node.op(), in.get(0), out, g);
            case EXPAND -> ShapeMapping.expand(node, (Expand) node.op(), in, out, g);
            case SLICE -> ShapeMapping.slice((Slice) node.op(), in.get(0), out, g);
            case PAD -> ShapeMapping.pad((Pad) node.op(), in.get(0), out, g);
            case GATHER -> IndexMapping.gather((Gather) node.op(), in.get(0), in.get(1), out, g);
            case ONE_HOT -> IndexMapping.oneHot((OneHot) node.op(), in, out, g);
            case MATMUL -> IndexMapping.matmul(node, (MatMul) node.op(), in.get(0), in.get(1), out, g);
            case UNFOLD -> WindowMapping.unfold(node, (Unfold) node.op(), in.get(0), out, g);
            case STOP_GRADIENT -> g.node("Identity", List.of(in.get(0)), out);
            case FOLD -> throw refused(node, "col2im (the adjoint of unfold) appears in gradients, not in inference "
                    + "graphs; export the forward graph (ONNX's Col2Im would need opset 18 and has float32 kernels only "
                    + "in ONNX Runtime)");
            case RANDOM -> throw refused(node, "it draws new random numbers on every run and is still reachable in "
                    + "inference mode; only a random op that a fixed input switches off (dropout under training = 0) "
                    + "is removed");
            case CUSTOM -> throw refused(node, "it is the custom op \"" + ((Custom) node.op()).op().name()
                    + "\", whose kernel is Java code ONNX cannot express");
        }
        return out;
    }

    private static OnnxException refused(Node node, String why) {
        return new OnnxException("Onnx.export: cannot export " + node.describe() + " (op " + node.op().name() + ", kind "
                + node.op().kind() + "): " + why + (node.callSite() == null ? "" : "; built at " + node.callSite()));
    }
}
