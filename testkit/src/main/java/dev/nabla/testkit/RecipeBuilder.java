// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import static dev.nabla.testkit.RandomGraphs.INPUT_BOUND;
import static dev.nabla.testkit.RandomGraphs.LIMIT;

import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.op.Broadcast;
import dev.nabla.testkit.GraphRecipe.Op;
import dev.nabla.testkit.GraphRecipe.Step;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Grows one random recipe for {@link RandomGraphs}, tracking each value's shape, a bound on its
 * magnitude, and whether a later step reads it. Every choice is drawn from the randomness source,
 * so a seed reproduces the recipe.
 */
final class RecipeBuilder {
    private static final int MAX_ELEMENTS = 36;
    private static final Op[] UNARY = {Op.EXP, Op.TANH, Op.SIN, Op.COS, Op.LOG_SQUARE_PLUS_ONE};
    private static final Op[] BINARY = {Op.ADD, Op.SUB, Op.MUL, Op.DIV_SAFE};

    private final RandomnessSource rs;
    private final int inputs;
    private final List<Shape> shapes = new ArrayList<>();
    private final List<Double> bounds = new ArrayList<>();
    private final List<Boolean> read = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    RecipeBuilder(List<Shape> in, RandomnessSource rs) {
        this.rs = rs;
        this.inputs = in.size();
        for (Shape s : in) {
            shapes.add(s);
            bounds.add(INPUT_BOUND);
            read.add(false);
        }
    }

    GraphRecipe grow(int count) {
        for (int i = 0; i < count; i++) {
            int kind = pick(100);
            boolean added = kind < 30 ? unary() : kind < 65 ? binary() : kind < 75 ? matmul()
                    : kind < 87 ? reduce() : movement();
            if (!added) {
                add(Op.TANH, List.of(operand()), List.of(), null, 1.0);
            }
        }
        finish();
        return new GraphRecipe(shapes.subList(0, inputs), steps);
    }

    private boolean unary() {
        int x = operand();
        double b = bounds.get(x);
        Op op = UNARY[pick(UNARY.length)];
        double out = switch (op) {
            case EXP -> Math.exp(b);
            case TANH, SIN -> Math.min(b, 1.0);
            case COS -> 1.0;
            default -> Math.log1p(b * b);
        };
        return out <= LIMIT && add(op, List.of(x), List.of(), null, out);
    }

    private boolean binary() {
        int a = operand();
        Op op = BINARY[pick(BINARY.length)];
        List<Integer> fits = new ArrayList<>();
        for (int c = 0; c < shapes.size(); c++) {
            Shape s = broadcast(shapes.get(a), shapes.get(c));
            if (s != null && s.size() <= MAX_ELEMENTS && binaryBound(op, a, c) <= LIMIT) {
                fits.add(c);
            }
        }
        if (fits.isEmpty()) {
            return false;
        }
        int b = pickRecent(fits);
        return add(op, List.of(a, b), List.of(), broadcast(shapes.get(a), shapes.get(b)), binaryBound(op, a, b));
    }

    private double binaryBound(Op op, int a, int b) {
        return switch (op) {
            case MUL -> bounds.get(a) * bounds.get(b);
            case DIV_SAFE -> bounds.get(a);
            default -> bounds.get(a) + bounds.get(b);
        };
    }

    private boolean matmul() {
        List<int[]> fits = new ArrayList<>();   // {a, b, transA, transB}
        for (int a = 0; a < shapes.size(); a++) {
            for (int b = 0; b < shapes.size(); b++) {
                for (int flags = 0; flags < 4; flags++) {
                    Shape s = product(shapes.get(a), shapes.get(b), flags >> 1, flags & 1);
                    if (s != null && s.size() <= MAX_ELEMENTS && matmulBound(a, b, flags) <= LIMIT) {
                        fits.add(new int[] {a, b, flags >> 1, flags & 1});
                    }
                }
            }
        }
        if (fits.isEmpty()) {
            return false;
        }
        int[] f = fits.get(pick(fits.size()));
        return add(Op.MATMUL, List.of(f[0], f[1]), List.of(f[2], f[3]),
                product(shapes.get(f[0]), shapes.get(f[1]), f[2], f[3]), matmulBound(f[0], f[1], f[2] * 2 + f[3]));
    }

    private double matmulBound(int a, int b, int flags) {
        int k = shapes.get(a).dim((flags >> 1) == 1 ? -2 : -1);
        return bounds.get(a) * bounds.get(b) * k;
    }

