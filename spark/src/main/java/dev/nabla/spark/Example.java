// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.nn.train.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training sample as Spark stores it: a feature vector and a target, either a class label
 * (a scalar, for losses like softmax cross-entropy) or a vector (for regression).
 *
 * <p>Usage:
 * <pre>{@code
 * JavaRDD<Example> rdd = sc.parallelize(Example.all(Datasets.digits()), 4);
 * JavaRDD<Example> parsed = lines.map(l -> Example.labelled(features(l), label(l)));
 * }</pre>
 *
 * @param x the features
 * @param y the target: one label, or a target vector
 * @param label whether {@code y} is a single class label (batches of shape {@code [n]}) rather
 *     than a vector (batches of shape {@code [n, y.length]})
 */
public record Example(double[] x, double[] y, boolean label) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the values. */
    public Example {
        if (x == null || y == null || x.length == 0 || y.length == 0) {
            throw new NablaException("Example: features and target must be non-empty arrays; got "
                    + (x == null ? "null" : x.length + " features") + " and " + (y == null ? "null" : y.length + " targets"));
        }
        if (label && y.length != 1) {
            throw new NablaException("Example: a labelled example has one target, got " + y.length);
        }
    }

    /**
     * Creates an example with a class label, for classification.
     *
     * @param x the features
     * @param label the class
     * @return a labelled example
     */
    public static Example labelled(double[] x, double label) {
        return new Example(x, new double[] {label}, true);
    }

    /**
     * Creates an example with a target vector, for regression.
     *
     * @param x the features
     * @param y the target vector
     * @return a regression example
     */
    public static Example of(double[] x, double[] y) {
        return new Example(x, y, false);
    }

    /**
     * Splits a data set of rank-2 inputs into examples, in order.
     *
     * @param data inputs {@code [n, d]}, targets {@code [n]} (labels) or {@code [n, k]}
     * @return one example per row
     */
    public static List<Example> all(Dataset data) {
        Arguments.requireNonNull("Example.all", "data", data);
        if (data.x().rank() != 2 || data.y().rank() > 2) {
            throw new NablaException("Example.all: expected inputs [n, d] and targets [n] or [n, k], got "
                    + data.x().shape() + " and " + data.y().shape());
        }
        int n = data.size();
        int d = data.x().shape().dim(1);
        boolean labels = data.y().rank() == 1;
        int k = labels ? 1 : data.y().shape().dim(1);
        double[] xs = data.x().toArray();
        double[] ys = data.y().toArray();
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Example(Arrays.copyOfRange(xs, i * d, (i + 1) * d), Arrays.copyOfRange(ys, i * k, (i + 1) * k),
                    labels));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && label == e.label && Arrays.equals(x, e.x) && Arrays.equals(y, e.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y) + (label ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Example[" + x.length + " features, " + (label ? "label " + y[0] : y.length + " targets") + "]";
    }
}
