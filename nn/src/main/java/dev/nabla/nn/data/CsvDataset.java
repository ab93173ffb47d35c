// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link CsvReader} read from a file: the samples, and the names that say what their columns
 * and class indices mean.
 *
 * <p>Usage: {@code CsvDataset iris = CsvReader.defaults().read(path); cm.format(iris.classes());}
 *
 * @param dataset the features {@code [N, F]} and targets: class indices {@code [N]}, or
 *     regression targets {@code [N, 1]}
 * @param features the F feature columns' names, in the order of the features; without a header
 *     line, {@code "column 0"}, {@code "column 1"}, ... by their index in the file
 * @param label the label column's name, the same way
 * @param classes the name of each class index, so {@code classes().get(k)} is the label text of
 *     class {@code k}; empty for {@link LabelEncoding#REGRESSION}
 */
public record CsvDataset(Dataset dataset, List<String> features, String label, List<String> classes) {
    /** Checks that nothing is null, that there is a name per feature and per class, and copies the lists. */
    public CsvDataset {
        Arguments.requireNonNulls("CsvDataset", "dataset", dataset, "label", label);
        features = List.copyOf(Arguments.requireElements("CsvDataset", "features", features));
        classes = List.copyOf(Arguments.requireElements("CsvDataset", "classes", classes));
        Tensor x = dataset.x();
        if (x.rank() != 2 || x.shape().dim(1) != features.size()) {
            throw new NablaException("CsvDataset: " + features.size() + " feature names for inputs " + x.shape()
                    + "; expected inputs [N, " + features.size() + "]");
        }
        if (!classes.isEmpty()) {
            Tensor y = dataset.y();
            double top = y.size() == 0 ? 0 : Arrays.stream(y.toArray()).max().orElse(0);
            if (y.rank() != 1 || top >= classes.size()) {
                throw new NablaException("CsvDataset: " + classes.size() + " class names for targets " + y.shape()
                        + " up to " + top + "; expected class indices [N] below " + classes.size());
            }
        }
    }
}
