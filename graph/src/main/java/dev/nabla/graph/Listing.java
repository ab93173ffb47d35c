// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.List;

/**
 * Joins the items of a summary line, eliding the tail of a long list so that printing a graph,
 * store or plan with thousands of entries (optimizer slots, a generated graph) stays one readable
 * line.
 */
final class Listing {
    /** At most this many items are written; the rest are counted. */
    static final int SHOWN = 20;

    private Listing() {}

    /**
     * Joins items with commas, the first {@link #SHOWN} of them, then how many were left out.
     *
     * @param items what to join
     * @return {@code "a, b, c"}, {@code "a, b, ... (30 more)"}, or {@code "none"} for no item
     */
    static String of(List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        int shown = Math.min(items.size(), SHOWN);
        for (int i = 0; i < shown; i++) {
            b.append(i > 0 ? ", " : "").append(items.get(i));
        }
        if (shown < items.size()) {
            b.append(", ... (").append(items.size() - shown).append(" more)");
        }
        return b.toString();
    }

    /**
     * Labels nodes with their shapes: {@code "x" [?, 3]}.
     *
     * @param nodes the nodes, in the order to show them
     * @return the joined labels, elided as {@link #of}
     */
    static String nodes(List<Node> nodes) {
        return of(nodes.stream().map(n -> n.label() + " " + n.shape()).toList());
    }
}
