// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Examples and targets, one sample per row of axis 0.
 *
 * <p>Usage: {@code Dataset[] parts = data.stratifiedSplit(0.25, 42); Dataset train = parts[0], test = parts[1];}
 *
 * @param x the inputs {@code [N, ...]}
 * @param y the targets {@code [N, ...]} (class labels as {@code [N]})
 */
public record Dataset(Tensor x, Tensor y) {
    /** Checks that inputs and targets have the same number of rows. */
    public Dataset {
        if (x == null || y == null || x.rank() == 0 || y.rank() == 0 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new NablaException("Dataset: inputs and targets need the same number of rows along axis 0, got "
                    + (x == null ? "null" : x.shape()) + " and " + (y == null ? "null" : y.shape()));
        }
    }

    /**
     * Inputs without targets, for losses that read none (physics-informed, unsupervised): the
     * targets are {@code [N, 0]}, no value per row, so batches, shuffles and splits by rows work
     * as for any data set, and {@link #hasTargets()} is false.
     *
     * <p>Usage: {@code Dataset points = Dataset.withoutTargets(Tensor.linspace(0, 6.28, 200).reshape(200, 1));}
     *
     * @param x the inputs {@code [N, ...]}
     * @return the data set
     * @throws NablaException if {@code x} is null or a scalar
     */
    public static Dataset withoutTargets(Tensor x) {
        Arguments.requireNonNull("Dataset.withoutTargets", "x", x);
        if (x.rank() == 0) {
            throw new NablaException("Dataset.withoutTargets: x is a scalar; expected inputs [N, ...], one sample per row");
        }
        return new Dataset(x, Tensor.zeros(x.shape().dim(0), 0));
    }

    /**
     * Tells whether the data has targets: false only for {@link #withoutTargets} data, whose
     * targets are {@code [N, 0]}.
     *
     * @return false if the targets hold no value per row
     */
    public boolean hasTargets() {
        return !(y.rank() == 2 && y.shape().dim(1) == 0);
    }

    /**
     * Makes a classification data set from rows of features and one class index per row.
     *
     * <p>Usage: {@code Dataset.classification(new double[][] {{5.1, 3.5}, {6.2, 2.9}}, new int[] {0, 1})}
     *
     * @param x the features, one row per sample, every row as long as the first; copied
     * @param labels the class of each row, whole numbers in {@code [0, 2^24)}
     * @return inputs {@code [N, features]} and labels {@code [N]}
     * @throws NablaException naming the row (counted from 0) that is null, ragged, non-finite or has
     *     a negative label, or if there are no rows, no features, or not one label per row
     */
    public static Dataset classification(double[][] x, int[] labels) {
        return DatasetRows.classification("Dataset.classification", x, labels);
    }

    /**
     * Makes a classification data set from float features, widened exactly to the float64 the
     * data sets hold; a trainer given {@code DType.FLOAT32} rounds each batch back, losing nothing.
     *
     * @param x the features, one row per sample, every row as long as the first; copied
     * @param labels the class of each row, whole numbers in {@code [0, 2^24)}
     * @return inputs {@code [N, features]} and labels {@code [N]}
     * @throws NablaException as {@link #classification(double[][], int[])} does
     */
    public static Dataset classification(float[][] x, int[] labels) {
        return DatasetRows.classification("Dataset.classification", x, labels);
    }

    /**
     * Makes a regression data set from rows of features and rows of targets.
     *
     * <p>Usage: {@code Dataset.regression(new double[][] {{0.0}, {0.5}}, new double[][] {{1.0}, {1.6}})}
     *
     * @param x the features, one row per sample, every row as long as the first; copied
     * @param targets the targets of each row, every row as long as the first; copied
     * @return inputs {@code [N, features]} and targets {@code [N, outputs]}
     * @throws NablaException naming the row (counted from 0) that is null, ragged or non-finite, or
     *     if there are no rows, no features or targets, or not one target row per feature row
     */
    public static Dataset regression(double[][] x, double[][] targets) {
        return DatasetRows.regression("Dataset.regression", x, targets);
    }

    /**
     * Makes a regression data set from float features, widened exactly to float64.
     *
     * @param x the features, one row per sample, every row as long as the first; copied
     * @param targets the targets of each row, every row as long as the first; copied
     * @return inputs {@code [N, features]} and targets {@code [N, outputs]}
     * @throws NablaException as {@link #regression(double[][], double[][])} does
     */
    public static Dataset regression(float[][] x, double[][] targets) {
        return DatasetRows.regression("Dataset.regression", x, targets);
    }

    /**
     * Makes a classification data set from a stream of rows laid out as a CSV line usually is: the
     * features, then the class index last. The stream is consumed, not closed.
     *
     * <p>Usage: {@code Dataset.classificationRows(flowers.stream().map(f -> new double[] {f.length(), f.width(), f.species()}))}
     *
     * @param rows the rows, each with at least one feature before its label
     * @return inputs {@code [N, features]} and labels {@code [N]}
     * @throws NablaException naming the row (counted from 0) that is null, too short, ragged,
     *     non-finite or whose label is not a whole number in {@code [0, 2^24)}, or if there are no rows
     */
    public static Dataset classificationRows(Stream<double[]> rows) {
        return DatasetRows.rows("Dataset.classificationRows", rows, 1, true);
    }

