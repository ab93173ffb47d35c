// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Axis lists for reductions and permutations: normalised once, checked once. */
final class Axes {
    private Axes() {}

    /** Sorted, distinct, non-negative axes; an empty request means every axis. */
    static List<Integer> normalize(int[] axes, int rank) {
        TreeSet<Integer> set = new TreeSet<>();
        if (axes.length == 0) {
            for (int i = 0; i < rank; i++) {
                set.add(i);
            }
        }
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank) {
                throw new ShapeException("axis " + a + " is out of range for rank " + rank);
            }
            if (!set.add(n)) {
                throw new ShapeException("axis " + a + " is given twice");
            }
        }
        return List.copyOf(set);
    }

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
