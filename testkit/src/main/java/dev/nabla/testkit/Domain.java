// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The values an op's input may take in a gradient check: an interval, minus holes around the
 * kinks and poles where finite differences would disagree with any derivative rule.
 *
 * <p>A domain is an immutable value. Holes are kept at least {@code margin} wide, and the
 * central-difference step (about {@code 1e-6}) never crosses one.
 * Usage: {@code Domain.awayFrom(0.0, 1e-3).tensors(Shape.of(2, 3))} for {@code abs};
 * {@code Domain.positive(0.1)} for {@code log}.
 */
public final class Domain {
    /** The interval {@link #awayFrom(double, double)} works in when no other is given. */
    public static final double DEFAULT_BOUND = 3.0;
    private static final long STEPS = 1L << 40;

    private final double lo;
    private final double hi;
    private final List<double[]> holes;   // each {from, to}, sorted, disjoint
    private final boolean integers;
    private final double gap;

    private Domain(double lo, double hi, List<double[]> holes, boolean integers, double gap) {
        this.lo = lo;
        this.hi = hi;
        this.holes = List.copyOf(holes);
        this.integers = integers;
        this.gap = gap;
    }

    /**
     * Every value in {@code [lo, hi]}.
     *
     * @param lo the smallest value
     * @param hi the largest value, at least {@code lo}
     * @return the domain
     */
    public static Domain between(double lo, double hi) {
        Shapes.require(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi,
                "Domain.between: need finite lo <= hi, got " + lo + " and " + hi);
        return new Domain(lo, hi, List.of(), false, 0);
    }

    /**
     * Values in {@code [-3, 3]} at least {@code margin} away from a kink, such as 0 for
     * {@code abs} or {@code relu}.
     *
     * @param point the kink
     * @param margin the smallest distance kept, at least 0
     * @return the domain
     */
    public static Domain awayFrom(double point, double margin) {
        return between(-DEFAULT_BOUND, DEFAULT_BOUND).without(point, margin);
    }

    /**
     * Values in {@code [-3, 3]} at least {@code margin} away from each of several kinks.
     *
     * @param points the kinks
     * @param margin the smallest distance kept, at least 0
     * @return the domain
     */
    public static Domain awayFrom(List<Double> points, double margin) {
        Arguments.requireElements("Domain.awayFrom", "points", points);
        Domain d = between(-DEFAULT_BOUND, DEFAULT_BOUND);
        for (double p : points) {
            d = d.without(p, margin);
        }
        return d;
    }

    /**
     * Positive values from {@code min} up to {@code max(5, 2 min)}, for ops with a pole or a
     * branch point at 0 ({@code log}, {@code sqrt}, {@code recip}, the base of {@code pow}).
     *
     * @param min the smallest value, greater than 0
     * @return the domain
     */
    public static Domain positive(double min) {
        Shapes.require(min > 0, "Domain.positive: min must be greater than 0, got " + min);
        return between(min, Math.max(5.0, 2 * min));
    }

    /**
     * The integers in {@code [lo, hi]}, stored as doubles: labels and indices.
     *
     * @param lo the smallest integer
     * @param hi the largest integer, at least {@code lo}
     * @return the domain
     */
    public static Domain integers(int lo, int hi) {
        Shapes.require(lo <= hi, "Domain.integers: need lo <= hi, got " + lo + " and " + hi);
        return new Domain(lo, hi, List.of(), true, 0);
    }

    /**
     * This domain with a hole of half-width {@code margin} around {@code point}.
     *
     * @param point the kink or pole
     * @param margin the smallest distance kept, at least 0
     * @return a new domain
     * @throws IllegalArgumentException if no value would be left
     */
    public Domain without(double point, double margin) {
        Shapes.require(!integers && gap == 0, "Domain.without: not for integer or distinct domains");
        Shapes.require(margin >= 0, "Domain.without: margin must be at least 0, got " + margin);
        List<double[]> merged = new ArrayList<>();
        double[] hole = {point - margin, point + margin};
        for (double[] h : holes) {
            if (h[1] < hole[0] || hole[1] < h[0]) {
                merged.add(h);
            } else {
                hole = new double[] {Math.min(h[0], hole[0]), Math.max(h[1], hole[1])};
            }
        }
        merged.add(hole);
        merged.sort((a, b) -> Double.compare(a[0], b[0]));
        Domain d = new Domain(lo, hi, merged, false, 0);
        Shapes.require(d.length() > 0, "Domain.without: nothing of " + this + " is left");
        return d;
    }

