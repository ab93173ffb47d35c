// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.kernel.Conversions;
import dev.nabla.graph.op.RandomOp;
import dev.nabla.graph.storage.Buffers;
import dev.nabla.graph.storage.Fills;
import java.util.Arrays;

/**
 * A dense n-dimensional array in row-major order, of float64 values or, made by
 * {@link #fromFloats(float[], int...)} or {@link #to(DType)}, of float32 values.
 *
 * <p>A tensor a user holds never changes: only the executor writes, and only into buffers it owns.
 * Reading methods such as {@link #get} and {@link #toArray()} give doubles whatever the type, which
 * is exact for float32 elements. Usage:
 * {@code Tensor t = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2); t.get(1, 0); // 3.0}
 */
public final class Tensor {
    private final Shape shape;
    /** The float64 storage, or null for a float32 tensor. */
    private final double[] data;
    /** The float32 storage, or null for a float64 tensor. */
    private final float[] floats;

    static {
        Buffers.install(t -> t.floats != null ? t.floats : t.data,
                (s, array) -> array instanceof float[] f ? new Tensor(s, f) : new Tensor(s, (double[]) array));
    }

    Tensor(Shape shape, double[] data) {
        this.shape = shape;
        this.data = data;
        this.floats = null;
    }

    Tensor(Shape shape, float[] floats) {
        this.shape = shape;
        this.data = null;
        this.floats = floats;
    }


