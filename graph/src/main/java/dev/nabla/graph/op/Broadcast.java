// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;

/**
 * NumPy's broadcasting rule, implemented once: shapes align at their last axis, and two sizes
 * agree when they are equal or one of them is 1. An {@link Shape#UNKNOWN} size agrees with any
 * size, and the known one wins unless it is 1.
 *
 * <p>Usage: {@code Broadcast.shape(Shape.of(4, 1), Shape.of(3)) // [4, 3]}
 */
public final class Broadcast {
    private Broadcast() {}

    /**
     * The shape two operands broadcast to.
     *
     * @param a one shape
     * @param b the other
     * @return the broadcast shape, of rank {@code max(a.rank(), b.rank())}
     * @throws ShapeException naming the first axis whose sizes disagree
     */
    public static Shape shape(Shape a, Shape b) {
        Arguments.requireNonNulls("Broadcast.shape", "a", a, "b", b);
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.rank() ? a.dim(-i) : 1;
            int db = i <= b.rank() ? b.dim(-i) : 1;
            out[rank - i] = merge(da, db, a, b, -i);
        }
        return Shape.of(out);
    }

    private static int merge(int da, int db, Shape a, Shape b, int axis) {
        if (da == db || db == 1) {
            return da;
        }
        if (da == 1) {
            return db;
        }
        if (da == Shape.UNKNOWN) {
            return db;
        }
        if (db == Shape.UNKNOWN) {
            return da;
        }
        throw new ShapeException("shapes " + a + " and " + b + " do not broadcast: axis " + axis
                + " has sizes " + da + " and " + db + ", and neither is 1");
    }

    /**
     * Checks that two shapes are equal up to unknown sizes, as elementwise primitives need.
     *
     * @param a one shape
     * @param b the other
     * @return their common shape, with every size known in either one
     * @throws ShapeException if the ranks or a known size differ
     */
    static Shape requireSame(Shape a, Shape b) {
        if (a.rank() != b.rank()) {
            throw new ShapeException("operands must have equal shapes, got " + a + " and " + b);
        }
        int[] out = new int[a.rank()];
        for (int i = 0; i < out.length; i++) {
            int da = a.dim(i);
            int db = b.dim(i);
            if (da != db && da != Shape.UNKNOWN && db != Shape.UNKNOWN) {
                throw new ShapeException("operands must have equal shapes, got " + a + " and " + b);
            }
            out[i] = da == Shape.UNKNOWN ? db : da;
        }
        return Shape.of(out);
    }
}
