// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.Shape;
import dev.nabla.nn.train.Dataset;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped data sets, now read by {@link CsvReader}, against a parser that knows nothing but
 * {@code String.split}; and iris written out with a header and species names, read back.
 */
class ShippedDatasetsTest {
    /** The files' own simple layout: optional metadata line, then numbers with the label last. */
    private static double[][] naive(String file, boolean metadata) throws Exception {
        try (InputStream raw = Datasets.class.getResourceAsStream("/datasets/" + file)) {
            InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (metadata) {
                r.readLine();
            }
            List<double[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    String[] cells = line.split(",");
                    double[] v = new double[cells.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Double.parseDouble(cells[i].trim());
                    }
                    rows.add(v);
                }
            }
            return rows.toArray(new double[0][]);
        }
    }

    private static void assertSame(double[][] rows, Dataset d, int features) {
        assertEquals(Shape.of(rows.length, features), d.x().shape());
        assertEquals(Shape.of(rows.length), d.y().shape());
        double[] x = d.x().toArray();
        double[] y = d.y().toArray();
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(java.util.Arrays.copyOf(rows[i], features),
                    java.util.Arrays.copyOfRange(x, i * features, (i + 1) * features), "row " + i);
            assertEquals(rows[i][features], y[i], "label of row " + i);
        }
    }

    @Test
    void theShippedSetsReadAsTheyAreWritten() throws Exception {
        assertSame(naive("iris.csv", true), Datasets.iris(), 4);
        assertSame(naive("breast_cancer.csv", true), Datasets.breastCancer(), 30);
        assertSame(naive("digits.csv.gz", false), Datasets.digits(), 64);
        assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, Datasets.iris().rows(new int[] {0}).x().toArray());
    }

    @Test
    void irisWithAHeaderAndSpeciesNamesReadsBackToTheShippedSet() {
        Dataset iris = Datasets.iris();
        List<String> species = List.of("setosa", "versicolor", "virginica");
        StringBuilder csv = new StringBuilder("\"Sepal.Length\",\"Sepal.Width\",\"Petal.Length\",\"Petal.Width\",\"Species\"\n");
        double[] x = iris.x().toArray();
        double[] y = iris.y().toArray();
        for (int i = 0; i < iris.size(); i++) {
            for (int c = 0; c < 4; c++) {
                csv.append(String.format(Locale.ROOT, "%s,", x[i * 4 + c]));
            }
            csv.append('"').append(species.get((int) y[i])).append("\"\n");
        }
        CsvDataset back = CsvReader.defaults().read(new StringReader(csv.toString()), "iris-species.csv");
        assertEquals(species, back.classes());
        assertEquals("Species", back.label());
        assertEquals(List.of("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"), back.features());
        assertArrayEquals(x, back.dataset().x().toArray());
        assertArrayEquals(y, back.dataset().y().toArray());
        CsvDataset shipped = CsvReader.defaults().header(false).skipLines(1).labels(LabelEncoding.CLASS_INDICES)
                .read(new InputStreamReader(Datasets.class.getResourceAsStream("/datasets/iris.csv"),
                        StandardCharsets.UTF_8), "iris.csv");
        assertEquals(List.of("0", "1", "2"), shipped.classes());
        assertArrayEquals(x, shipped.dataset().x().toArray());
    }
}
