// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.storage;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.Arrays;

/**
 * The arrays behind {@link dev.nabla.graph.Tensor}'s factories: ranges, the identity, rows; Tensor
 * checks nothing twice and only wraps what these return.
 *
 * <p>Internal to nabla-graph. Usage: {@code double[] d = Fills.eye(3);}
 */
public final class Fills {
    private Fills() {}

    /**
     * Checks a shape against a number of values, for factories that take both.
     *
     * @param op the factory to name in errors
     * @param count how many values there are
     * @param dims the dimensions; none means 1-D of {@code count}
     * @return the shape
     * @throws ShapeException if the values do not fill the shape
     */
    public static Shape shapeOf(String op, int count, int... dims) {
        Shape s = Shape.concrete(op, dims.length == 0 ? new int[] {count} : dims);
        if (s.size() != count) {
            throw new ShapeException(op + ": " + count + " values do not fill shape " + s + " of " + s.size() + " elements");
        }
        return s;
    }

    /**
     * Builds {@code [start, start+step, ...]} below {@code stop}, as NumPy's arange.
     *
     * @param start the first value
     * @param stop the bound, excluded
     * @param step the increment, finite and not zero
     * @return the values
     */
    public static double[] arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step)) {
            throw new NablaException("Tensor.arange: step must be finite and non-zero, got " + step);
        }
        double count = Math.max(0, Math.ceil((stop - start) / step));
        if (!(count <= Shape.MAX_ELEMENTS)) {
            throw new ShapeException("Tensor.arange: [" + start + ", " + stop + ") in steps of " + step
                    + " has " + count + " elements, more than Shape.MAX_ELEMENTS = " + Shape.MAX_ELEMENTS
                    + ", the longest array the JVM allocates");
        }
        double[] d = new double[(int) count];
        for (int i = 0; i < d.length; i++) {
            d[i] = start + i * step;
        }
        return d;
    }

    /**
     * Builds {@code n} evenly spaced values from {@code start} to {@code stop}, both included.
     *
     * @param start the first value
     * @param stop the last value
     * @param n the count, at least 0
     * @return the values
     */
    public static double[] linspace(double start, double stop, int n) {
        if (n < 0) {
            throw new NablaException("Tensor.linspace: count must be at least 0, got " + n);
        }
        double[] d = new double[Shape.concrete("Tensor.linspace", n).size()];
        for (int i = 0; i < n; i++) {
            // The last value is stop itself: start + (stop - start) can miss it by an ulp.
            d[i] = n == 1 ? start : i == n - 1 ? stop : start + (stop - start) * i / (n - 1);
        }
        return d;
    }

    /**
     * Builds the identity matrix's elements.
     *
     * @param n rows and columns
     * @return {@code n * n} values in row-major order
     */
    public static double[] eye(int n) {
        double[] d = new double[Shape.concrete("Tensor.eye", n, n).size()];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return d;
    }

    /**
     * Joins rows of equal length into one row-major array.
     *
     * @param rows the rows
     * @return their values, row after row
     * @throws ShapeException if the rows are ragged
     */
    public static double[] rows(double[]... rows) {
        if (rows == null || Arrays.asList(rows).contains(null)) {
            throw new NablaException("Tensor.fromRows: the rows must not be or contain null");
        }
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] d = new double[Shape.concrete("Tensor.fromRows", rows.length, cols).size()];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new ShapeException("Tensor.fromRows: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return d;
    }
}
