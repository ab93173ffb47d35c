// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

/**
 * How {@link CsvReader} turns the label column's text into targets: class indices for
 * classification (targets {@code [N]}, as {@code Losses.softmaxCrossEntropy} takes them) or
 * numbers for regression (targets {@code [N, 1]}).
 *
 * <p>Usage: {@code CsvReader.defaults().label("quality").labels(LabelEncoding.REGRESSION)}
 */
public enum LabelEncoding {
    /**
     * Each distinct label text is a class, numbered 0..K-1 in sorted order: by value when every label
     * is a number ({@code "3" < "10"}), otherwise by text ({@link String#compareTo}, so case counts).
     * The order does not depend on the rows' order, so a file and its shuffled copy agree. The default.
     */
    SORTED_CLASSES,
    /** Each distinct label text is a class, numbered 0..K-1 in the order the classes first appear in the file. */
    FIRST_SEEN_CLASSES,
    /**
     * The labels are already class indices, whole numbers from 0, kept as they are; the class names are
     * {@code "0"} to the largest index, so a class that a file lacks keeps its number.
     */
    CLASS_INDICES,
    /** The labels are numbers kept as they are, as a regression target {@code [N, 1]}; there are no classes. */
    REGRESSION
}
