// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.NablaException;
import dev.nabla.nn.train.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
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

    /**
     * Reads a shipped file with the public CSV reader, so the shipped data sets and a user's own files
     * go through the same checks; a first line of metadata (rows, columns, class names) is skipped.
     */
    private static Dataset read(String file, boolean metadataLine) {
        String path = "/datasets/" + file;
        try (InputStream raw = Datasets.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new NablaException("Datasets: resource " + path + " is missing from the class path");
            }
            InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            Reader text = new InputStreamReader(in, StandardCharsets.UTF_8);
            return CsvReader.defaults().header(false).skipLines(metadataLine ? 1 : 0)
                    .labels(LabelEncoding.CLASS_INDICES).read(text, path).dataset();
        } catch (IOException e) {
            throw new NablaException("Datasets: cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
