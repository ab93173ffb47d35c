// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.RandomOp.Dist;
import dev.nabla.graph.op.RandomOp;

/**
 * Random ops: fresh numbers at every run, the same numbers for the same op seed and session seed.
 *
 * <p>Usage: {@code Node noise = Randoms.normal(g, 0, 1, 42, 3, 4); Node mask = Randoms.bernoulliLike(h, 0.9, 7);}
 */
public final class Randoms {
    private Randoms() {}

    /**
     * Uniform numbers in {@code [low, high)}.
     *
     * @param g the graph
     * @param low lower bound
     * @param high upper bound
     * @param seed the op's seed
     * @param dims the shape, every size known
     * @return the random node
     */
    public static Node uniform(Graph g, double low, double high, long seed, int... dims) {
        return sized(Dist.UNIFORM, g, low, high, seed, dims);
    }

    /**
     * Normal numbers.
     *
     * @param g the graph
     * @param mean the mean
     * @param std the standard deviation
     * @param seed the op's seed
     * @param dims the shape, every size known
     * @return the random node
     */
    public static Node normal(Graph g, double mean, double std, long seed, int... dims) {
        return sized(Dist.NORMAL, g, mean, std, seed, dims);
    }

    /**
     * A 0/1 mask shaped like {@code ref} (whose batch size may be known only at run time).
     *
     * @param ref the node whose shape the mask takes
     * @param p the probability of a 1
     * @param seed the op's seed
     * @return the mask node
     */
    public static Node bernoulliLike(Node ref, double p, long seed) {
        return like(Dist.BERNOULLI, ref, p, 0, seed);
    }

    /**
     * Uniform numbers in {@code [low, high)} shaped like {@code ref}.
     *
     * @param ref the node whose shape the result takes
     * @param low lower bound
     * @param high upper bound
     * @param seed the op's seed
     * @return the random node
     */
    public static Node uniformLike(Node ref, double low, double high, long seed) {
        return like(Dist.UNIFORM, ref, low, high, seed);
    }

    /**
     * Normal numbers shaped like {@code ref}.
     *
     * @param ref the node whose shape the result takes
     * @param mean the mean
     * @param std the standard deviation
     * @param seed the op's seed
     * @return the random node
     */
    public static Node normalLike(Node ref, double mean, double std, long seed) {
        return like(Dist.NORMAL, ref, mean, std, seed);
    }

    private static Node sized(Dist dist, Graph g, double a, double b, long seed, int[] dims) {
        String op = "random_" + dist.name().toLowerCase(java.util.Locale.ROOT);
        if (g == null) {
            throw new NablaException(op + ": the graph is null (at " + CallSite.capture() + ")");
        }
        Shape shape;
        try {
            shape = Shape.of(dims);
        } catch (ShapeException e) {
            throw new ShapeException(op + "(): " + e.getMessage() + " (at " + CallSite.capture() + ")");
        }
        return g.apply(new RandomOp(dist, shape, a, b, seed), java.util.List.of());
    }

    private static Node like(Dist dist, Node ref, double a, double b, long seed) {
        if (ref == null) {
            throw new NablaException("random_" + dist.name().toLowerCase(java.util.Locale.ROOT)
                    + ": the reference node is null (at " + CallSite.capture() + ")");
        }
        RandomOp op = new RandomOp(dist, ref.shape(), a, b, seed);
        return ref.shape().isKnown() ? ref.graph().apply(op, java.util.List.of()) : Ops.apply(op, ref);
    }
}
