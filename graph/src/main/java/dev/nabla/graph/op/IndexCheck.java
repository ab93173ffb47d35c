// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.EvaluationException;

/** Integer indices carried in float64 tensors, checked as they are read. */
final class IndexCheck {
    private IndexCheck() {}

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