    /**
     * Makes a regression data set from a stream of rows: the features, then the last
     * {@code targets} values as the targets. The stream is consumed, not closed.
     *
     * <p>Usage: {@code Dataset.regressionRows(points.stream().map(p -> new double[] {p.x(), p.y()}), 1)}
     *
     * @param rows the rows, each with at least one feature before its targets
     * @param targets how many values at the end of each row are targets, at least 1
     * @return inputs {@code [N, features]} and targets {@code [N, targets]}
     * @throws NablaException naming the row (counted from 0) that is null, too short, ragged or
     *     non-finite, or if there are no rows or {@code targets} is below 1
     */
    public static Dataset regressionRows(Stream<double[]> rows, int targets) {
        return DatasetRows.rows("Dataset.regressionRows", rows, targets, false);
    }

    /**
     * Counts the samples in this data set.
     *
     * @return the number of samples
     */
    public int size() {
        return x.shape().dim(0);
    }

    /**
     * The samples at the given rows, in that order. Each call copies the whole data set out first
     * (a tensor gives its values only as a copy), so the trainer cuts its batches from one copy instead.
     *
     * @param rows row indices
     * @return a new data set
     * @throws NablaException if {@code rows} is null or an index is out of range
     */
    public Dataset rows(int[] rows) {
        Arguments.requireNonNull("Dataset.rows", "rows", rows);
        return new Dataset(take(x, rows), take(y, rows));
    }

    /**
     * Splits off a fraction for testing or validation, keeping each label's share the same in
     * both parts (labels are the values of {@code y}, one per row).
     *
     * @param fraction the share of each class that goes to the second part, in (0, 1)
     * @param seed the shuffling seed
     * @return the two parts: {@code [rest, split-off]}
     */
    public Dataset[] stratifiedSplit(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new NablaException("Dataset.stratifiedSplit: the fraction must be in (0, 1), got " + fraction);
        }
        if (y.size() != size()) {
            throw new NablaException("Dataset.stratifiedSplit: needs one label per row, got targets " + y.shape());
        }
        Map<Double, List<Integer>> byLabel = new TreeMap<>();
        double[] labels = y.toArray();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        RandomGenerator rng = new Well19937c(seed);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (List<Integer> rows : byLabel.values()) {
            int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
            shuffle(order, rng);
            int cut = (int) Math.round(order.length * fraction);
            for (int i = 0; i < order.length; i++) {
                (i < cut ? second : first).add(order[i]);
            }
        }
        return new Dataset[] {rows(sorted(first)), rows(sorted(second))};
    }

    /**
     * Standardises the inputs per column with the given means and standard deviations.
     *
     * @param mean per-column means (from the training split only)
     * @param std per-column standard deviations; zero is treated as 1
     * @return a new data set
     */
    public Dataset standardize(double[] mean, double[] std) {
        Arguments.requireNonNulls("Dataset.standardize", "mean", mean, "std", std);
        int n = size();
        int cols = x.size() / Math.max(n, 1);
        if (mean.length != cols || std.length != cols) {
            throw new NablaException("Dataset.standardize: expected " + cols + " means and deviations, got "
                    + mean.length + " and " + std.length);
        }
        double[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            int c = i % cols;
            v[i] = (v[i] - mean[c]) / (std[c] == 0 ? 1 : std[c]);
        }
        return new Dataset(Tensor.of(x.shape(), v), y);
    }

    /**
     * Computes each input column's mean and standard deviation, as {@link #standardize} takes them.
     *
     * @return per-column mean and standard deviation of the inputs: {@code [means, stds]}
     */
    public double[][] columnStats() {
        int n = size();
        int cols = x.size() / Math.max(n, 1);
        double[] v = x.toArray();
        double[] mean = new double[cols];
        double[] var = new double[cols];
        for (int i = 0; i < v.length; i++) {
            mean[i % cols] += v[i] / n;
        }
        for (int i = 0; i < v.length; i++) {
            double d = v[i] - mean[i % cols];
            var[i % cols] += d * d / n;
        }
        return new double[][] {mean, Arrays.stream(var).map(Math::sqrt).toArray()};
    }

    /**
     * Shuffles sample numbers in place (Fisher-Yates), as the trainer does every epoch: the same
     * generator state gives the same order.
     *
     * <p>Usage: {@code Dataset.shuffle(order, new Well19937c(seed));}
     *
     * @param a the numbers to shuffle
     * @param rng the random source
     */
    public static void shuffle(int[] a, RandomGenerator rng) {
        Arguments.requireNonNulls("Dataset.shuffle", "a", a, "rng", rng);
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static Tensor take(Tensor t, int[] rows) {
        return FlatRows.take(t.toArray(), t.shape(), rows);
    }
}
