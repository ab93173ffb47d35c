// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.nn.activation.Activations;

/**
 * Scaled dot-product attention (Vaswani et al., 2017) and its masks, as compositions of graph ops:
 * {@code softmax(q k^T / sqrt(d)) v} over {@code [batch, heads, time, dim]}.
 *
 * <p>A mask holds 1 where a query may attend to a key and 0 where it may not (a mask fed at run
 * time attends wherever it is nonzero; a constant mask with other values is refused, since an
 * additive 0/-inf mask would read as "attend everywhere"); it
 * broadcasts against the scores {@code [batch, heads, Tq, Tk]} by NumPy's rules, so a causal mask
 * is {@code [Tq, Tk]} and a padding mask {@code [batch, 1, 1, Tk]}; {@link #and} combines them.
 * A masked score gets exactly zero weight. A query whose keys are all masked (a fully masked row)
 * gets all-zero weights, so its output is zero and no gradient flows from it to {@code q},
 * {@code k} or {@code v}; nothing is NaN, in values or in gradients of any order.
 * Usage: {@code Node y = Attention.scaledDotProduct(q, k, v, g.constant(Attention.causalMask(8)));}
 */
public final class Attention {
    private Attention() {}

    /**
     * Attention without a mask: every query attends to every key.
     *
     * @param q the queries {@code [B, H, Tq, d]}
     * @param k the keys {@code [B, H, Tk, d]}
     * @param v the values {@code [B, H, Tk, dv]}
     * @return {@code softmax(q k^T / sqrt(d)) v}, {@code [B, H, Tq, dv]}
     * @throws ShapeException if a rank is not 4 or the sizes do not pair up
     */
    public static Node scaledDotProduct(Node q, Node k, Node v) {
        Arguments.requireNonNulls("Attention.scaledDotProduct", "q", q, "k", k, "v", v);
        return Activations.softmax(scores(q, k, v), 3).matmul(v);
    }

    /**
     * Attention where the mask allows it; see the class comment for fully masked rows.
     *
     * @param q the queries {@code [B, H, Tq, d]}
     * @param k the keys {@code [B, H, Tk, d]}
     * @param v the values {@code [B, H, Tk, dv]}
     * @param mask nonzero where a query may attend to a key, broadcastable to {@code [B, H, Tq, Tk]}
     * @return the attended values {@code [B, H, Tq, dv]}, zero for a query with no key allowed
     * @throws ShapeException if a rank is not 4, the sizes do not pair up or the mask does not
     *     broadcast to the scores
     */
    public static Node scaledDotProduct(Node q, Node k, Node v, Node mask) {
        Arguments.requireNonNulls("Attention.scaledDotProduct", "q", q, "k", k, "v", v, "mask", mask);
        return weights(scores(q, k, v), mask).matmul(v);
    }

    /**
     * The softmax of {@code scores} over the keys' axis (the last) where {@code mask} allows.
     *
     * <p>The mask selects with {@code where} rather than adding a large negative number to the
     * masked scores: an added {@code -1e9} still gives a fully masked row uniform weights over keys
     * it must not see, and an added {@code -inf} gives it {@code -inf - (-inf)}, NaN. With
     * {@code where}, a masked entry's exponential is replaced by an exact zero, the shift is the
     * largest allowed score (0 in a fully masked row) so no allowed exponential over- or
     * underflows to the point of a zero sum, and a fully masked row divides its zeros by 1. Every
     * masked score enters {@code exp} as {@code 0}, so the unselected branch is finite too and its
     * zero cotangent stays zero (no {@code 0 * inf}).
     */
    static Node weights(Node scores, Node mask) {
        Shape s = scores.shape();
        Shape m = mask.shape();
        if (m.rank() > 4 || m.rank() >= 1 && !fits(m.dim(-1), s.dim(3)) || m.rank() >= 2 && !fits(m.dim(-2), s.dim(2))
                || m.rank() >= 3 && !fits(m.dim(-3), s.dim(1)) || m.rank() == 4 && !fits(m.dim(0), s.dim(0))) {
            throw new ShapeException("attention(mask " + mask.label() + " " + m + ", scores " + s
                    + "): the mask must broadcast to the scores [batch, heads, Tq, Tk], e.g. [Tq, Tk] or [batch, 1, 1, Tk]");
        }
        requireZerosAndOnes(mask);
        Node allowed = Ops.where(mask, Ops.onesLike(scores), Ops.zerosLike(scores));
        Node anyAllowed = Reductions.max(allowed, true, 3);
        Node zero = scores.graph().scalar(0.0);
        // -Float.MAX_VALUE, not -inf: it stays finite in float32 too, and only ever loses a max.
        Node best = Reductions.max(Ops.where(allowed, scores, scores.graph().scalar(-Float.MAX_VALUE)), true, 3);
        Node shift = Ops.where(anyAllowed, best, zero).stopGradient();
        Node e = Ops.where(allowed, Ops.where(allowed, scores, shift).sub(shift).exp(), zero);
        Node total = Reductions.sum(e, true, 3);
        return e.div(Ops.where(anyAllowed, total, scores.graph().scalar(1.0)));
    }

