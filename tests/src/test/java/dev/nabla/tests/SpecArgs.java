// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.RandomOp;
import dev.nabla.testkit.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * The builders of spec rows whose op takes arguments: a reshape target, a permutation, a slice,
 * gather indices, a where condition. GradCheck calls a builder several times and wants the same
 * function each time, so the arguments are random but fixed by the input shapes (and the op):
 * every drawn shape gets its own valid arguments, and a shape always gets the same ones.
 * The failure report prints each op with its arguments.
 */
final class SpecArgs {
    private static final long SALT = 0x5DEECE66DL;

    private SpecArgs() {}

    /** A random source fixed by the op and the shapes of its operands. */
    static SplittableRandom rng(String op, Node... xs) {
        long h = SALT ^ op.hashCode();
        for (Node x : xs) {
            h = h * 1_000_003L + x.shape().hashCode();
        }
        return new SplittableRandom(h);
    }

    /** Sum or max over random axes, keeping them at random, squared so that second order is not trivial. */
    static Node reduce(Node x, boolean max) {
        SplittableRandom r = rng(max ? "reduce_max" : "reduce_sum", x);
        int rank = x.shape().rank();
        int mask = r.nextInt(1, 1 << rank);
        int[] axes = IntStream.range(0, rank).filter(i -> (mask & (1 << i)) != 0).toArray();
        boolean keep = r.nextBoolean();
        return (max ? Reductions.max(x, keep, axes) : Reductions.sum(x, keep, axes)).square();
    }

    /** The maximum over axis 0 of {@code concat(x, x)}: every maximum is a tie of two copies. */
    static Node maxOverTwoCopies(Node x) {
        return Reductions.max(Indexing.concat(0, x, x), false, 0);
    }

    static Node reshape(Node x) {
        SplittableRandom r = rng("reshape", x);
        int size = x.shape().size();
        int[] d = new int[r.nextInt(size == 1 ? 0 : 1, 4)];
        int left = size;
        for (int i = 0; i < d.length - 1; i++) {
            int k;
            do {
                k = r.nextInt(1, left + 1);
            } while (left % k != 0);
            d[i] = k;
            left /= k;
        }
        if (d.length > 0) {
            d[d.length - 1] = left;
        }
        if (Shape.of(d).equals(x.shape())) {   // a no-op reshape adds no node; pick a target that differs
            d = x.shape().equals(Shape.of(size)) ? new int[] {1, size} : new int[] {size};
        }
        return x.reshape(d);
    }

    static Node permute(Node x) {
        SplittableRandom r = rng("permute", x);
        int[] p = new int[x.shape().rank()];
        Arrays.setAll(p, i -> i);
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return x.permute(p);
    }

    /** Stretches size-1 axes and may add a leading axis; always stretches at least one axis. */
    static Node expand(Node x) {
        SplittableRandom r = rng("expand", x);
        int[] s = x.shape().dims();
        int lead = s.length < 3 && r.nextBoolean() ? 1 : 0;
        int[] padded = new int[s.length + lead];
        Arrays.fill(padded, 1);
        System.arraycopy(s, 0, padded, lead, s.length);
        int[] t = padded.clone();
        boolean stretched = false;
        for (int i = 0; i < t.length; i++) {
            t[i] = padded[i] == 1 ? r.nextInt(1, 4) : padded[i];
            stretched |= t[i] != padded[i];
        }
        if (!stretched) {   // only a reshape would be left, with no expand node; stretch the first size-1 axis
            int one = Arrays.stream(padded).boxed().toList().indexOf(1);
            if (one < 0) {
                t = new int[s.length + 1];
                System.arraycopy(s, 0, t, 1, s.length);
                one = 0;
            }
            t[one] = 2;
        }
        return x.expand(t);
    }

    /** Shapes with room to expand: rank below 3 or a size-1 axis. */
    static Gen<List<Shape>> expandableShapes() {
        return Shapes.upToRank(GradSpec.MAX_RANK, GradSpec.MAX_SIZE).map(s -> {
            int[] d = s.dims();
            if (d.length == 3 && Arrays.stream(d).noneMatch(v -> v == 1)) {
                d[1] = 1;
            }
            return List.of(Shape.of(d));
        });
    }

    static Node slice(Node x) {
        SplittableRandom r = rng("slice", x);
        int axis = r.nextInt(x.shape().rank());
        int n = x.shape().dim(axis);
        int start = r.nextInt(n);
        int end = r.nextInt(start + 1, n + 1);
        return Indexing.slice(x, r.nextBoolean() ? axis : axis - x.shape().rank(), start, end);
    }

    static Node pad(Node x) {
        SplittableRandom r = rng("pad", x);
        int axis = r.nextInt(x.shape().rank());
        return Indexing.pad(x, axis, r.nextInt(3), r.nextInt(3), r.nextDouble(-1, 1));
    }

    /** Gathers along an axis at constant indices, repeats included, of rank 0 to 2. */
    static Node gather(Node x, int axis) {
        SplittableRandom r = rng("gather" + axis, x);
        int n = x.shape().dim(axis);
        int[] dims = new int[r.nextInt(3)];
        Arrays.setAll(dims, i -> r.nextInt(1, 4));
        Shape s = Shape.of(dims);
        double[] idx = new double[s.size()];
        Arrays.setAll(idx, i -> r.nextInt(n));
        return Indexing.gather(x, x.graph().constant(Tensor.of(s, idx)), axis);
    }