    private boolean reduce() {
        int x = operand();
        Shape s = shapes.get(x);
        if (s.rank() == 0) {
            return false;
        }
        int axis = pick(s.rank());
        int keep = pick(2);
        boolean mean = pick(2) == 0;
        double out = mean ? bounds.get(x) : bounds.get(x) * s.dim(axis);
        int[] d = keep == 1 ? s.dims() : drop(s.dims(), axis);
        if (keep == 1) {
            d[axis] = 1;
        }
        return out <= LIMIT && add(mean ? Op.MEAN : Op.SUM, List.of(x), List.of(keep, axis), Shape.of(d), out);
    }

    private boolean movement() {
        int x = operand();
        Shape s = shapes.get(x);
        if (pick(2) == 0 && s.rank() >= 2) {
            int[] perm = Shapes.permutations(s.rank()).generate(rs);
            int[] d = new int[perm.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = s.dim(perm[i]);
            }
            return add(Op.PERMUTE, List.of(x), boxed(perm), Shape.of(d), bounds.get(x));
        }
        Shape target = Shapes.factorings(s.size(), 3).generate(rs);
        return add(Op.RESHAPE, List.of(x), boxed(target.dims()), target, bounds.get(x));
    }

    /** Averages every value no step reads down to a scalar, then averages those: the output stays within LIMIT. */
    private void finish() {
        List<Integer> means = new ArrayList<>();
        List<Integer> loose = new ArrayList<>();
        for (int v = 0; v < shapes.size(); v++) {
            if (!read.get(v)) {
                loose.add(v);
            }
        }
        double bound = 0;
        for (int v : loose) {
            List<Integer> args = new ArrayList<>(List.of(0));
            for (int i = 0; i < shapes.get(v).rank(); i++) {
                args.add(i);
            }
            add(Op.MEAN, List.of(v), args, Shape.SCALAR, bounds.get(v));
            means.add(shapes.size() - 1);
            bound = Math.max(bound, bounds.get(v));
        }
        if (means.size() > 1) {
            add(Op.AVERAGE, means, List.of(), Shape.SCALAR, bound);
        }
    }

    /** Records a step; a null shape means the operand's own. Always true, for chaining. */
    private boolean add(Op op, List<Integer> operands, List<Integer> args, Shape shape, double bound) {
        Shape s = shape != null ? shape : shapes.get(operands.get(0));
        steps.add(new Step(op, operands, args, s));
        for (int v : operands) {
            read.set(v, true);
        }
        shapes.add(s);
        bounds.add(bound);
        read.add(false);
        return true;
    }

    /** A value to operate on: half the time one no step reads yet (so the graph deepens), else a recent one or any. */
    private int operand() {
        int n = shapes.size();
        if (pick(2) == 0) {
            List<Integer> unread = new ArrayList<>();
            for (int v = 0; v < n; v++) {
                if (!read.get(v)) {
                    unread.add(v);
                }
            }
            if (!unread.isEmpty()) {
                return unread.get(pick(unread.size()));
            }
        }
        return pick(3) > 0 ? Math.max(0, n - 1 - pick(4)) : pick(n);
    }

    private int pickRecent(List<Integer> candidates) {
        return pick(3) > 0 ? candidates.get(Math.max(0, candidates.size() - 1 - pick(4)))
                : candidates.get(pick(candidates.size()));
    }

    private int pick(int n) {
        return Generate.range(0, n - 1).generate(rs);
    }

    private static Shape broadcast(Shape a, Shape b) {
        try {
            return Broadcast.shape(a, b);
        } catch (ShapeException e) {
            return null;
        }
    }

    /** The shape of {@code op(a) · op(b)} or null if the pair does not fit. */
    private static Shape product(Shape a, Shape b, int transA, int transB) {
        if (a.rank() < 2 || b.rank() < 2) {
            return null;
        }
        int m = a.dim(transA == 1 ? -1 : -2);
        int k = a.dim(transA == 1 ? -2 : -1);
        int kb = b.dim(transB == 1 ? -1 : -2);
        int n = b.dim(transB == 1 ? -2 : -1);
        if (k != kb || a.rank() == 3 && b.rank() == 3 && a.dim(0) != b.dim(0)) {
            return null;
        }
        return a.rank() == 2 && b.rank() == 2 ? Shape.of(m, n) : Shape.of(a.rank() == 3 ? a.dim(0) : b.dim(0), m, n);
    }

    private static int[] drop(int[] d, int axis) {
        int[] out = new int[d.length - 1];
        for (int i = 0, k = 0; i < d.length; i++) {
            if (i != axis) {
                out[k++] = d[i];
            }
        }
        return out;
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
