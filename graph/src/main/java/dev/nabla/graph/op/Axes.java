// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.ArrayList;
import java.util.List;

/** Axis lists for reductions and permutations: normalised once, checked once. */
final class Axes {
    private Axes() {}

    static boolean[] mask(List<Integer> axes, int rank) {
        boolean[] m = new boolean[rank];
        for (int a : axes) {
            if (a >= rank) {
                throw new ShapeException("axis " + a + " is out of range for rank " + rank);
            }
            m[a] = true;
        }
        return m;
    }

    /** The shape left after removing the reduced axes. */
    static Shape reduced(Shape in, List<Integer> axes) {
        boolean[] m = mask(axes, in.rank());
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            if (!m[i]) {
                kept.add(in.dim(i));
            }
        }
        return Shape.of(toArray(kept));
    }

    static int[] toArray(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
