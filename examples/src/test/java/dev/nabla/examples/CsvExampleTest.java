// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.nn.data.CsvReader;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.data.LabelEncoding;
import dev.nabla.nn.train.Dataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The csv example: the shipped file is iris, the split and scaling are as promised, the report is labelled. */
class CsvExampleTest {
    private static ExampleRun run(Path dir, ByteArrayOutputStream bytes) {
        return new ExampleRun(dir, 42, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Test
    void theShippedFileIsIrisAndAnMlpClassifiesItsHeldOutRows(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CsvExample.Result r = CsvExample.compute(run(dir, bytes));
        String text = bytes.toString(StandardCharsets.UTF_8);

        Dataset iris = Datasets.iris();
        assertEquals(List.of("setosa", "versicolor", "virginica"), r.data().classes());
        assertArrayEquals(iris.x().toArray(), r.data().dataset().x().toArray(), "the same numbers as nn's iris.csv");
        assertArrayEquals(iris.y().toArray(), r.data().dataset().y().toArray(), "sorted species are iris's indices");

        assertEquals(39, r.test().size(), "13 of each species held out");
        double[][] trainStats = r.train().columnStats();
        double[][] testStats = r.test().columnStats();
        for (int c = 0; c < 4; c++) {
            assertEquals(0, trainStats[0][c], 1e-12, "the training split is centred by its own means");
            assertEquals(1, trainStats[1][c], 1e-12);
        }
        assertTrue(java.util.Arrays.stream(testStats[0]).anyMatch(m -> Math.abs(m) > 1e-3),
                "the held-out split is scaled with the training statistics, not its own");

        assertTrue(r.confusion().accuracy() >= 0.9, text);  // a small MLP reaches 95-100% on iris
        assertEquals(39, r.confusion().total());
        assertTrue(text.contains("true\\pred        setosa versicolor  virginica"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "held-out accuracy %.4f", r.confusion().accuracy())),
                text);
        assertFalse(text.contains("NaN"), text);
        BufferedImage png = ImageIO.read(r.png().toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() >= 600 && png.getHeight() >= 400);
    }

    @Test
    void aUsersFileWithNumericClassesIsClassifiedAndRegressionIsRefused(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("alcohol;acidity;quality\n");
        for (int i = 0; i < 60; i++) {
            int quality = 5 + i % 3;
            csv.append(9 + quality + 0.01 * i).append(';').append(0.1 * (i % 7)).append(';').append(quality).append('\n');
        }
        Path file = dir.resolve("wine.csv");
        Files.writeString(file, csv);
        CsvExample.CommandLine cl = CsvExample.CommandLine.parse(new String[] {file.toString(), "--label", "quality",
                "--delimiter", ";", "--epochs", "40", "--out", dir.resolve("out").toString()});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CsvExample.Result r = CsvExample.classify(cl.reader().read(cl.file()), "wine.csv", cl.epochs(),
                run(cl.out(), bytes));
        assertEquals(List.of("5", "6", "7"), r.data().classes());
        assertTrue(r.confusion().accuracy() >= 0.9, bytes.toString(StandardCharsets.UTF_8));  // alcohol separates them
        assertTrue(Files.exists(dir.resolve("out").resolve("confusion.png")));

        NablaException e = assertThrows(NablaException.class, () -> CsvExample.classify(
                CsvReader.defaults().delimiter(';').labels(LabelEncoding.REGRESSION).read(file), "wine.csv", 1,
                run(dir, new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("numeric targets (regression); this example classifies"), e.getMessage());
    }

    @Test
    void theCommandLineNamesWhatIsWrong() {
        assertEquals("no file", assertThrows(IllegalArgumentException.class,
                () -> CsvExample.CommandLine.parse(new String[0])).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvExample.CommandLine.parse(
                new String[] {"a.csv", "--delimiter", ";;"})).getMessage().contains("one character"));
        assertEquals("--label needs a value", assertThrows(IllegalArgumentException.class,
                () -> CsvExample.CommandLine.parse(new String[] {"a.csv", "--label"})).getMessage());
        assertEquals(CsvReader.defaults().delimiter('\t'),
                CsvExample.CommandLine.parse(new String[] {"a.csv", "--delimiter", "\\t"}).reader());
    }
}
