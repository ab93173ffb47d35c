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
import dev.nabla.graph.op.Primitive;
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
        Primitive op = node.op();
        return switch (op.kind()) {
            case LEAF -> leaves.leaf(node);
            case UNARY -> wrote(out, () -> ElementwiseMapping.unary(((Unary) op).fn(), in.get(0), out, g));
            case BINARY -> wrote(out, () -> ElementwiseMapping.binary(((Binary) op).fn(), in.get(0), in.get(1), out, g));
            case COMPARE -> wrote(out, () -> ElementwiseMapping.compare(((Compare) op).fn(), in.get(0), in.get(1), out, g));
            case WHERE -> wrote(out, () -> ElementwiseMapping.where(in.get(0), in.get(1), in.get(2), out, g));
            case REDUCTION -> wrote(out, () -> ShapeMapping.reduce((Reduce) op, in.get(0), out, g));
            case RESHAPE -> wrote(out, () -> ShapeMapping.reshape((Reshape) op, in.get(0), out, g));
            case PERMUTE -> wrote(out, () -> ShapeMapping.permute((Permute) op, in.get(0), out, g));
            case EXPAND -> wrote(out, () -> ShapeMapping.expand(node, (Expand) op, in, out, g));
            case SLICE -> wrote(out, () -> ShapeMapping.slice((Slice) op, in.get(0), out, g));
            case PAD -> wrote(out, () -> ShapeMapping.pad((Pad) op, in.get(0), out, g));
            case GATHER -> wrote(out, () -> IndexMapping.gather((Gather) op, in.get(0), in.get(1), out, g));
            case ONE_HOT -> wrote(out, () -> IndexMapping.oneHot((OneHot) op, in, out, g));
            case MATMUL -> wrote(out, () -> IndexMapping.matmul(node, (MatMul) op, in.get(0), in.get(1), out, g));
            case UNFOLD -> wrote(out, () -> WindowMapping.unfold(node, (Unfold) op, in.get(0), out, g));
            case STOP_GRADIENT -> wrote(out, () -> g.node("Identity", List.of(in.get(0)), out));
            case FOLD -> throw refused(node, "col2im (the adjoint of unfold) appears in gradients, not in inference "
                    + "graphs; export the forward graph (ONNX's Col2Im would need opset 18 and has float32 kernels only "
                    + "in ONNX Runtime)");
            case RANDOM -> throw refused(node, "it draws new random numbers on every run and is still reachable in "
                    + "inference mode; only a random op that a fixed input switches off (dropout under training = 0) "
                    + "is removed");
            case CUSTOM -> throw refused(node, "it is the custom op \"" + ((Custom) op).op().name()
                    + "\", whose kernel is Java code ONNX cannot express");
        };
    }

    /** Runs a family's writer and names the value it wrote. */
    private static String wrote(String out, Runnable writer) {
        writer.run();
        return out;
    }

    private static OnnxException refused(Node node, String why) {
        return new OnnxException("Onnx.export: cannot export " + node.describe() + " (op " + node.op().name() + ", kind "
                + node.op().kind() + "): " + why + (node.callSite() == null ? "" : "; built at " + node.callSite()));
    }
}
