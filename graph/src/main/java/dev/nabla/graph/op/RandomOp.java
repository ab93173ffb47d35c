// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Cotangents;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.storage.Buffers;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Fresh random numbers at every run, reproducible from the op's seed and the session's seed.
 *
 * <p>If the shape has an unknown size, a reference input of the same rank gives it at run time
 * (a dropout mask shaped like its batch). Random ops receive no gradient.
 *
 * @param dist the distribution
 * @param shape the output shape
 * @param a the low bound, mean, or probability of a 1 (by distribution)
 * @param b the high bound or standard deviation (unused for Bernoulli)
 * @param seed the op's own seed
 */
public record RandomOp(Dist dist, Shape shape, double a, double b, long seed) implements Primitive {
    /** The distributions. */
    public enum Dist {
        /** Uniform on {@code [a, b)}. */
        UNIFORM,
        /** Normal with mean {@code a} and standard deviation {@code b}. */
        NORMAL,
        /** 1.0 with probability {@code a}, else 0.0. */
        BERNOULLI
    }

    /** Checks the parameters against the distribution. */
    public RandomOp {
        Arguments.requireNonNulls("RandomOp", "dist", dist, "shape", shape);
        requireParams("random_" + dist.name().toLowerCase(Locale.ROOT), dist, a, b);
    }

    /**
     * Refuses parameters the distribution cannot take: the op's check, shared with Tensor's seeded
     * factories so both refuse the same values in the same words.
     *
     * @param op the op or method to name in the error
     * @param dist the distribution
     * @param a its first parameter (low, mean or p)
     * @param b its second parameter (high or std)
     * @throws ShapeException naming the op, the parameters and the call site
     */
    public static void requireParams(String op, Dist dist, double a, double b) {
        Arguments.requireNonNulls("RandomOp.requireParams", "op", op, "dist", dist);
        boolean ok = switch (dist) {
            case UNIFORM -> Double.isFinite(a) && Double.isFinite(b) && a <= b;
            case NORMAL -> Double.isFinite(a) && Double.isFinite(b) && b >= 0;
            case BERNOULLI -> a >= 0 && a <= 1;
        };
        if (!ok) {
            String expected = switch (dist) {
                case UNIFORM -> "low " + a + " and high " + b + " must be finite with low <= high";
                case NORMAL -> "mean " + a + " and std " + b + " must be finite with std >= 0";
                case BERNOULLI -> "p " + a + " must satisfy 0 <= p <= 1";
            };
            throw new ShapeException(op + ": " + expected + " (at " + CallSite.capture() + ")");
        }
    }

    /**
     * Draws a tensor from a generator of this seed, as the op draws, for Tensor's seeded factories.
     *
     * @param dist the distribution
     * @param a its first parameter
     * @param b its second parameter
     * @param seed the generator's seed
     * @param shape a shape with every size known
     * @return a new float64 tensor
     */
    public static Tensor sample(Dist dist, double a, double b, long seed, Shape shape) {
        Arguments.requireNonNulls("RandomOp.sample", "dist", dist, "shape", shape);
        Tensor t = Buffers.zeros(DType.FLOAT64, shape);
        draw(dist, a, b, new Well19937c(seed), Buffers.doubles(t));
        return t;
    }

    private static void draw(Dist dist, double a, double b, RandomGenerator rng, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = switch (dist) {
                case UNIFORM -> a + (b - a) * rng.nextDouble();
                case NORMAL -> a + b * rng.nextGaussian();
                case BERNOULLI -> rng.nextDouble() < a ? 1.0 : 0.0;
            };
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.RANDOM;
    }

    @Override
    public String name() {
        return "random_" + dist.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Shape outShape(List<Shape> in) {
        if (in.size() > 1) {
            throw new ShapeException("takes at most one reference input, got " + in.size());
        }
        if (in.isEmpty()) {
            if (!shape.isKnown()) {
                throw new ShapeException("shape " + shape + " has an unknown size and no reference input gives it");
            }
            return shape;
        }
        Shape ref = in.get(0);
        if (ref.rank() != shape.rank()) {
            throw new ShapeException("the reference " + ref + " must have the rank of " + shape);
        }
        int[] d = shape.dims();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] == Shape.UNKNOWN ? ref.dim(i) : d[i];
        }
        return Shape.of(d);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        draw(dist, a, b, new Well19937c(ctx.seedFor(seed)), Buffers.doubles(out));
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return Cotangents.none(y.inputs().size());
    }

    @Override
    public int arity() {
        return -1;
    }
}