    /**
     * The causal mask: query {@code i} may attend to keys {@code 0..i}.
     *
     * @param t the sequence length, at least 1
     * @return a lower-triangular tensor {@code [t, t]} of ones, zero above the diagonal
     * @throws dev.nabla.graph.NablaException if {@code t} is below 1
     */
    public static Tensor causalMask(int t) {
        Arguments.requireAtLeast("Attention.causalMask", "t", t, 1);
        double[] m = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                m[i * t + j] = 1.0;
            }
        }
        return Tensor.fromArray(m, t, t);
    }

    /**
     * The padding mask of sequences of given lengths: keys at positions {@code >= length} are masked.
     *
     * @param lengths each sequence's length {@code [B]}, fed at run time
     * @param time the padded length {@code T}, at least 1
     * @return a 0/1 mask {@code [B, 1, 1, T]}
     * @throws ShapeException if {@code lengths} is not a vector
     */
    public static Node paddingMask(Node lengths, int time) {
        Arguments.requireNonNull("Attention.paddingMask", "lengths", lengths);
        Arguments.requireAtLeast("Attention.paddingMask", "time", time, 1);
        if (lengths.shape().rank() != 1) {
            throw new ShapeException("attention_padding_mask(" + lengths.label() + " " + lengths.shape()
                    + "): expected the lengths as a vector [batch]");
        }
        double[] positions = new double[time];
        for (int i = 0; i < time; i++) {
            positions[i] = i;
        }
        Node pos = lengths.graph().constant(Tensor.fromArray(positions, 1, 1, 1, time));
        return pos.lt(lengths.reshape(lengths.shape().dim(0), 1, 1, 1));
    }

    /**
     * The padding mask of a tensor of valid positions.
     *
     * @param valid nonzero (true) at real positions and 0 at padding, {@code [B, T]}
     * @return a 0/1 mask {@code [B, 1, 1, T]}
     * @throws ShapeException if {@code valid} is not a matrix
     */
    public static Node paddingMask(Node valid) {
        Arguments.requireNonNull("Attention.paddingMask", "valid", valid);
        Shape s = valid.shape();
        if (s.rank() != 2 || s.dim(1) == Shape.UNKNOWN) {
            throw new ShapeException("attention_padding_mask(" + valid.label() + " " + s
                    + "): expected the valid positions as [batch, time] with the time known when the graph is built");
        }
        return nonzero(valid).reshape(s.dim(0), 1, 1, s.dim(1));
    }

    /**
     * Combines two masks: a key is allowed where both allow it (a causal and a padding mask).
     *
     * @param a a mask
     * @param b a mask that broadcasts with {@code a}
     * @return the 0/1 mask, of the broadcast shape
     * @throws ShapeException if the masks do not broadcast together
     */
    public static Node and(Node a, Node b) {
        Arguments.requireNonNulls("Attention.and", "a", a, "b", b);
        return nonzero(a).mul(nonzero(b));
    }

    /**
     * Refuses a constant mask holding anything but 0 and 1, such as PyTorch's additive float mask
     * (0 to attend, -inf not to), which {@code where} would read as "attend everywhere". A mask fed
     * at run time cannot be checked when the graph is built; there any nonzero value attends.
     */
    private static void requireZerosAndOnes(Node mask) {
        if (mask.op() instanceof Leaf.Constant c) {
            double[] values = c.value().toArray();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != 0 && values[i] != 1) {
                    throw new NablaException("attention(mask " + mask.label() + " " + mask.shape() + "): entry " + i
                            + " is " + values[i] + "; a mask holds 1 where a query may attend and 0 where it may not"
                            + " (an additive 0/-inf mask m is the mask m == 0)");
                }
            }
        }
    }

    /** 1 where {@code x} is nonzero (true), 0 where it is 0. */
    private static Node nonzero(Node x) {
        return Ops.onesLike(x).sub(x.eq(x.graph().scalar(0.0)));
    }

    /** {@code q k^T / sqrt(d)}, after checking that the three operands pair up. */
    private static Node scores(Node q, Node k, Node v) {
        Shape qs = q.shape();
        Shape ks = k.shape();
        Shape vs = v.shape();
        if (qs.rank() != 4 || ks.rank() != 4 || vs.rank() != 4) {
            throw mismatch(q, k, v, "expected rank 4 [batch, heads, time, dim] each");
        }
        if (qs.dim(3) == Shape.UNKNOWN || qs.dim(3) != ks.dim(3)) {
            throw mismatch(q, k, v, "q and k must have one known width d on their last axis");
        }
        if (ks.dim(2) != vs.dim(2)) {
            throw mismatch(q, k, v, "k and v must have one time length Tk on axis 2");
        }
        if (qs.dim(1) != ks.dim(1) || ks.dim(1) != vs.dim(1)) {
            throw mismatch(q, k, v, "q, k and v must have one number of heads on axis 1");
        }
        return q.matmul(k.permute(0, 1, 3, 2)).mul(1.0 / Math.sqrt(qs.dim(3)));
    }

    private static ShapeException mismatch(Node q, Node k, Node v, String what) {
        return new ShapeException("attention(q " + q.label() + " " + q.shape() + ", k " + k.label() + " " + k.shape()
                + ", v " + v.label() + " " + v.shape() + "): " + what);
    }

    private static boolean fits(int maskDim, int scoreDim) {
        return maskDim == 1 || maskDim == scoreDim || maskDim == Shape.UNKNOWN || scoreDim == Shape.UNKNOWN;
    }
}
