// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/** The label column of a CSV file as it is read, row by row, turned into targets by a {@link LabelEncoding}. */
final class LabelColumn {
    /** Class indices travel as doubles, and as float32 when a trainer trains in float32: exact below 2^24. */
    private static final int MAX_CLASS = 1 << 24;

    private final String where;
    private final LabelEncoding encoding;
    private final DoubleStream.Builder values = DoubleStream.builder();
    /** Each class's text and its index in order of first appearance. */
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private int largestIndex = -1;

    LabelColumn(String where, LabelEncoding encoding) {
        this.where = where;
        this.encoding = encoding;
    }

    /**
     * Adds one row's label.
     *
     * @param text the cell
     * @param at the line and column, for messages
     */
    void add(String text, String at) {
        switch (encoding) {
            case REGRESSION -> values.add(CsvCells.number(where, at, text, "regression label"));
            case CLASS_INDICES -> values.add(classIndex(text, at));
            case SORTED_CLASSES, FIRST_SEEN_CLASSES -> {
                if (CsvCells.isMissing(text)) {
                    throw new NablaException(where + ": " + at + ": missing label " + CsvCells.quoted(text)
                            + "; drop the rows without a label first");
                }
                String name = text.strip();
                Integer index = seen.get(name);
                if (index == null) {
                    if (seen.size() == MAX_CLASS) {
                        throw new NablaException(where + ": " + at + ": more than " + MAX_CLASS + " classes");
                    }
                    index = seen.size();
                    seen.put(name, index);
                }
                values.add(index);
            }
        }
    }

    /**
     * Finishes the column.
     *
     * @return each row's target, and the class names
     */
    Targets targets() {
        double[] y = values.build().toArray();
        return switch (encoding) {
            case REGRESSION -> new Targets(y, List.of());
            case CLASS_INDICES -> {
                List<String> names = new ArrayList<>();
                for (int k = 0; k <= largestIndex; k++) {
                    names.add(String.valueOf(k));
                }
                yield new Targets(y, names);
            }
            case FIRST_SEEN_CLASSES -> new Targets(y, List.copyOf(seen.keySet()));
            case SORTED_CLASSES -> sorted(y);
        };
    }

    /**
     * Each row's target and the class names.
     *
     * @param y one value per row: a class index, or the regression target
     * @param classes the class names by index; empty for regression
     */
    record Targets(double[] y, List<String> classes) {}

    private Targets sorted(double[] y) {
        List<String> names = new ArrayList<>(seen.keySet());
        boolean numbers = names.stream().allMatch(CsvCells::isNumber);
        Comparator<String> byText = Comparator.naturalOrder();
        names.sort(numbers ? Comparator.comparingDouble((String s) -> Double.parseDouble(s)).thenComparing(byText) : byText);
        int[] rank = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            rank[seen.get(names.get(k))] = k;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rank[(int) y[i]];
        }
        return new Targets(y, List.copyOf(names));
    }

    private int classIndex(String text, String at) {
        double v = CsvCells.number(where, at, text, "class index");
        if (!(v >= 0 && v < MAX_CLASS && v == Math.rint(v))) {
            throw new NablaException(where + ": " + at + ": " + CsvCells.quoted(text) + " is not a class index; with "
                    + "LabelEncoding.CLASS_INDICES every label is a whole number in [0, " + MAX_CLASS + "), and "
                    + "SORTED_CLASSES or FIRST_SEEN_CLASSES number any labels for you");
        }
        largestIndex = Math.max(largestIndex, (int) v);
        return (int) v;
    }
}