    /**
     * Makes a tensor of zeros.
     *
     * @param dims the dimensions
     * @return a new tensor
     * @throws ShapeException if a size is negative or the shape breaks {@link Shape}'s size rule
     */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.concrete("Tensor.zeros", dims));
    }

    /**
     * Makes a tensor of zeros.
     *
     * @param shape a shape with every dimension known
     * @return a new tensor
     * @throws ShapeException if a dimension is unknown
     */
    public static Tensor zeros(Shape shape) {
        if (shape == null) {
            throw new NablaException("Tensor.zeros: the shape is null");
        }
        return new Tensor(shape, new double[shape.size()]);
    }

    /**
     * Makes a tensor of ones.
     *
     * @param dims the dimensions
     * @return a new tensor
     */
    public static Tensor ones(int... dims) {
        return full(1.0, dims);
    }

    /**
     * Makes a tensor with every element equal to a value.
     *
     * @param value the value
     * @param dims the dimensions
     * @return a new tensor
     * @throws ShapeException if a size is negative or the shape breaks {@link Shape}'s size rule
     */
    public static Tensor full(double value, int... dims) {
        Shape s = Shape.concrete("Tensor.full", dims);
        double[] d = new double[s.size()];
        Arrays.fill(d, value);
        return new Tensor(s, d);
    }

    /**
     * Makes a rank-0 tensor.
     *
     * @param value its only element
     * @return a new tensor of shape {@code []}
     */
    public static Tensor scalar(double value) {
        return new Tensor(Shape.SCALAR, new double[] {value});
    }

    /**
     * Makes a tensor from values in row-major order; the array is copied.
     *
     * @param values the elements, outermost axis first
     * @param dims the dimensions; none means a 1-D tensor of all the values
     * @return a new tensor
     * @throws ShapeException if the number of values does not match the shape
     */
    public static Tensor fromArray(double[] values, int... dims) {
        if (values == null || dims == null) {
            throw new NablaException("Tensor.fromArray: " + (values == null ? "values is null" : "the dims are null"));
        }
        return new Tensor(Fills.shapeOf("Tensor.fromArray", values.length, dims), values.clone());
    }

    /**
     * Makes a tensor of any shape, a scalar included, from values in row-major order; copies them.
     *
     * @param shape a shape with every size known
     * @param values the elements
     * @return a new tensor
     * @throws ShapeException if the number of values does not match the shape
     */
    public static Tensor of(Shape shape, double... values) {
        if (shape == null || values == null) {
            throw new NablaException("Tensor.of: the shape and the values must not be null");
        }
        if (!shape.isKnown() || shape.size() != values.length) {
            throw new ShapeException("Tensor.of: " + values.length + " values do not fill shape " + shape);
        }
        return new Tensor(shape, values.clone());
    }

    /**
     * Makes a 2-D tensor from rows of equal length.
     *
     * @param rows the rows
     * @return a new tensor of shape {@code [rows.length, rows[0].length]}
     * @throws ShapeException if the rows are ragged
     */
    public static Tensor fromRows(double[]... rows) {
        double[] d = Fills.rows(rows);
        return new Tensor(Shape.of(rows.length, rows.length == 0 ? 0 : rows[0].length), d);
    }

    /**
     * Makes {@code [start, start+step, ...]} up to but not including {@code stop}, as NumPy's arange.
     *
     * @param start the first value
     * @param stop the bound, excluded
     * @param step the increment, not zero
     * @return a new 1-D tensor
     */
    public static Tensor arange(double start, double stop, double step) {
        double[] d = Fills.arange(start, stop, step);
        return new Tensor(Shape.of(d.length), d);
    }

    /**
     * Makes {@code [0, 1, ..., n-1]}.
     *
     * @param n the count
     * @return a new 1-D tensor
     */
    public static Tensor arange(int n) {
        Arguments.requireAtLeast("Tensor.arange", "n", n, 0);
        return arange(0, n, 1);
    }

    /**
     * Makes {@code n} evenly spaced values from {@code start} to {@code stop}, both included.
     *
     * @param start the first value
     * @param stop the last value
     * @param n the count, at least 0
     * @return a new 1-D tensor
     */
    public static Tensor linspace(double start, double stop, int n) {
        double[] d = Fills.linspace(start, stop, n);
        return new Tensor(Shape.of(n), d);
    }

    /**
     * Makes the identity matrix.
     *
     * @param n rows and columns
     * @return a new {@code [n, n]} tensor
     */
    public static Tensor eye(int n) {
        double[] d = Fills.eye(n);
        return new Tensor(Shape.of(n, n), d);
    }

    /**
     * Draws from a normal distribution; the same seed gives the same numbers.
     *
     * @param seed the seed
     * @param mean the mean, finite
     * @param std the standard deviation, finite and at least 0
     * @param dims the dimensions
     * @return a new tensor
     * @throws ShapeException if the mean or std is out of range, or the dims are (as the graph's
     *     {@code random_normal} refuses them)
     */
    public static Tensor randomNormal(long seed, double mean, double std, int... dims) {
        RandomOp.requireParams("Tensor.randomNormal", RandomOp.Dist.NORMAL, mean, std);
        return RandomOp.sample(RandomOp.Dist.NORMAL, mean, std, seed, Shape.concrete("Tensor.randomNormal", dims));
    }

    /**
     * Draws uniformly from {@code [low, high)}; the same seed gives the same numbers.
     *
     * @param seed the seed
     * @param low the lower bound, finite
     * @param high the upper bound, finite and at least {@code low}
     * @param dims the dimensions
     * @return a new tensor
     * @throws ShapeException if the bounds are out of range, or the dims are (as the graph's
     *     {@code random_uniform} refuses them)
     */
    public static Tensor randomUniform(long seed, double low, double high, int... dims) {
        RandomOp.requireParams("Tensor.randomUniform", RandomOp.Dist.UNIFORM, low, high);
        return RandomOp.sample(RandomOp.Dist.UNIFORM, low, high, seed, Shape.concrete("Tensor.randomUniform", dims));
    }

    /**
     * Makes a float32 tensor from values in row-major order; the array is copied.
     *
     * <p>Usage: {@code Tensor t = Tensor.fromFloats(new float[] {1, 2, 3, 4}, 2, 2);}
     *
     * @param values the elements, outermost axis first
     * @param dims the dimensions; none means a 1-D tensor of all the values
     * @return a new float32 tensor
     * @throws ShapeException if the number of values does not match the shape
     */
    public static Tensor fromFloats(float[] values, int... dims) {
        if (values == null || dims == null) {
            throw new NablaException("Tensor.fromFloats: " + (values == null ? "values is null" : "the dims are null"));
        }
        return new Tensor(Fills.shapeOf("Tensor.fromFloats", values.length, dims), values.clone());
    }

    /** The shape of this tensor. @return the shape */
    public Shape shape() {
        return shape;
    }

    /** The element type, float32 or float64. @return the element type */
    public DType dtype() {
        return floats != null ? DType.FLOAT32 : DType.FLOAT64;
    }

    /**
     * The same values in another element type: rounded to nearest when narrowing to float32, exact
     * when widening.
     *
     * <p>Usage: {@code Tensor x32 = x.to(DType.FLOAT32);}
     *
     * @param type the element type wanted
     * @return this tensor if it already has that type, else a new one
     */
    public Tensor to(DType type) {
        if (type == null) {
            throw new NablaException("Tensor.to: the type is null; pass DType.FLOAT64 or DType.FLOAT32");
        }
        if (type == dtype()) {
            return this;
        }
        if (type == DType.FLOAT64) {
            return new Tensor(shape, toArray());
        }
        float[] f = new float[data.length];
        Conversions.narrow(data, 0, f, 0, f.length);
        return new Tensor(shape, f);
    }

    /** Counts the elements of this tensor. @return the number of elements */
    public int size() {
        return floats != null ? floats.length : data.length;
    }

    /** Tells how many dimensions this tensor has. @return the number of dimensions */
    public int rank() {
        return shape.rank();
    }

    /**
     * Reads one element.
     *
     * @param index one index per axis
     * @return the element
     * @throws ShapeException if the index has the wrong length or is out of bounds
     */
    public double get(int... index) {
        return at(shape.position("Tensor.get", index));
    }

    /**
     * Reads the only element of a one-element tensor.
     *
     * @return the element
     * @throws ShapeException if the tensor has more or fewer than one element
     */
    public double item() {
        if (size() != 1) {
            throw new ShapeException("Tensor.item: tensor of shape " + shape + " has " + size() + " elements, not 1");
        }
        return at(0);
    }

    /** Copies the elements out. @return a copy of the elements in row-major order, as doubles whatever the type */
    public double[] toArray() {
        if (floats == null) {
            return data.clone();
        }
        double[] d = new double[floats.length];
        Conversions.widen(floats, 0, d, 0, d.length);
        return d;
    }

    /**
     * Returns the same values under another shape with the same number of elements.
     *
     * @param dims the new dimensions
     * @return a new tensor
     * @throws ShapeException if the sizes differ
     */
    public Tensor reshape(int... dims) {
        Shape s = Shape.concrete("Tensor.reshape", dims);
        if (!s.isKnown() || s.size() != size()) {
            throw new ShapeException("Tensor.reshape: cannot reshape " + shape + " (" + size()
                    + " elements) to " + s);
        }
        return floats != null ? new Tensor(s, floats.clone()) : new Tensor(s, data.clone());
    }

    /**
     * Compares elementwise as NumPy's allclose: {@code |a - b| <= atol + rtol * |b|}, NaNs unequal.
     *
     * @param other a tensor of the same shape
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     * @return true if the shapes are equal and every pair of elements is close
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (other == null) {
            throw new NablaException("Tensor.allClose: the other tensor is null");
        }
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            double a = at(i);
            double b = other.at(i);
            // An infinity is close only to itself; without the isFinite checks rtol * |inf| accepts anything.
            if (!(a == b || Double.isFinite(a) && Double.isFinite(b) && Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    /** Tensors are equal when their types, their shapes and every element's bits are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(data, t.data) && Arrays.equals(floats, t.floats);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(data));
    }

    /**
     * Prints the elements as NumPy does.
     *
     * @return the elements in NumPy's style: nested brackets, long axes elided with {@code ...},
     *     followed by {@code dtype=float32} for a float32 tensor
     */
    @Override
    public String toString() {
        String values = TensorFormat.format(shape, floats != null ? toArray() : data);
        return floats != null ? values + " dtype=float32" : values;
    }


    /** One element by its row-major position, widened to a double. */
    private double at(int flat) {
        return floats != null ? floats[flat] : data[flat];
    }
}
