// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;

/**
 * A data set's inputs and targets copied out once, so that each batch copies only its own rows.
 * {@link Dataset#rows} must copy a whole tensor out before it can pick rows (a tensor gives its
 * values only as a copy); for 60,000 images of 28x28 that is 376 MB per batch of 64, more work
 * than a convolutional network's step on the batch.
 */
final class FlatRows {
    private final Dataset data;
    private final double[] x;
    private final double[] y;

    FlatRows(Dataset data) {
        this.data = data;
        this.x = data.x().toArray();
        this.y = data.y().toArray();
    }

    /** The samples at the given rows, in that order, as {@link Dataset#rows} gives them. */
    Dataset rows(int[] rows) {
        return new Dataset(take(x, data.x().shape(), rows), take(y, data.y().shape(), rows));
    }

    /**
     * The rows of a flat row-major array of the given shape.
     *
     * @param rows row indices, each in {@code [0, shape.dim(0))}
     * @return a tensor of the same shape but {@code rows.length} rows
     */
    static Tensor take(double[] src, Shape shape, int[] rows) {
        int n = shape.dim(0);
        int width = n == 0 ? 0 : src.length / n;
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= n) {
                throw new NablaException("Dataset.rows: row " + rows[i] + " is out of range [0, " + n + ")");
            }
            System.arraycopy(src, rows[i] * width, out, i * width, width);
        }
        int[] dims = shape.dims();
        dims[0] = rows.length;
        return Tensor.of(Shape.of(dims), out);
    }
}
