// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The dimensions of a tensor, outermost first; a dimension may be {@link #UNKNOWN} (only the
 * leading batch dimension of an input) until a run fixes it.
 *
 * <p>Every shape obeys one rule, checked here and nowhere else, so every op's output shape and
 * every tensor factory obeys it too: each size is at least 0 (or {@link #UNKNOWN}), and the sizes
 * other than 0 and {@link #UNKNOWN} multiply to at most {@link #MAX_ELEMENTS}. Zeros are left out
 * of the product on purpose: every partial product of the sizes (a stride, a count of rows or of
 * batches, which kernels form in {@code int}) then fits as well, even in an empty shape, where a
 * zero would otherwise hide the overflow; and the verdict depends only on the sizes, not their
 * order, so {@code [0, 65536, 65536]} and {@code [65536, 65536, 0]} are both refused.
 *
 * <p>Usage: {@code Shape s = Shape.of(Shape.UNKNOWN, 784); s.rank(); s.dim(1);}
 */
public final class Shape {
    /** Marks a dimension whose size is known only when the graph runs (the batch dimension). */
    public static final int UNKNOWN = -1;
    /**
     * The most elements a shape may hold: the longest {@code double[]} or {@code float[]} HotSpot
     * allocates under its usual header and alignment settings, so a shape that passes is refused
     * for want of heap, never for its length.
     *
     * <p>Measured on OpenJDK 17.0.15 (HotSpot, x86-64) by allocating arrays of
     * {@code Integer.MAX_VALUE - k} elements under {@code -Xmx64m}: up to {@code MAX_VALUE - 2} they
     * fail with "Java heap space", beyond it with "Requested array size exceeds VM limit", because
     * the array header's words count against the limit. Bigger headers or alignments lower it:
     * {@code -XX:-UseCompressedClassPointers} or 16- and 32-byte {@code ObjectAlignmentInBytes}
     * give {@code MAX_VALUE - 3}, 64-byte alignment {@code MAX_VALUE - 7} (only the rare 128- and
     * 256-byte alignments go lower). {@code MAX_VALUE - 8} is below all of these and is the JDK's
     * own {@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}.
     */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
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
     * @throws ShapeException if a size is negative and not {@link #UNKNOWN}, the sizes other than
     *     0 and {@link #UNKNOWN} multiply to more than {@link #MAX_ELEMENTS}, or the array is null
     */
    public static Shape of(int... dims) {
        if (dims == null) {
            throw new ShapeException("shape: the dims are null");
        }
        return new Shape(require(Arrays.stream(dims).asLongStream().toArray()));
    }

    /**
     * Replaces one size, for shape rules that grow an axis (a padded axis, a concatenation). The
     * size is a long so that a sum of sizes is checked before it can wrap around.
     *
     * @param axis the axis, negative counting from the end
     * @param size its new size
     * @return this shape with that size, checked as {@link #of} checks
     * @throws ShapeException if the size breaks the size rule
     */
    public Shape withDim(int axis, long size) {
        long[] d = Arrays.stream(dims).asLongStream().toArray();
        d[axis(axis)] = size;
        return new Shape(require(d));
    }

    /**
     * Finds an element's place in row-major order, for reading one element of a tensor.
     *
     * @param op the method to name in a refusal
     * @param index one index per axis
     * @return the element's position among the tensor's elements
     * @throws ShapeException if the index has the wrong length or is out of bounds
     */
    public int position(String op, int... index) {
        Arguments.requireNonNull("Shape.position", "op", op);
        if (index == null || index.length != rank()) {
            throw new ShapeException(op + ": " + (index == null ? "no" : index.length) + " indices for a tensor of shape "
                    + this + (index == null ? "; index is null" : ""));
        }
        int flat = 0;
        int[] strides = strides();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= dim(i)) {
                throw new ShapeException(op + ": index " + Arrays.toString(index) + " is out of bounds for shape " + this);
            }
            flat += index[i] * strides[i];
        }
        return flat;
    }

    /**
     * Normalises axes given to a reduction: sorted, distinct, counted from the front.
     *
     * @param axes axes of this shape, negative counting from the end; none means every axis
     * @return the axes, sorted and distinct
     * @throws ShapeException if an axis is out of range or given twice
     */
    public List<Integer> axes(int... axes) {
        Arguments.requireNonNull("Shape.axes", "axes", axes);
        int rank = rank();
        TreeSet<Integer> set = new TreeSet<>();
        if (axes.length == 0) {
            for (int i = 0; i < rank; i++) {
                set.add(i);
            }
        }
        for (int a : axes) {
            int n = a < 0 ? a + rank : a;
            if (n < 0 || n >= rank) {
                throw new ShapeException("axis " + a + " is out of range for rank " + rank);
            }
            if (!set.add(n)) {
                throw new ShapeException("axis " + a + " is given twice");
            }
        }
        return List.copyOf(set);
    }

    /**
     * Makes the shape of a tensor about to be made: every size known and at least 0, under the
     * class's size rule.
     *
     * @param op the factory to name in a refusal
     * @param dims the sizes
     * @return the shape
     * @throws ShapeException if a size is negative or unknown, or the shape breaks the size rule
     */
    public static Shape concrete(String op, int... dims) {
        Arguments.requireNonNull("Shape.concrete", "op", op);
        if (dims == null) {
            throw new ShapeException(op + ": dims is null");
        }
        for (int d : dims) {
            if (d < 0) {
                throw new ShapeException(op + ": size " + d + " in " + Arrays.toString(dims)
                        + " is negative; a tensor's sizes are all known and at least 0");
            }
        }
        try {
            return of(dims);
        } catch (ShapeException e) {
            throw new ShapeException(op + ": " + e.getMessage());
        }
    }

    /** The class's one shape rule (see the class comment); returns the sizes as ints. */
    private static int[] require(long[] dims) {
        long product = 1;
        boolean over = false;
        for (long d : dims) {
            if (d < 0 && d != UNKNOWN) {
                throw new ShapeException("shape " + format(dims) + ": dimension " + d
                        + " is negative; use Shape.UNKNOWN (-1) for a batch size known only at run time");
            }
            // Stops once past the limit: both factors are then below 2^31, so the long product cannot wrap.
            if (d > 0 && !over) {
                over = d > MAX_ELEMENTS || product * d > MAX_ELEMENTS;
                product = over ? product : product * d;
            }
        }
        if (over) {
            throw new ShapeException("shape " + format(dims) + ": " + excess(dims) + ", more than Shape.MAX_ELEMENTS = "
                    + MAX_ELEMENTS + ", the longest array the JVM allocates");
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = (int) dims[i];
        }
        return out;
    }

    /** Says how many elements the sizes make: the exact product, however large. */
    private static String excess(long[] dims) {
        BigInteger product = BigInteger.ONE;
        boolean zero = false;
        boolean unknown = false;
        for (long d : dims) {
            zero |= d == 0;
            unknown |= d == UNKNOWN;
            product = d > 0 ? product.multiply(BigInteger.valueOf(d)) : product;
        }
        String which = zero && unknown ? "sizes other than 0 and ?" : zero ? "non-zero sizes" : "known sizes";
        return zero || unknown ? "its " + which + " multiply to " + product : product + " elements";
    }

    /** Tells how many dimensions this shape has. @return the number of dimensions (0 for a scalar) */
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

    /** Gives the sizes of the dimensions. @return a copy of the dimensions */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Tells whether every size is known, with no {@link #UNKNOWN} among them.
     *
     * @return true if every dimension is known
     */
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
     * @return the product of the dimensions (1 for a scalar), at most {@link #MAX_ELEMENTS}
     * @throws ShapeException if a dimension is unknown
     */
    public int size() {
        int n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new ShapeException("shape " + this + " has an unknown dimension; its size is known only at run time");
            }
            n *= d;
        }
        return n;
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

    /**
     * Prints this shape as error messages show it.
     *
     * @return the dimensions in brackets, {@code ?} for an unknown one: {@code [?, 784]}
     */
    @Override
    public String toString() {
        return format(Arrays.stream(dims).asLongStream().toArray());
    }

    private static String format(long[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i > 0 ? ", " : "").append(dims[i] == UNKNOWN ? "?" : String.valueOf(dims[i]));
        }
        return b.append(']').toString();
    }
}
