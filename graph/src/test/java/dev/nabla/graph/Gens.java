// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.quicktheories.generators.SourceDSL.doubles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for shapes, tensors and the index tuples of the graph module's
 * property tests, in one place so that every property draws from the same distributions.
 *
 * <p>Every generator draws through the {@code RandomnessSource} it is handed, so QuickTheories can
 * shrink a failing case towards small ranks, small sizes and simple values.
 * Usage: {@code qt().forAll(Gens.shapes(0, 4, 1, 4).flatMap(s -> Gens.tensors(s, -1, 1)))}
 */
final class Gens {
    private Gens() {}

    /** Two shapes, for binary ops. */
    record ShapePair(Shape a, Shape b) {}

    /**
     * One size of a shape, mostly in {@code [max(minDim, 1), maxDim]}; a 0 turns up now and then
     * when {@code minDim} is 0, since empty tensors are where index arithmetic goes wrong.
     *
     * @param minDim 0 or 1
     * @param maxDim the largest size
     * @return the sizes
     */
    static Gen<Integer> dims(int minDim, int maxDim) {
        Gen<Integer> positive = Generate.range(1, maxDim);
        if (minDim > 0) {
            return positive;
        }
        return Generate.frequency(Pair.of(9, positive), Pair.of(1, Generate.constant(0)));
    }

    /**
     * Shapes with a rank in {@code [minRank, maxRank]} and sizes from {@link #dims(int, int)}.
     *
     * @param minRank the smallest rank, at least 0
     * @param maxRank the largest rank
     * @param minDim 0 to allow empty axes, else 1
     * @param maxDim the largest size
     * @return the shapes
     */
    static Gen<Shape> shapes(int minRank, int maxRank, int minDim, int maxDim) {
        Gen<Integer> rank = Generate.range(minRank, maxRank);
        Gen<Integer> dim = dims(minDim, maxDim);
        return rs -> {
            int[] d = new int[rank.generate(rs)];
            for (int i = 0; i < d.length; i++) {
                d[i] = dim.generate(rs);
            }
            return Shape.of(d);
        };
    }

