// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first; a dimension may be {@link #UNKNOWN} (only the
 * leading batch dimension of an input) until a run fixes it.
 *
 * <p>Usage: {@code Shape s = Shape.of(Shape.UNKNOWN, 784); s.rank(); s.dim(1);}
 */
public final class Shape {
    /** Marks a dimension whose size is known only when the graph runs (the batch dimension). */
    public static final int UNKNOWN = -1;
    /** The shape of a scalar: rank 0, one element. */
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * Makes a shape from its dimensions.
     *
     * @param dims sizes, each at least 0 or {@link #UNKNOWN}
     * @return the shape
     * @throws ShapeException if a size is negative and not {@link #UNKNOWN}, or the array is null
     */
    public static Shape of(int... dims) {
        if (dims == null) {
            throw new ShapeException("shape: the dims are null");
        }
        for (int d : dims) {
            if (d < 0 && d != UNKNOWN) {
                throw new ShapeException("shape " + Arrays.toString(dims)
                        + ": dimension " + d + " is negative; use Shape.UNKNOWN (-1) for a batch size known only at run time");
            }
        }
        return new Shape(dims.clone());
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int rank() {
        return dims.length;
    }

    /**
     * Returns one dimension; a negative axis counts from the end, as in NumPy.
     *
     * @param axis the axis, in {@code [-rank, rank)}
     * @return its size, or {@link #UNKNOWN}
     * @throws ShapeException if the axis is out of range
     */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /**
     * Normalises an axis that may count from the end.
     *
     * @param axis an axis in {@code [-rank, rank)}
     * @return the same axis in {@code [0, rank)}
     * @throws ShapeException if the axis is out of range
     */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + this
                    + " of rank " + dims.length);
        }
        return a;
    }

    /** @return a copy of the dimensions */
    public int[] dims() {
        return dims.clone();
    }

    /** @return true if every dimension is known */
    public boolean isKnown() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the dimensions (1 for a scalar)
     * @throws ShapeException if a dimension is unknown
     */
    public int size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new ShapeException("shape " + this + " has an unknown dimension; its size is known only at run time");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new ShapeException("shape " + this + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /**
     * Row-major strides: how far one step along each axis moves in the flat array.
     *
     * @return the strides, in elements
     */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 0);
        }
        return s;
    }

    /**
     * Tells whether a concrete shape fits this one, where unknown dimensions match any size.
     *
     * @param concrete a shape with known dimensions
     * @return true if the ranks agree and every known dimension is equal
     */
    public boolean accepts(Shape concrete) {
        if (concrete == null || concrete.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && dims[i] != concrete.dims[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the dimensions in brackets, {@code ?} for an unknown one: {@code [?, 784]} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i > 0 ? ", " : "").append(dims[i] == UNKNOWN ? "?" : String.valueOf(dims[i]));
        }
        return b.append(']').toString();
    }
}
