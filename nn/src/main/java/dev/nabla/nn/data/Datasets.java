// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real data sets shipped in this module's resources (origins in {@code datasets/README.md}).
 *
 * <p>Usage: {@code Dataset digits = Datasets.digits(); Dataset[] split = digits.stratifiedSplit(0.25, 42);}
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Loads the handwritten digits data set bundled with nabla.
     *
     * @return 1797 handwritten digits, 64 pixel intensities 0..16 each, labels 0..9
     */
    public static Dataset digits() {
        return read("digits.csv.gz", false);
    }

    /**
     * Loads the breast cancer data set bundled with nabla.
     *
     * @return 569 breast tumours, 30 features each, labels 0 = malignant, 1 = benign
     */
    public static Dataset breastCancer() {
        return read("breast_cancer.csv", true);
    }

    /**
     * Loads the iris data set bundled with nabla.
     *
     * @return Fisher's 150 irises, 4 features each, labels 0..2
     */
    public static Dataset iris() {
        return read("iris.csv", true);
    }

    private static Dataset read(String file, boolean header) {
        String path = "/datasets/" + file;
        try (InputStream raw = Datasets.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new NablaException("Datasets: resource " + path + " is missing from the class path");
            }
            InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (header) {
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
            return toDataset(rows, path);
        } catch (IOException | NumberFormatException e) {
            throw new NablaException("Datasets: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Dataset toDataset(List<double[]> rows, String path) {
        int cols = rows.get(0).length - 1;
        double[] x = new double[rows.size() * cols];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            if (row.length != cols + 1) {
                throw new NablaException("Datasets: " + path + " row " + (i + 1) + " has " + row.length
                        + " values, expected " + (cols + 1));
            }
            System.arraycopy(row, 0, x, i * cols, cols);
            y[i] = row[cols];
        }
        return new Dataset(Tensor.of(Shape.of(rows.size(), cols), x), Tensor.of(Shape.of(rows.size()), y));
    }
}