    /**
     * Tensors of one shape with values drawn from {@code [low, high]}.
     *
     * @param shape a fully known shape
     * @param low the smallest value
     * @param high the largest value
     * @return the tensors
     */
    static Gen<Tensor> tensors(Shape shape, double low, double high) {
        Gen<Double> value = doubles().between(low, high);
        int n = shape.size();
        return rs -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = value.generate(rs);
            }
            // fromArray with no dims would make a vector, so scalars are built on their own.
            return shape.rank() == 0 ? Tensor.scalar(v[0]) : Tensor.fromArray(v, shape.dims());
        };
    }

    /**
     * Tensors whose shapes come from a generator.
     *
     * @param shapes the shapes
     * @param low the smallest value
     * @param high the largest value
     * @return the tensors
     */
    static Gen<Tensor> tensors(Gen<Shape> shapes, double low, double high) {
        return shapes.flatMap(s -> tensors(s, low, high));
    }

    /**
     * Pairs of shapes that broadcast: both are made from one common shape by dropping leading axes
     * and setting some sizes to 1.
     *
     * @param maxRank the largest rank
     * @param minDim 0 to allow empty axes, else 1
     * @param maxDim the largest size
     * @return the pairs
     */
    static Gen<ShapePair> broadcastPairs(int maxRank, int minDim, int maxDim) {
        Gen<Shape> common = shapes(0, maxRank, minDim, maxDim);
        Gen<Integer> coin = Generate.range(0, 2);
        return rs -> {
            int[] out = common.generate(rs).dims();
            return new ShapePair(squash(out, coin, rs), squash(out, coin, rs));
        };
    }

    private static Shape squash(int[] out, Gen<Integer> coin, RandomnessSource rs) {
        int rank = Generate.range(0, out.length).generate(rs);
        int[] d = Arrays.copyOfRange(out, out.length - rank, out.length);
        for (int i = 0; i < d.length; i++) {
            if (coin.generate(rs) == 0) {
                d[i] = 1;
            }
        }
        return Shape.of(d);
    }

    /**
     * Pairs of shapes that may or may not broadcast: sizes in {@code [0, maxDim]} drawn
     * independently, mixed with pairs from {@link #broadcastPairs(int, int, int)}.
     *
     * @param maxRank the largest rank
     * @param maxDim the largest size
     * @return the pairs
     */
    static Gen<ShapePair> anyPairs(int maxRank, int maxDim) {
        Gen<Shape> free = shapes(0, maxRank, 0, maxDim);
        Gen<ShapePair> independent = rs -> new ShapePair(free.generate(rs), free.generate(rs));
        return independent.mix(broadcastPairs(maxRank, 0, maxDim));
    }

    /**
     * Pairs of shapes whose sizes may also be {@link Shape#UNKNOWN}, compatible or not.
     *
     * @param maxRank the largest rank
     * @param maxDim the largest size
     * @return the pairs
     */
    static Gen<ShapePair> pairsWithUnknowns(int maxRank, int maxDim) {
        Gen<Integer> rank = Generate.range(0, maxRank);
        Gen<Integer> dim = Generate.range(-1, maxDim);
        Gen<Shape> shapes = rs -> {
            int[] d = new int[rank.generate(rs)];
            for (int i = 0; i < d.length; i++) {
                d[i] = dim.generate(rs);
            }
            return Shape.of(d);
        };
        return rs -> new ShapePair(shapes.generate(rs), shapes.generate(rs));
    }

    /**
     * Permutations of {@code 0..rank-1}, by Fisher-Yates.
     *
     * @param rank the length
     * @return the permutations
     */
    static Gen<List<Integer>> permutations(int rank) {
        return rs -> {
            List<Integer> p = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                p.add(i);
            }
            for (int i = rank - 1; i > 0; i--) {
                int j = Generate.range(0, i).generate(rs);
                p.set(j, p.set(i, p.get(j)));
            }
            return p;
        };
    }

    /**
     * Sizes from every region where a size rule can go wrong: 0, small, around the square root of
     * {@link Shape#MAX_ELEMENTS}, and at, just past and far past the limit.
     *
     * @return the sizes, all at least 0
     */
    static Gen<Integer> extremeSizes() {
        Gen<Integer> small = Generate.range(0, 4);
        Gen<Integer> large = Generate.pick(List.of(46340, 46341, 65536, 1 << 20, 1 << 30, Shape.MAX_ELEMENTS,
                Shape.MAX_ELEMENTS + 1, Integer.MAX_VALUE - 2, Integer.MAX_VALUE));
        return Generate.frequency(Pair.of(3, small), Pair.of(2, large));
    }

    /**
     * Dims of {@link #extremeSizes()}, unchecked, so they may break the shape rule.
     *
     * @param maxRank the largest rank
     * @return the dims, of a rank in {@code [0, maxRank]}
     */
    static Gen<int[]> extremeDims(int maxRank) {
        Gen<Integer> dim = extremeSizes();
        Gen<Integer> rank = Generate.range(0, maxRank);
        return rs -> {
            int[] d = new int[rank.generate(rs)];
            for (int i = 0; i < d.length; i++) {
                d[i] = dim.generate(rs);
            }
            return d;
        };
    }

    /**
     * Shapes with exactly {@code size} elements, made by splitting off random divisors.
     *
     * @param size a positive element count
     * @param maxRank the largest rank, at least 1
     * @return the shapes; rank 0 only when {@code size} is 1
     */
    static Gen<Shape> factorings(int size, int maxRank) {
        Gen<Integer> rank = Generate.range(size == 1 ? 0 : 1, maxRank);
        return rs -> {
            int[] d = new int[rank.generate(rs)];
            int left = size;
            for (int i = 0; i < d.length - 1; i++) {
                List<Integer> divisors = divisors(left);
                d[i] = divisors.get(Generate.range(0, divisors.size() - 1).generate(rs));
                left /= d[i];
            }
            if (d.length > 0) {
                d[d.length - 1] = left;
            }
            return Shape.of(d);
        };
    }

    private static List<Integer> divisors(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (n % i == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Non-empty subsets of the axes of a rank, sorted.
     *
     * @param rank at least 1
     * @return the subsets
     */
    static Gen<List<Integer>> axisSubsets(int rank) {
        Gen<Integer> mask = Generate.range(1, (1 << rank) - 1);
        return mask.map(m -> {
            List<Integer> axes = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                if ((m & (1 << i)) != 0) {
                    axes.add(i);
                }
            }
            return axes;
        });
    }

    /**
     * Every index of a shape in row-major order, for references written as plain loops.
     *
     * @param shape a fully known shape
     * @return one {@code int[]} per element; a scalar has one empty index
     */
    static List<int[]> indices(Shape shape) {
        int[] dims = shape.dims();
        List<int[]> out = new ArrayList<>(shape.size());
        if (shape.size() == 0) {
            return out;
        }
        int[] idx = new int[dims.length];
        while (true) {
            out.add(idx.clone());
            int axis = dims.length - 1;
            while (axis >= 0 && ++idx[axis] == dims[axis]) {
                idx[axis] = 0;
                axis--;
            }
            if (axis < 0) {
                return out;
            }
        }
    }

    /**
     * The row-major position of an index.
     *
     * @param shape the shape
     * @param index one index per axis
     * @return the flat offset
     */
    static int flat(Shape shape, int[] index) {
        int[] strides = shape.strides();
        int f = 0;
        for (int i = 0; i < index.length; i++) {
            f += index[i] * strides[i];
        }
        return f;
    }
}
