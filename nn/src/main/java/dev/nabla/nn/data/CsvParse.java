// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.stream.DoubleStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One read of CSV text into a {@link CsvDataset}: Commons CSV splits the records, this class keeps
 * the line numbers, checks each row's width and cells, and packs the tensors.
 */
final class CsvParse {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String where;
    private final int skipLines;
    private final CsvLayout layout;
    private final CSVFormat format;
    private final LabelColumn labels;

    /**
     * @param where the operation and source, for messages
     * @param delimiter the field separator
     * @param skipLines lines to skip before the header or data
     * @param layout the chosen columns
     * @param encoding how labels become targets
     */
    CsvParse(String where, char delimiter, int skipLines, CsvLayout layout, LabelEncoding encoding) {
        this.where = where;
        this.skipLines = skipLines;
        this.layout = layout;
        // Spaces around a field are the writer's layout, not data; a quoted field keeps its own.
        this.format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).get();
        this.labels = new LabelColumn(where, encoding);
    }

    CsvDataset read(Reader reader) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        CSVParser parser;
        try {
            dropByteOrderMark(in);
            for (int i = 0; i < skipLines; i++) {
                if (in.readLine() == null) {
                    throw new NablaException(where + ": the text ends after " + i + " line(s); expected " + skipLines
                            + " line(s) to skip, then " + (layout.header() ? "a header line and " : "") + "data rows");
                }
            }
            // Not closed: the caller owns the reader (read(Path) closes its file itself).
            parser = format.parse(in);
        } catch (IOException e) {
            throw new NablaException(where + ": cannot read: " + e, e);
        }
        Iterator<CSVRecord> records = parser.iterator();
        CsvLayout.Resolved columns = null;
        long firstLine = 0;
        DoubleStream.Builder x = DoubleStream.builder();
        int rows = 0;
        while (hasNext(parser, records)) {
            CSVRecord record = records.next();
            List<String> cells = record.toList();
            long line = line(parser, cells);
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;  // a line of spaces; empty lines never reach here
            }
            if (columns == null) {
                columns = layout.resolve(where, cells, line);
                firstLine = line;
                if (layout.header()) {
                    continue;
                }
            }
            if (cells.size() != columns.width()) {
                throw new NablaException(where + ": line " + line + " has " + cells.size() + " field(s), expected "
                        + columns.width() + " as " + (layout.header() ? "the header" : "the first row") + " on line "
                        + firstLine + " has" + (cells.size() < columns.width() ? "; is a value missing, or a"
                        + " quote unbalanced?" : "; is there an unquoted delimiter inside a value?"));
            }
            for (int f : columns.features()) {
                x.add(CsvCells.number(where, at(line, columns, f), cells.get(f), "feature"));
            }
            labels.add(cells.get(columns.label()), at(line, columns, columns.label()));
            rows++;
        }
        if (columns == null) {
            throw new NablaException(where + ": the text is empty" + (skipLines > 0 ? " after the " + skipLines
                    + " skipped line(s)" : "") + "; expected " + (layout.header() ? "a header line and " : "") + "data rows");
        }
        if (rows == 0) {
            throw new NablaException(where + ": no data rows after the header on line " + firstLine);
        }
        return dataset(x.build().toArray(), rows, columns);
    }

    private CsvDataset dataset(double[] x, int rows, CsvLayout.Resolved columns) {
        LabelColumn.Targets targets = labels.targets();
        boolean regression = targets.classes().isEmpty();
        Tensor features = Tensor.of(Shape.of(rows, columns.features().length), x);
        Tensor y = regression ? Tensor.of(Shape.of(rows, 1), targets.y()) : Tensor.of(Shape.of(rows), targets.y());
        return new CsvDataset(new Dataset(features, y), columns.featureNames(), columns.names().get(columns.label()),
                targets.classes());
    }

    /** Spreadsheets write a UTF-8 byte-order mark first; left in, it would join the first column's name. */
    private static void dropByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != BYTE_ORDER_MARK) {
            in.reset();
        }
    }

    /** Commons CSV reads ahead inside hasNext and reports malformed text (an unclosed quote) there. */
    private boolean hasNext(CSVParser parser, Iterator<CSVRecord> records) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new NablaException(where + ": malformed CSV near line " + (skipLines + parser.getCurrentLineNumber())
                    + ": " + cause.getMessage(), e);
        }
    }

    /**
     * The line a record starts on: the parser counts the line breaks it has passed, which is the line
     * the record ends on, so the breaks inside its quoted fields are taken off.
     */
    private long line(CSVParser parser, List<String> cells) {
        long breaks = 0;
        for (String cell : cells) {
            for (int i = 0; i < cell.length(); i++) {
                char c = cell.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == cell.length() || cell.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return skipLines + parser.getCurrentLineNumber() - breaks;
    }

    private static String at(long line, CsvLayout.Resolved columns, int index) {
        return "line " + line + ", " + columns.describe(index);
    }
}