    /** {@code where(c, a, b)} for a constant random 0/1 condition of the broadcast shape (or a suffix of it). */
    static Node where(Node a, Node b) {
        SplittableRandom r = rng("where", a, b);
        int[] full = Shapes.broadcast(List.of(a.shape(), b.shape())).dims();
        int[] d = Arrays.copyOfRange(full, r.nextInt(full.length + 1), full.length);
        Shape s = Shape.of(d);
        double[] c = new double[s.size()];
        Arrays.setAll(c, i -> r.nextBoolean() ? 1.0 : 0.0);
        return Ops.where(a.graph().constant(Tensor.of(s, c)), a, b);
    }

    /** {@code x * oneHot(labels, depth)} for constant labels, where x is {@code labels.shape + [depth]}. */
    static Node oneHotProduct(Node x) {
        SplittableRandom r = rng("one_hot", x);
        int[] d = x.shape().dims();
        int depth = d[d.length - 1];
        Shape s = Shape.of(Arrays.copyOf(d, d.length - 1));
        double[] labels = new double[s.size()];
        Arrays.setAll(labels, i -> r.nextInt(depth));
        return x.mul(Indexing.oneHot(x.graph().constant(Tensor.of(s, labels)), depth));
    }

    /** A random op shaped by {@code x} as its reference input, so its rule has an operand to refuse. */
    static Node randomLike(RandomOp.Dist dist, Node x) {
        int[] d = x.shape().dims();
        d[0] = Shape.UNKNOWN;
        double a = dist == RandomOp.Dist.BERNOULLI ? 0.5 : 0.0;
        RandomOp op = new RandomOp(dist, Shape.of(d), a, 1.0, 7L);
        return x.graph().apply(op, List.of(x));
    }

    /** {@code op(a) · op(b)} with the given transpose flags. */
    static Node matmul(List<Node> xs, boolean transA, boolean transB) {
        return xs.get(0).graph().apply(new MatMul(transA, transB), xs);
    }

    /**
     * Operand shapes for a matrix product of the given ranks and flags, sizes 1 to 3.
     *
     * @param rankA 2 or 3, or 0 to draw it
     * @param rankB 2 or 3, or 0 to draw it
     */
    static Gen<List<Shape>> matmulShapes(int rankA, int rankB, boolean transA, boolean transB) {
        Gen<Integer> size = Generate.range(1, GradSpec.MAX_SIZE);
        Gen<Integer> rank = Generate.range(2, 3);
        Gen<List<Shape>> gen = rs -> {
            int ra = rankA != 0 ? rankA : rank.generate(rs);
            int rb = rankB != 0 ? rankB : rank.generate(rs);
            int batch = size.generate(rs);
            int m = size.generate(rs);
            int k = size.generate(rs);
            int n = size.generate(rs);
            return List.of(matrix(ra, batch, transA ? k : m, transA ? m : k),
                    matrix(rb, batch, transB ? n : k, transB ? k : n));
        };
        return gen.describedAs(List::toString);
    }

    /**
     * Operand shapes for {@code Ops.matmul} by NumPy's rules, sizes 1 to 3: a joint batch of
     * {@code batchRank} axes (drawn from 0 to 2 when an operand is a vector), one operand keeping
     * every batch axis and the other a suffix of them, each axis of either set to 1 at random, so
     * that batches broadcast, match, or leave an operand shared by the whole batch.
     *
     * @param vectorA whether the left operand is 1-D
     * @param vectorB whether the right operand is 1-D
     * @param batchRank the joint batch's rank, for operands that are not vectors
     */
    static Gen<List<Shape>> broadcastMatmulShapes(boolean vectorA, boolean vectorB, int batchRank) {
        Gen<Integer> size = Generate.range(1, 3);
        Gen<Integer> pick = Generate.range(0, 2);
        Gen<List<Shape>> gen = rs -> {
            int rank = vectorA || vectorB ? pick.generate(rs) : batchRank;
            int[] batch = new int[rank];
            Arrays.setAll(batch, i -> size.generate(rs));
            int wide = pick.generate(rs) % 2;
            int m = size.generate(rs);
            int k = size.generate(rs);
            int n = size.generate(rs);
            int[] a = vectorA ? new int[] {k} : withMatrix(batchPart(batch, wide == 0, pick, rs), m, k);
            int[] b = vectorB ? new int[] {k} : withMatrix(batchPart(batch, wide == 1 || vectorA, pick, rs), k, n);
            return List.of(Shape.of(a), Shape.of(b));
        };
        return gen.describedAs(List::toString);
    }

    /** A suffix of the batch (all of it if {@code whole}), each kept axis set to 1 at random. */
    private static int[] batchPart(int[] batch, boolean whole, Gen<Integer> pick, RandomnessSource rs) {
        int rank = whole ? batch.length : pick.generate(rs) % (batch.length + 1);
        int[] out = Arrays.copyOfRange(batch, batch.length - rank, batch.length);
        for (int i = 0; i < rank; i++) {
            if (pick.generate(rs) == 0) {
                out[i] = 1;
            }
        }
        return out;
    }

    private static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }

    private static Shape matrix(int rank, int batch, int rows, int cols) {
        return rank == 3 ? Shape.of(batch, rows, cols) : Shape.of(rows, cols);
    }
}
