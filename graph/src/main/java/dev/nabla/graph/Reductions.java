// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;
import java.util.Locale;

/**
 * Reductions over axes: the {@code sum} and {@code max} primitives, and the composites
 * {@code min}, {@code mean} and {@code logsumexp} built on them. Each can keep the reduced axes
 * as size 1 so the result broadcasts back against its operand.
 *
 * <p>Usage: {@code Node p = x.sub(Reductions.logsumexp(x, true, 1)).exp();} (a stable softmax)
 */
public final class Reductions {
    private Reductions() {}

    /**
     * Sums over axes.
     *
     * @param x the operand
     * @param keepDims keep reduced axes as size 1, so the result broadcasts against {@code x}
     * @param axes the axes; none means all
     * @return the sum
     */
    public static Node sum(Node x, boolean keepDims, int... axes) {
        return reduce(Reduce.Fn.SUM, x, keepDims, axes);
    }

    /**
     * Takes the maximum over some axes, or over all.
     *
     * @param x the operand
     * @param keepDims keep reduced axes as size 1
     * @param axes none means all
     * @return the maximum
     */
    public static Node max(Node x, boolean keepDims, int... axes) {
        return reduce(Reduce.Fn.MAX, x, keepDims, axes);
    }

    /**
     * Takes the minimum over some axes, or over all.
     *
     * @param x the operand
     * @param keepDims keep reduced axes as size 1
     * @param axes none means all
     * @return the minimum
     */
    public static Node min(Node x, boolean keepDims, int... axes) {
        Ops.checkedAxes("min", x, axes);
        return Ops.unary(UnaryFn.NEG, max(Ops.unary(UnaryFn.NEG, x), keepDims, axes));
    }

    /**
     * Averages over axes; a batch size known only at run time is counted at run time.
     *
     * @param x the operand
     * @param keepDims keep reduced axes as size 1
     * @param axes the axes; none means all
     * @return the mean
     */
    public static Node mean(Node x, boolean keepDims, int... axes) {
        List<Integer> list = Ops.checkedAxes("mean", x, axes);
        Node total = sum(x, keepDims, axes);
        long count = 1;
        for (int a : list) {
            count = x.shape().dim(a) == Shape.UNKNOWN || count < 0 ? -1 : count * x.shape().dim(a);
        }
        if (count >= 0) {
            return Ops.mul(total, x.graph().scalar(1.0 / count));
        }
        return Ops.div(total, sum(Ops.onesLike(x), keepDims, axes));
    }

    /**
     * {@code log(sum(exp(x)))} over axes, computed as {@code m + log(sum(exp(x - m)))} with
     * {@code m} the maximum, so 1000 and -1000 neither overflow nor vanish.
     *
     * @param x the operand
     * @param keepDims keep reduced axes as size 1
     * @param axes the axes; none means all
     * @return the log-sum-exp
     */
    public static Node logsumexp(Node x, boolean keepDims, int... axes) {
        List<Integer> list = Ops.checkedAxes("logsumexp", x, axes);
        Graph g = x.graph();
        Node m = max(x, true, axes);
        // An all -inf (or inf) slice has m = -inf, and x - m would be NaN; shift by 0 there instead.
        // Compared with MAX_VALUE, not infinity, so no infinite constant trips anomaly detection.
        Node finite = Ops.le(Ops.unary(UnaryFn.ABS, m), g.scalar(Double.MAX_VALUE));
        // The shift cancels exactly in value and in derivative, so no gradient need flow through it.
        Node shift = Ops.stopGradient(Ops.where(finite, m, g.scalar(0.0)));
        Node s = Ops.unary(UnaryFn.LOG, sum(Ops.unary(UnaryFn.EXP, Ops.sub(x, shift)), true, axes));
        Node out = Ops.add(s, shift);
        return keepDims ? out : squeeze(out, list);
    }

    private static Node reduce(Reduce.Fn fn, Node x, boolean keepDims, int[] axes) {
        List<Integer> list = Ops.checkedAxes(fn.name().toLowerCase(Locale.ROOT), x, axes);
        Node r = list.isEmpty() ? x : Ops.apply(new Reduce(fn, list), x);
        return keepDims ? unsqueeze(r, x.shape(), list) : r;
    }

    /** Puts size-1 axes back where a reduction removed them. */
    private static Node unsqueeze(Node r, Shape original, List<Integer> axes) {
        int[] d = original.dims();
        for (int a : axes) {
            d[a] = 1;
        }
        return Ops.reshape(r, d);
    }

    /** Removes size-1 axes that a keep-dims reduction left. */
    private static Node squeeze(Node x, List<Integer> axes) {
        int[] d = x.shape().dims();
        int[] out = new int[d.length - axes.size()];
        for (int i = 0, k = 0; i < d.length; i++) {
            if (!axes.contains(i)) {
                out[k++] = d[i];
            }
        }
        return Ops.reshape(x, out);
    }
}
