// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.DType;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;

/** Integer indices carried in float64 or float32 tensors, checked as they are read. */
final class IndexCheck {
    private IndexCheck() {}

    /** Entry {@code e} of an index tensor of either element type, exactly (every float is a double). */
    static double at(Tensor indices, int e) {
        return indices.dtype() == DType.FLOAT32 ? Buffers.floats(indices)[e] : Buffers.doubles(indices)[e];
    }

    static int require(double v, int bound, String op) {
        int i = (int) v;
        if (i != v || i < 0 || i >= bound) {
            throw new EvaluationException(op + ": index " + v + " is not an integer in [0, " + bound + ")");
        }
        return i;
    }

    /**
     * As {@link #require(double, int, String)}, also naming where the bad index sits and which
     * axis it indexes: an id fed as {@code [N, T]} is found by its flat entry, and the axis size is
     * the bound the caller knows by another name (an embedding's vocabulary size).
     */
    static int require(double v, int bound, String op, int entry, int axis) {
        int i = (int) v;
        if (i != v || i < 0 || i >= bound) {
            throw new EvaluationException(op + ": index " + v + " is not an integer in [0, " + bound + ") (entry " + entry
                    + " of the indices; axis " + axis + " of the source has size " + bound + ")");
        }
        return i;
    }
}
