// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.nn.train.Dataset;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CSV reader accepts, what it makes of it, and how it names what it refuses. */
class CsvReaderTest {
    private static CsvDataset read(CsvReader reader, String text) {
        return reader.read(new StringReader(text), "test.csv");
    }

    private static String refusal(CsvReader reader, String text) {
        return assertThrows(NablaException.class, () -> read(reader, text)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void headerNamesColumnsAndTheLastOneIsTheLabel() {
        CsvDataset d = read(CsvReader.defaults(), "a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n");
        assertEquals(List.of("a", "b"), d.features());
        assertEquals("kind", d.label());
        assertEquals(List.of("cat", "dog"), d.classes());
        assertEquals(Shape.of(3, 2), d.dataset().x().shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, d.dataset().x().toArray());
        assertEquals(Shape.of(3), d.dataset().y().shape());
        assertArrayEquals(new double[] {0, 1, 0}, d.dataset().y().toArray());
    }

    @Test
    void withoutAHeaderTheFirstLineIsDataAndColumnsAreNamedByIndex() {
        CsvDataset d = read(CsvReader.defaults().header(false).labels(LabelEncoding.CLASS_INDICES), "1,2,0\n3,4,2\n");
        assertEquals(List.of("column 0", "column 1"), d.features());
        assertEquals("column 2", d.label());
        assertEquals(List.of("0", "1", "2"), d.classes(), "class 1 keeps its number though no row has it");
        assertArrayEquals(new double[] {0, 2}, d.dataset().y().toArray());
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.dataset().x().toArray());
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        String text = "\"width, cm\",\"height\",name\n"
                + "\"1.5\",2,\"Iris, setosa\"\n"
                + "3,  4 ,\"the \"\"big\"\" one\"\n"
                + "5,6,\"two\nlines\"\n"
                + "7,8,\"Iris, setosa\"\n";
        CsvDataset d = read(CsvReader.defaults().labels(LabelEncoding.FIRST_SEEN_CLASSES), text);
        assertEquals(List.of("width, cm", "height"), d.features());
        assertEquals(List.of("Iris, setosa", "the \"big\" one", "two\nlines"), d.classes());
        assertArrayEquals(new double[] {1.5, 2, 3, 4, 5, 6, 7, 8}, d.dataset().x().toArray());
        assertArrayEquals(new double[] {0, 1, 2, 0}, d.dataset().y().toArray());
        // A record's line is where it starts: the one after a quoted line break is on line 7, and
        // a record holding one starts on the line its first field is on.
        String bad = text + "9,x,\"a\"\n";
        assertContains(refusal(CsvReader.defaults(), bad), "test.csv", "line 7,", "column \"height\" (index 1)", "\"x\"");
        String split = "a,b,name\n1,2,ok\n3,x,\"two\r\nlines\"\n";
        assertContains(refusal(CsvReader.defaults(), split), "line 3, column \"b\" (index 1)");
    }

    @Test
    void classesAreNumberedInSortedOrFirstSeenOrder() {
        String text = "x,label\n1,b\n2,a\n3,c\n4,a\n";
        CsvDataset sorted = read(CsvReader.defaults(), text);
        assertEquals(List.of("a", "b", "c"), sorted.classes());
        assertArrayEquals(new double[] {1, 0, 2, 0}, sorted.dataset().y().toArray());
        CsvDataset seen = read(CsvReader.defaults().labels(LabelEncoding.FIRST_SEEN_CLASSES), text);
        assertEquals(List.of("b", "a", "c"), seen.classes());
        assertArrayEquals(new double[] {0, 1, 2, 1}, seen.dataset().y().toArray());
    }

    @Test
    void numericLabelsSortByValueAsClassesAndStayFloatsForRegression() {
        String text = "x,quality\n1,9\n2,10\n3,3\n4,9\n";
        CsvDataset classes = read(CsvReader.defaults(), text);
        assertEquals(List.of("3", "9", "10"), classes.classes(), "by value: 9 before 10");
        assertArrayEquals(new double[] {1, 2, 0, 1}, classes.dataset().y().toArray());
        CsvDataset regression = read(CsvReader.defaults().labels(LabelEncoding.REGRESSION), "x,y\n1,0.25\n2,-1.5e1\n");
        assertEquals(List.of(), regression.classes());
        assertEquals(Shape.of(2, 1), regression.dataset().y().shape());
        assertArrayEquals(new double[] {0.25, -15}, regression.dataset().y().toArray());
        assertContains(refusal(CsvReader.defaults().labels(LabelEncoding.CLASS_INDICES), "x,y\n1,0\n2,1.5\n"),
                "line 3, column \"y\" (index 1)", "\"1.5\" is not a class index");
        assertContains(refusal(CsvReader.defaults().labels(LabelEncoding.REGRESSION), "x,y\n1,0\n2,high\n"),
                "line 3", "\"high\" is not a number");
    }

    @Test
    void featuresAndLabelMayBeChosenByNameOrIndex() {
        String text = "id,b,label,a\n7,2,yes,1\n8,4,no,3\n";
        CsvDataset byName = read(CsvReader.defaults().label("label").features("a", "b"), text);
        assertEquals(List.of("a", "b"), byName.features());
        assertArrayEquals(new double[] {1, 2, 3, 4}, byName.dataset().x().toArray(), "in the order asked, id left out");
        assertEquals(List.of("no", "yes"), byName.classes());
        CsvDataset byIndex = read(CsvReader.defaults().label(2).features(3, 1), text);
        assertEquals(byName, byIndex);
        CsvDataset others = read(CsvReader.defaults().label(" label "), text);
        assertEquals(List.of("id", "b", "a"), others.features(), "every other column, in file order");
    }

    @Test
    void missingValuesAreRefusedWithLineColumnAndText() {
        CsvReader r = CsvReader.defaults();
        assertContains(refusal(r, "a,b,y\n1,2,0\n3,,1\n"), "CsvReader.read(test.csv)", "line 3",
                "column \"b\" (index 1)", "missing value (empty field)");
        assertContains(refusal(r, "a,b,y\n1,NA,0\n"), "line 2", "column \"b\" (index 1)", "missing value \"NA\"");
        for (String missing : List.of("NaN", "?", "null", "N/A", "none")) {
            assertContains(refusal(r, "a,b,y\n" + missing + ",1,0\n"), "column \"a\" (index 0)",
                    "missing value \"" + missing + "\"");
        }
        assertContains(refusal(r, "a,b,y\n1,2,NA\n"), "line 2, column \"y\" (index 2)", "missing label \"NA\"");
        assertContains(refusal(r, "a,b,y\n1,2,\n"), "missing label (empty field)");
        assertContains(refusal(r.header(false), "1,2,0\n1,x,0\n"), "line 2, column index 1", "\"x\" is not a number");
    }

    @Test
    void onlyPlainDecimalsAreNumbers() {
        for (String odd : List.of("1f", "0x10", "Infinity", "1,5", "1.2.3", "e5")) {
            assertContains(refusal(CsvReader.defaults(), "a,y\n\"" + odd + "\",0\n"), "\"" + odd + "\" is not a number");
        }
        assertContains(refusal(CsvReader.defaults(), "a,y\n1e999,0\n"), "\"1e999\" is beyond the range of a double");
        CsvDataset ok = read(CsvReader.defaults(), "a,y\n+.5,0\n-3.,0\n2E-2,0\n");
        assertArrayEquals(new double[] {0.5, -3, 0.02}, ok.dataset().x().toArray());
    }

    @Test
    void rowsWithTheWrongNumberOfFieldsAreRefusedWithTheirLine() {
        assertContains(refusal(CsvReader.defaults(), "a,b,y\n1,2,0\n\n1,2\n"),
                "line 4 has 2 field(s), expected 3 as the header on line 1 has", "is a value missing");
        assertContains(refusal(CsvReader.defaults().header(false), "1,2,0\n1,2,3,4\n"),
                "line 2 has 4 field(s), expected 3 as the first row on line 1 has", "unquoted delimiter");
    }

    @Test
    void columnsTheFileLacksAreRefusedWithWhatItHas() {
        String text = "a,b,y\n1,2,0\n";
        assertContains(refusal(CsvReader.defaults().label("colour"), text),
                "no column named \"colour\" for the label; the header has \"a\", \"b\", \"y\"");
        assertContains(refusal(CsvReader.defaults().features("a", "c"), text), "no column named \"c\" for the feature");
        assertContains(refusal(CsvReader.defaults().label(3), text),
                "the label column index 3 is out of range; the file has 3 columns, indices 0..2");
        assertContains(refusal(CsvReader.defaults().header(false).label("y"), "1,2,0\n"),
                "chosen by the name \"y\", but the reader has header(false)");
        assertContains(refusal(CsvReader.defaults().label("a").features("a", "b"), text),
                "column \"a\" is chosen both as the label and as a feature");
        assertContains(refusal(CsvReader.defaults().label("y"), "y,b,y\n1,2,0\n"), "two columns \"y\" (indices 0 and 2)");
        assertContains(refusal(CsvReader.defaults(), "abc\n1\n"), "line 1 has 1 field(s)", "is the delimiter right?");
    }

    @Test
    void emptyTextAndAHeaderWithoutRowsAreRefused() {
        assertContains(refusal(CsvReader.defaults(), ""), "test.csv", "the text is empty", "a header line and data rows");
        assertContains(refusal(CsvReader.defaults(), "\n  \n\n"), "the text is empty");
        assertContains(refusal(CsvReader.defaults(), "a,b,y\n\n"), "no data rows after the header on line 1");
        assertContains(refusal(CsvReader.defaults().skipLines(3), "title\n"),
                "the text ends after 1 line(s); expected 3 line(s) to skip");
        assertContains(refusal(CsvReader.defaults(), "a,b,y\n1,\"2,0\n"), "malformed CSV");
    }

    @Test
    void semicolonsByteOrderMarksBlankLinesAndCrLfAreRead() {
        String text = "\uFEFF\"fixed acidity\";\"pH\";\"quality\"\r\n7.4;3.51;5\r\n\r\n  \r\n7.8;3.2;6\r\n";
        CsvDataset d = read(CsvReader.defaults().delimiter(';').label("quality"), text);
        assertEquals(List.of("fixed acidity", "pH"), d.features());
        assertEquals(List.of("5", "6"), d.classes());
        assertArrayEquals(new double[] {7.4, 3.51, 7.8, 3.2}, d.dataset().x().toArray());
        assertContains(refusal(CsvReader.defaults().delimiter(';'), text + "1;x;5\r\n"), "line 6,", "\"x\"");
    }

    @Test
    void badSettingsAreRefusedWhenMade() {
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().label(-1)).getMessage(),
                "CsvReader.label: index must be at least 0, got -1");
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().features(0, 0)).getMessage(),
                "names index 0 twice");
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().features(new String[0])).getMessage(),
                "is empty");
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().delimiter('"')).getMessage(),
                "cannot separate fields");
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().skipLines(-2)).getMessage(),
                "lines must be at least 0, got -2");
        assertEquals(CsvReader.defaults().label("y"), CsvReader.defaults().label(" y"), "a value, compared by settings");
    }

    @Test
    void aFileIsReadAndAMissingOneIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wine.csv");
        Files.writeString(file, "a,y\n1,red\n2,white\n", StandardCharsets.UTF_8);
        assertEquals(List.of("red", "white"), CsvReader.defaults().read(file).classes());
        Path none = dir.resolve("none.csv");
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().read(none)).getMessage(),
                "CsvReader.read(" + none + "): cannot read the file", "NoSuchFileException");
        Files.writeString(file, "a,y\n1,red\n2,\n", StandardCharsets.UTF_8);
        assertContains(assertThrows(NablaException.class, () -> CsvReader.defaults().read(file)).getMessage(),
                "CsvReader.read(" + file + "): line 3, column \"y\" (index 1): missing label (empty field)");
    }

    @Test
    void theResultSplitsAndStandardisesLikeTheShippedSets() {
        StringBuilder text = new StringBuilder("size,weight,kind\n");
        for (int i = 0; i < 40; i++) {
            text.append(i).append(',').append(100 + 3 * i).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Dataset data = read(CsvReader.defaults(), text.toString()).dataset();
        Dataset[] split = data.stratifiedSplit(0.25, 42);
        assertEquals(30, split[0].size());
        assertEquals(10, split[1].size());
        assertEquals(5, (int) java.util.Arrays.stream(split[1].y().toArray()).filter(v -> v == 1).count(), "stratified");
        double[][] stats = split[0].columnStats();
        double[][] after = split[0].standardize(stats[0], stats[1]).columnStats();
        for (int c = 0; c < 2; c++) {
            assertEquals(0, after[0][c], 1e-12);
            assertEquals(1, after[1][c], 1e-12);
        }
    }
}
