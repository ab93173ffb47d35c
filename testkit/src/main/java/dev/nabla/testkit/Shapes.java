// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Broadcast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of shapes: plain shapes up to a rank, broadcast-compatible pairs, the
 * shapes a reshape may target, permutations and axis subsets. Every size is at least 1.
 *
 * <p>Usage: {@code qt().forAll(Shapes.upToRank(3, 4)).checkAssert(s -> ...)}
 */
public final class Shapes {
    private Shapes() {}

    /**
     * Shapes of rank 0 to {@code maxRank} with every size in {@code [1, maxSize]}.
     *
     * @param maxRank the largest rank, at least 0
     * @param maxSize the largest size of an axis, at least 1
     * @return the shapes; they shrink towards low ranks and size 1
     */
    public static Gen<Shape> upToRank(int maxRank, int maxSize) {
        return ofRank(0, maxRank, maxSize);
    }

    /**
     * Shapes with a rank in {@code [minRank, maxRank]} and every size in {@code [1, maxSize]}.
     *
     * @param minRank the smallest rank, at least 0
     * @param maxRank the largest rank, at least {@code minRank}
     * @param maxSize the largest size of an axis, at least 1
     * @return the shapes
     */
    public static Gen<Shape> ofRank(int minRank, int maxRank, int maxSize) {
        require(0 <= minRank && minRank <= maxRank && maxSize >= 1,
                "ofRank: need 0 <= minRank <= maxRank and maxSize >= 1, got " + minRank + ", " + maxRank + ", " + maxSize);
        Gen<Integer> rank = Generate.range(minRank, maxRank);
        Gen<Integer> size = Generate.range(1, maxSize);
        Gen<Shape> shapes = rs -> {
            int[] d = new int[rank.generate(rs)];
            for (int i = 0; i < d.length; i++) {
                d[i] = size.generate(rs);
            }
            return Shape.of(d);
        };
        return shapes.describedAs(Shape::toString);
    }

    /**
     * Pairs of shapes that broadcast against each other, as {@code [2,3]} and {@code [3]} or
     * {@code [4,1,3]} and {@code [2,1]}: both come from one common shape by dropping leading axes
     * (so ranks differ) and setting some sizes to 1.
     *
     * @param maxRank the largest rank, at least 0
     * @param maxSize the largest size of an axis, at least 1
     * @return lists of two shapes
     */
    public static Gen<List<Shape>> broadcastPairs(int maxRank, int maxSize) {
        return broadcastable(2, maxRank, maxSize);
    }

    /**
     * Lists of shapes that all broadcast together, for ops with several elementwise operands
     * such as {@code where}.
     *
     * @param count how many shapes, at least 1
     * @param maxRank the largest rank, at least 0
     * @param maxSize the largest size of an axis, at least 1
     * @return lists of {@code count} shapes
     */
    public static Gen<List<Shape>> broadcastable(int count, int maxRank, int maxSize) {
        require(count >= 1, "broadcastable: count must be at least 1, got " + count);
        Gen<Shape> common = ofRank(0, maxRank, maxSize);
        Gen<Integer> coin = Generate.range(0, 3);
        Gen<List<Shape>> lists = rs -> {
            int[] full = common.generate(rs).dims();
            List<Shape> out = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                int rank = Generate.range(0, full.length).generate(rs);
                int[] d = Arrays.copyOfRange(full, full.length - rank, full.length);
                for (int i = 0; i < d.length; i++) {
                    d[i] = coin.generate(rs) == 0 ? 1 : d[i];   // one axis in four is squashed to 1
                }
                out.add(Shape.of(d));
            }
            return List.copyOf(out);
        };
        return lists.describedAs(List::toString);
    }

    /**
     * The shape NumPy broadcasting gives a list of shapes.
     *
     * @param shapes shapes that broadcast together, at least one
     * @return their common shape
     * @throws dev.nabla.graph.ShapeException if they do not broadcast
     */
    public static Shape broadcast(List<Shape> shapes) {
        Arguments.requireElements("Shapes.broadcast", "shapes", shapes);
        Shape out = shapes.get(0);
        for (Shape s : shapes) {
            out = Broadcast.shape(out, s);
        }
        return out;
    }

    /**
     * Shapes with exactly {@code size} elements, made by splitting off random divisors: the
     * targets a reshape of a tensor of that size may take.
     *
     * @param size a positive element count
     * @param maxRank the largest rank, at least 1
     * @return the shapes; rank 0 only when {@code size} is 1
     */
    public static Gen<Shape> factorings(int size, int maxRank) {
        require(size >= 1 && maxRank >= 1, "factorings: need size >= 1 and maxRank >= 1");
        Gen<Integer> rank = Generate.range(size == 1 ? 0 : 1, maxRank);
        Gen<Shape> shapes = rs -> {
            int[] d = new int[rank.generate(rs)];
            int left = size;
            for (int i = 0; i < d.length - 1; i++) {
                List<Integer> divisors = new ArrayList<>();
                for (int k = 1; k <= left; k++) {
                    if (left % k == 0) {
                        divisors.add(k);
                    }
                }
                d[i] = divisors.get(Generate.range(0, divisors.size() - 1).generate(rs));
                left /= d[i];
            }
            if (d.length > 0) {
                d[d.length - 1] = left;
            }
            return Shape.of(d);
        };
        return shapes.describedAs(Shape::toString);
    }

    /**
     * Permutations of the axes {@code 0..rank-1}, by Fisher-Yates.
     *
     * @param rank the number of axes, at least 0
     * @return the permutations
     */
    public static Gen<int[]> permutations(int rank) {
        require(rank >= 0, "Shapes.permutations: rank must be at least 0, got " + rank);
        Gen<int[]> perms = rs -> {
            int[] p = new int[rank];
            Arrays.setAll(p, i -> i);
            for (int i = rank - 1; i > 0; i--) {
                int j = Generate.range(0, i).generate(rs);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        };
        return perms.describedAs(Arrays::toString);
    }

    /**
     * Non-empty sorted subsets of the axes {@code 0..rank-1}, for reductions.
     *
     * @param rank the number of axes, at least 1
     * @return the subsets
     */
    public static Gen<int[]> axisSubsets(int rank) {
        require(rank >= 1 && rank < 31, "axisSubsets: rank must be in [1, 30], got " + rank);
        Gen<int[]> subsets = Generate.range(1, (1 << rank) - 1).map(mask -> {
            int[] axes = new int[Integer.bitCount(mask)];
            for (int i = 0, k = 0; i < rank; i++) {
                if ((mask & (1 << i)) != 0) {
                    axes[k++] = i;
                }
            }
            return axes;
        });
        return subsets.describedAs(Arrays::toString);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
