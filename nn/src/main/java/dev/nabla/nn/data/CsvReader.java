// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a CSV file into a {@link CsvDataset}: which columns are features, which one is the label,
 * and how labels become targets. A reader is an immutable value: each setting returns a new reader,
 * so one can be kept and reused.
 *
 * <p>Usage:
 * <pre>{@code
 * CsvDataset iris = CsvReader.defaults().label("species").read(Path.of("iris.csv"));
 * Dataset[] split = iris.dataset().stratifiedSplit(0.25, 42);
 * }</pre>
 *
 * <p>What it accepts, parsed by Apache Commons CSV (RFC 4180): fields separated by the delimiter
 * (a comma unless set), quoted with {@code "} when they hold the delimiter, a quote ({@code ""}) or
 * a line break; spaces around a field are ignored; lines that are empty or blank are skipped; a
 * UTF-8 byte-order mark is dropped. Every row has as many fields as the header (or, without one,
 * as the first row).
 *
 * <p>Every feature cell must be a decimal number ({@code 3}, {@code -0.5}, {@code 1.2e-3}). A missing
 * value, that is an empty field or one of {@code NA}, {@code N/A}, {@code NaN}, {@code null},
 * {@code None} or {@code ?} (in any case), is refused like any other text, never read as NaN or 0:
 * drop or fill such rows first, knowing why they are missing. The same holds for labels, in every
 * encoding. An error names the source, the line (counted from 1, as an editor does, blank and
 * skipped lines included), the column by name and index (counted from 0), and the text found.
 */
public final class CsvReader {
    private final boolean header;
    private final char delimiter;
    private final int skipLines;
    private final Column label;
    private final List<Column> features;
    private final LabelEncoding labels;

    private CsvReader(boolean header, char delimiter, int skipLines, Column label, List<Column> features,
            LabelEncoding labels) {
        this.header = header;
        this.delimiter = delimiter;
        this.skipLines = skipLines;
        this.label = label;
        this.features = features;
        this.labels = labels;
    }

    /**
     * The usual reader: a header line naming the columns, commas between fields, the last column the
     * label and every other column a feature, labels turned into classes in
     * {@link LabelEncoding#SORTED_CLASSES sorted order}.
     *
     * @return the default reader
     */
    public static CsvReader defaults() {
        return new CsvReader(true, ',', 0, null, null, LabelEncoding.SORTED_CLASSES);
    }

    /**
     * Says whether the first line (after any skipped ones) names the columns.
     *
     * @param present true if there is a header line; without one, columns are chosen by index
     * @return a new reader
     */
    public CsvReader header(boolean present) {
        return new CsvReader(present, delimiter, skipLines, label, features, labels);
    }

    /**
     * Sets the character between fields, such as {@code ';'} (the UCI wine-quality files, and
     * spreadsheets where the comma is the decimal mark) or {@code '\t'}.
     *
     * @param delimiter the field separator; not a quote, a line break, a space or part of a number
     * @return a new reader
     * @throws NablaException if the character could not separate fields
     */
    public CsvReader delimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || delimiter == ' ' || Character.isDigit(delimiter)
                || delimiter == '.' || delimiter == '-' || delimiter == '+') {
            throw new NablaException("CsvReader.delimiter: '" + delimiter + "' cannot separate fields; it is a quote,"
                    + " a line break, a space (spaces around fields are ignored) or part of a number; expected a"
                    + " character such as ',', ';' or a tab");
        }
        return new CsvReader(header, delimiter, skipLines, label, features, labels);
    }

    /**
     * Skips lines before the header (or before the data, without one): a title, comments, or a line
     * of metadata such as the {@code 150,4,setosa,versicolor,virginica} that opens the shipped iris file.
     * Line numbers in errors still count these lines.
     *
     * @param lines how many lines to skip, at least 0
     * @return a new reader
     * @throws NablaException if {@code lines} is negative
     */
    public CsvReader skipLines(int lines) {
        Arguments.requireAtLeast("CsvReader.skipLines", "lines", lines, 0);
        return new CsvReader(header, delimiter, lines, label, features, labels);
    }

    /**
     * Chooses the label column by its name in the header.
     *
     * @param name the column's name, as the header writes it (spaces around it ignored)
     * @return a new reader
     * @throws NablaException if {@code name} is null; a name the file lacks is refused when it is read
     */
    public CsvReader label(String name) {
        Arguments.requireNonNull("CsvReader.label", "name", name);
        return new CsvReader(header, delimiter, skipLines, Column.named(name), features, labels);
    }

    /**
     * Chooses the label column by its position.
     *
     * @param index the column's index, counted from 0
     * @return a new reader
     * @throws NablaException if {@code index} is negative; one past the file's columns is refused
     *     when it is read
     */
    public CsvReader label(int index) {
        Arguments.requireAtLeast("CsvReader.label", "index", index, 0);
        return new CsvReader(header, delimiter, skipLines, Column.at(index), features, labels);
    }

    /**
     * Chooses the feature columns by name, in the order the features will have; columns neither
     * chosen nor the label are left out (an id column, say). Without this, every column but the
     * label is a feature, in file order.
     *
     * @param names the columns' names, at least one, no repeats
     * @return a new reader
     * @throws NablaException if {@code names} is null, empty, holds null or repeats a name
     */
    public CsvReader features(String... names) {
        Arguments.requireElements("CsvReader.features", "names", names);
        List<Column> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(Column.named(name));
        }
        return new CsvReader(header, delimiter, skipLines, label, distinct("names", chosen), labels);
    }

    /**
     * Chooses the feature columns by index, in the order the features will have; the others, but
     * the label, are left out.
     *
     * @param indices the columns' indices, counted from 0, at least one, no repeats
     * @return a new reader
     * @throws NablaException if {@code indices} is null, empty, holds a negative index or repeats one
     */
    public CsvReader features(int... indices) {
        Arguments.requireNonNull("CsvReader.features", "indices", indices);
        List<Column> chosen = new ArrayList<>();
        for (int index : indices) {
            Arguments.requireAtLeast("CsvReader.features", "indices", index, 0);
            chosen.add(Column.at(index));
        }
        return new CsvReader(header, delimiter, skipLines, label, distinct("indices", chosen), labels);
    }

    /**
     * Sets how labels become targets: classes in sorted or first-seen order, class indices as
     * written, or regression targets.
     *
     * @param encoding the label encoding
     * @return a new reader
     * @throws NablaException if {@code encoding} is null
     */
    public CsvReader labels(LabelEncoding encoding) {
        Arguments.requireNonNull("CsvReader.labels", "encoding", encoding);
        return new CsvReader(header, delimiter, skipLines, label, features, encoding);
    }

    /**
     * Reads a UTF-8 CSV file.
     *
     * @param file the file
     * @return its samples and the names of its columns and classes
     * @throws NablaException if the file cannot be read, or any check of the class documentation
     *     fails, naming the file, line, column and text
     */
    public CsvDataset read(Path file) {
        Arguments.requireNonNull("CsvReader.read", "file", file);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new NablaException("CsvReader.read(" + file + "): cannot read the file: " + e, e);
        }
    }

    /**
     * Reads CSV text to its end, such as a class-path resource or a download; the reader is not closed.
     *
     * @param reader the text
     * @param source what the text is, for messages: a file name or URL
     * @return its samples and the names of its columns and classes
     * @throws NablaException if the text cannot be read, or any check of the class documentation
     *     fails, naming the source, line, column and text
     */
    public CsvDataset read(Reader reader, String source) {
        Arguments.requireNonNulls("CsvReader.read", "reader", reader, "source", source);
        CsvLayout layout = new CsvLayout(header, label, features);
        return new CsvParse("CsvReader.read(" + source + ")", delimiter, skipLines, layout, labels).read(reader);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvReader r && header == r.header && delimiter == r.delimiter && skipLines == r.skipLines
                && Objects.equals(label, r.label) && Objects.equals(features, r.features) && labels == r.labels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, delimiter, skipLines, label, features, labels);
    }

    @Override
    public String toString() {
        return "CsvReader[header " + header + ", delimiter '" + delimiter + "', skip " + skipLines + " lines, label "
                + (label == null ? "the last column" : label) + ", features "
                + (features == null ? "every other column" : features) + ", " + labels + "]";
    }

    private static List<Column> distinct(String name, List<Column> chosen) {
        if (chosen.isEmpty()) {
            throw new NablaException("CsvReader.features: " + name + " is empty; expected at least one column");
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (chosen.indexOf(chosen.get(i)) != i) {
                throw new NablaException("CsvReader.features: " + name + " names " + chosen.get(i) + " twice");
            }
        }
        return List.copyOf(chosen);
    }
}
