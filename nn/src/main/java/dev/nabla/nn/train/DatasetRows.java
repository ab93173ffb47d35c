// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Checks rows of numbers from a caller's arrays or stream and packs them into a {@link Dataset}'s
 * flat tensors; {@link Dataset}'s factories delegate here so that the record stays about samples.
 * Rows count from 0 in every message, as Java arrays do.
 */
final class DatasetRows {
    /** Class indices are stored in doubles, and in float32 batches when a trainer trains in float32. */
    static final int MAX_CLASS = 1 << 24;

    private DatasetRows() {}

    /** A growable flat array of row-major values with a fixed row width, set by the first row. */
    private static final class Packer {
        private final String where;
        private final String what;
        private final String one;
        private double[] values = new double[64];
        private int width = -1;
        private int rows;

        /**
         * @param what the values, plural, as in {@code "features"}
         * @param one one value, as in {@code "feature"}
         */
        Packer(String where, String what, String one) {
            this.where = where;
            this.what = what;
            this.one = one;
        }

        void add(double[] row, int from, int to, int rowIndex) {
            int n = to - from;
            if (width < 0) {
                width = n;
            } else if (n != width) {
                throw new NablaException(where + ": row " + rowIndex + " has " + n + " " + what + ", row 0 has "
                        + width + "; every row needs the same number");
            }
            if ((long) (rows + 1) * width > Integer.MAX_VALUE - 8) {
                throw new NablaException(where + ": more than " + (Integer.MAX_VALUE - 8) + " " + what
                        + " in all, the most one tensor holds");
            }
            if ((rows + 1) * width > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * width));
            }
            for (int c = 0; c < n; c++) {
                double v = row[from + c];
                if (!Double.isFinite(v)) {
                    throw new NablaException(where + ": row " + rowIndex + ", " + one + " " + c + " is " + v
                            + "; every value must be finite (drop or fill missing values first)");
                }
                values[rows * width + c] = v;
            }
            rows++;
        }

        Tensor tensor(boolean vector) {
            if (rows == 0) {
                throw new NablaException(where + ": no rows; a data set needs at least one sample");
            }
            if (width == 0) {
                throw new NablaException(where + ": the rows have no " + what + "; each needs at least one");
            }
            double[] flat = Arrays.copyOf(values, rows * width);
            return vector ? Tensor.of(Shape.of(rows), flat) : Tensor.of(Shape.of(rows, width), flat);
        }
    }

    static Dataset classification(String where, double[][] x, int[] labels) {
        Arguments.requireNonNulls(where, "x", x, "labels", labels);
        sameRows(where, x.length, labels.length, "labels");
        Packer features = new Packer(where, "features", "feature");
        for (int i = 0; i < x.length; i++) {
            double[] row = Arguments.requireNonNull(where, "x[" + i + "]", x[i]);
            features.add(row, 0, row.length, i);
        }
        return new Dataset(features.tensor(false), classes(where, labels));
    }

    static Dataset classification(String where, float[][] x, int[] labels) {
        Arguments.requireNonNulls(where, "x", x, "labels", labels);
        return classification(where, widen(where, x), labels);
    }

    static Dataset regression(String where, double[][] x, double[][] targets) {
        Arguments.requireNonNulls(where, "x", x, "targets", targets);
        sameRows(where, x.length, targets.length, "targets");
        Packer features = new Packer(where, "features", "feature");
        Packer ys = new Packer(where, "targets", "target");
        for (int i = 0; i < x.length; i++) {
            double[] row = Arguments.requireNonNull(where, "x[" + i + "]", x[i]);
            double[] target = Arguments.requireNonNull(where, "targets[" + i + "]", targets[i]);
            features.add(row, 0, row.length, i);
            ys.add(target, 0, target.length, i);
        }
        return new Dataset(features.tensor(false), ys.tensor(false));
    }

    static Dataset regression(String where, float[][] x, double[][] targets) {
        Arguments.requireNonNulls(where, "x", x, "targets", targets);
        return regression(where, widen(where, x), targets);
    }

    /** Rows of features followed by {@code targets} values; the last value is a class index when {@code classes}. */
    static Dataset rows(String where, Stream<double[]> rows, int targets, boolean classes) {
        Arguments.requireNonNull(where, "rows", rows);
        Arguments.requireAtLeast(where, "targets", targets, 1);
        Packer features = new Packer(where, "features", "feature");
        Packer ys = new Packer(where, classes ? "labels" : "targets", classes ? "label" : "target");
        int i = 0;
        for (Iterator<double[]> it = rows.iterator(); it.hasNext(); i++) {
            double[] row = it.next();
            if (row == null) {
                throw new NablaException(where + ": row " + i + " is null");
            }
            if (row.length <= targets) {
                throw new NablaException(where + ": row " + i + " has " + row.length + " values; expected the features"
                        + " then " + targets + (classes ? " class index" : " target(s)") + ", at least " + (targets + 1)
                        + " values");
            }
            if (classes) {
                classIndex(where, row[row.length - 1], i);
            }
            features.add(row, 0, row.length - targets, i);
            ys.add(row, row.length - targets, row.length, i);
        }
        return new Dataset(features.tensor(false), ys.tensor(classes));
    }

    /**
     * Checks a class index held in a double.
     *
     * @return the index
     */
    static int classIndex(String where, double label, int row) {
        if (!(label >= 0 && label < MAX_CLASS && label == Math.rint(label))) {
            throw new NablaException(where + ": row " + row + " has the label " + label
                    + "; a class index is a whole number in [0, " + MAX_CLASS + ")");
        }
        return (int) label;
    }

    private static Tensor classes(String where, int[] labels) {
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = classIndex(where, labels[i], i);
        }
        return Tensor.of(Shape.of(labels.length), y);
    }

    private static void sameRows(String where, int rows, int n, String name) {
        if (rows != n) {
            throw new NablaException(where + ": x has " + rows + " rows but " + name + " has " + n
                    + "; expected one per row");
        }
    }

    /** float to double is exact, so the float32 features keep their values in the float64 tensors the data sets hold. */
    private static double[][] widen(String where, float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = Arguments.requireNonNull(where, "x[" + i + "]", x[i]);
            out[i] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                out[i][c] = row[c];
            }
        }
        return out;
    }
}
