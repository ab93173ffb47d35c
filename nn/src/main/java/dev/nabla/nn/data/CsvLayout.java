// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which columns of a CSV file are features and which is the label, as a {@link CsvReader} was told,
 * turned into indices once the header (or the first row) shows the file's columns.
 */
final class CsvLayout {
    private final boolean header;
    private final Column label;
    private final List<Column> features;

    /**
     * @param header whether the file's first line names the columns
     * @param label the label column, or null for the last one
     * @param features the feature columns, or null for every column but the label
     */
    CsvLayout(boolean header, Column label, List<Column> features) {
        this.header = header;
        this.label = label;
        this.features = features;
    }

    boolean header() {
        return header;
    }

    /**
     * The columns of one file.
     *
     * @param width how many fields each row has
     * @param features the feature columns' indices, in feature order
     * @param label the label column's index
     * @param names every column's name: the header's, or {@code "column i"}
     * @param named whether the names come from a header
     */
    record Resolved(int width, int[] features, int label, List<String> names, boolean named) {
        /** @return how messages name a column: by name and index, or by index alone without a header */
        String describe(int index) {
            return named ? "column \"" + names.get(index) + "\" (index " + index + ")" : "column index " + index;
        }

        List<String> featureNames() {
            List<String> out = new ArrayList<>();
            for (int f : features) {
                out.add(names.get(f));
            }
            return out;
        }
    }

    /**
     * Finds the chosen columns among the file's.
     *
     * @param where the operation and source, for messages
     * @param first the header's names, or the first row's fields without a header
     * @param line the line of {@code first}, for messages
     * @return the indices
     */
    Resolved resolve(String where, List<String> first, long line) {
        int width = first.size();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            names.add(header ? first.get(i).strip() : "column " + i);
        }
        if (width < 2) {
            throw new NablaException(where + ": line " + line + " has " + width + " field(s); a data set needs at"
                    + " least two columns, features and a label" + (width == 1 ? "; is the delimiter right?" : ""));
        }
        int labelIndex = label == null ? width - 1 : find(where, label, names, "label");
        int[] featureIndices;
        if (features == null) {
            featureIndices = new int[width - 1];
            for (int i = 0, f = 0; i < width; i++) {
                if (i != labelIndex) {
                    featureIndices[f++] = i;
                }
            }
        } else {
            featureIndices = new int[features.size()];
            for (int f = 0; f < featureIndices.length; f++) {
                featureIndices[f] = find(where, features.get(f), names, "feature");
                if (featureIndices[f] == labelIndex) {
                    throw new NablaException(where + ": column " + features.get(f) + " is chosen both as the label"
                            + " and as a feature");
                }
                for (int g = 0; g < f; g++) {
                    if (featureIndices[g] == featureIndices[f]) {
                        throw new NablaException(where + ": feature columns " + features.get(g) + " and "
                                + features.get(f) + " are the same column, index " + featureIndices[f]);
                    }
                }
            }
        }
        return new Resolved(width, featureIndices, labelIndex, List.copyOf(names), header);
    }

    private int find(String where, Column column, List<String> names, String role) {
        if (column.name() == null) {
            if (column.index() >= names.size()) {
                throw new NablaException(where + ": the " + role + " column index " + column.index() + " is out of"
                        + " range; the file has " + names.size() + " columns, indices 0.." + (names.size() - 1));
            }
            return column.index();
        }
        if (!header) {
            throw new NablaException(where + ": the " + role + " column is chosen by the name " + column
                    + ", but the reader has header(false); choose it by index, or read the header");
        }
        int found = names.indexOf(column.name());
        if (found < 0) {
            throw new NablaException(where + ": no column named " + column + " for the " + role + "; the header has "
                    + names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")));
        }
        if (names.lastIndexOf(column.name()) != found) {
            throw new NablaException(where + ": the header names two columns " + column + " (indices " + found
                    + " and " + names.lastIndexOf(column.name()) + "); choose the " + role + " by index");
        }
        return found;
    }
}
