// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.DType;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Conversions;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.storage.Buffers;

/**
 * Runs a primitive's kernel on tensors of either element type. A float64 value, or a float32 one
 * whose op has a float32 kernel ({@link #runsFloat32}), runs directly; any other float32 value
 * runs the float64 kernel on widened copies and is rounded once, which is what a float32 kernel
 * computes too (see {@link DType}), at the price of the copies.
 */
public final class DTypeDispatch {
    private DTypeDispatch() {}

    /** The float32 pass's entry for each kind: does its kernel take float32 tensors as they are. */
    public static boolean runsFloat32(OpKind kind) {
        return switch (kind) {
            case UNARY, BINARY, COMPARE, WHERE, REDUCTION, RESHAPE, PERMUTE, EXPAND, SLICE, PAD, GATHER, ONE_HOT,
                    MATMUL, UNFOLD, FOLD, STOP_GRADIENT -> true;
            case LEAF, RANDOM, CUSTOM -> false;
        };
    }

    /** The float64 copies a widened kernel reads and writes, made once per workspace and reused. */
    public record Widened(Tensor[] in, Tensor out) {
        public static Widened of(Shape[] in, Shape out) {
            Tensor[] wide = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                wide[i] = Buffers.zeros(DType.FLOAT64, in[i]);
            }
            return new Widened(wide, Buffers.zeros(DType.FLOAT64, out));
        }
    }

    /**
     * Tells whether a node runs in float64 on widened copies because its op has no float32 kernel.
     *
     * @return whether a node of this op in a graph of this type runs on widened copies
     */
    public static boolean widens(Primitive op, DType type) {
        return type == DType.FLOAT32 && !runsFloat32(op.kind());
    }

    /**
     * Runs the kernel.
     *
     * @param wide the widened copies to use, or null to make them for this call
     */
    public static void forward(Primitive op, Tensor[] in, Tensor out, RunContext ctx, Widened wide) {
        if (!widens(op, out.dtype())) {
            op.forward(in, out, ctx);
            return;
        }
        Widened w = wide;
        if (w == null) {
            Shape[] shapes = new Shape[in.length];
            for (int i = 0; i < in.length; i++) {
                shapes[i] = in[i].shape();
            }
            w = Widened.of(shapes, out.shape());
        }
        for (int i = 0; i < in.length; i++) {
            Conversions.widen(Buffers.floats(in[i]), 0, Buffers.doubles(w.in()[i]), 0, in[i].size());
        }
        op.forward(w.in(), w.out(), ctx);
        Conversions.narrow(Buffers.doubles(w.out()), 0, Buffers.floats(out), 0, out.size());
    }
}