    /**
     * This domain, drawn so that the values of one tensor are pairwise at least {@code gap}
     * apart: ties are kinks for {@code max} reductions.
     *
     * @param minGap the smallest distance between two values of a tensor, greater than 0
     * @return a new domain
     */
    public Domain distinct(double minGap) {
        Shapes.require(!integers && holes.isEmpty() && minGap > 0,
                "Domain.distinct: only for a plain interval and a positive gap");
        return new Domain(lo, hi, List.of(), false, minGap);
    }

    /** Tells the lower end of the interval. @return the smallest value */
    public double lo() {
        return lo;
    }

    /** Tells the upper end of the interval. @return the largest value */
    public double hi() {
        return hi;
    }

    /**
     * Draws single values.
     *
     * @return values in this domain, shrinking towards its low end
     */
    public Gen<Double> values() {
        if (integers) {
            return Generate.range((int) lo, (int) hi).map(i -> (double) i);
        }
        double total = length();
        return Generate.longRange(0, STEPS).map(k -> place(total * k / STEPS));
    }

    /**
     * Draws tensors of one shape with every element in this domain.
     *
     * @param shape a shape with every size known
     * @return the tensors
     */
    public Gen<Tensor> tensors(Shape shape) {
        Arguments.requireNonNull("Domain.tensors", "shape", shape);
        Shapes.require(shape.isKnown(), "Domain.tensors: the shape " + shape + " must be known");
        int n = shape.size();
        Gen<Double> value = values();
        Gen<Tensor> gen = gap > 0 ? distinctTensors(shape, n) : rs -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = value.generate(rs);
            }
            return Tensor.of(shape, v);
        };
        return gen.describedAs(Tensor::toString);
    }

    /**
     * Draws tensors whose shapes come from a generator.
     *
     * @param shapes the shapes, every size known
     * @return the tensors
     */
    public Gen<Tensor> tensors(Gen<Shape> shapes) {
        Arguments.requireNonNull("Domain.tensors", "shapes", shapes);
        return shapes.flatMap(this::tensors);
    }

    /** One value per slot of width (hi - lo) / n, slots in random order: neighbours are gap apart. */
    private Gen<Tensor> distinctTensors(Shape shape, int n) {
        double width = (hi - lo) / Math.max(n, 1);
        Shapes.require(width > gap, "Domain.distinct: " + n + " values " + gap + " apart do not fit " + this);
        Gen<int[]> order = Shapes.permutations(n);
        Gen<Long> jitter = Generate.longRange(0, STEPS);
        return rs -> {
            int[] slot = order.generate(rs);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = lo + slot[i] * width + gap / 2 + (width - gap) * jitter.generate(rs) / STEPS;
            }
            return Tensor.of(shape, v);
        };
    }

    /** The total length of the allowed intervals. */
    private double length() {
        double total = hi - lo;
        for (double[] h : holes) {
            total -= Math.max(0, Math.min(h[1], hi) - Math.max(h[0], lo));
        }
        return total;
    }

    /** Maps an offset in [0, length] to the allowed value that far along the allowed intervals. */
    private double place(double offset) {
        double at = lo;
        double left = offset;
        for (double[] h : holes) {
            double end = Math.max(at, Math.min(h[0], hi));
            if (left <= end - at) {
                return at + left;
            }
            left -= end - at;
            at = Math.max(at, Math.min(h[1], hi));
        }
        return Math.min(hi, at + left);
    }

    /**
     * Prints this domain for failure messages.
     *
     * @return the interval and its holes, such as {@code [-3, 3] \ (-0.001, 0.001)}
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(integers ? "integers " : "").append('[').append(num(lo)).append(", ")
                .append(num(hi)).append(']');
        for (double[] h : holes) {
            b.append(" \\ (").append(num(h[0])).append(", ").append(num(h[1])).append(')');
        }
        return gap > 0 ? b.append(" distinct by ").append(num(gap)).toString() : b.toString();
    }

    private static String num(double v) {
        return new BigDecimal(v, new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
