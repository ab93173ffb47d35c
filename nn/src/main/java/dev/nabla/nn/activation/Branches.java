// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ShapeException;

/**
 * What the activation composites share: safe branch arguments for {@code where}, constants, and
 * argument checks that name the activation and its operands.
 *
 * <p>The {@code where} trap: the branch that is not picked still gets differentiated. Its
 * cotangent is 0 there, but {@code 0 * inf} is NaN, so a branch whose own derivative overflows
 * (exp of a large number, 1/0, log of 0) poisons the gradient. Every branch argument that could
 * do so goes through {@link #when} or {@link #unless}, which put a harmless constant where the
 * branch is not used; the constant is a leaf, so no gradient is computed through it.
 *
 * <p>The NaN trap: every comparison with NaN is false, so {@code where} takes its second branch
 * for a NaN. {@code where(x > 0, x, 0)} turns a NaN into 0, and one NaN feature then poisons the
 * weights while the loss looks fine. So a select whose second branch would drop the input is
 * written the other way round, as {@code where(x <= 0, 0, x)} ({@link #atMost} with
 * {@link #unless}): the same values and gradients for every number, and NaN passes through.
 */
final class Branches {
    private Branches() {}

    /**
     * Makes a scalar constant in the same graph as {@code x}.
     *
     * @return the constant {@code v} in {@code x}'s graph
     */
    static Node c(Node x, double v) {
        return x.graph().scalar(v);
    }

    /**
     * Keeps {@code x} where a condition holds and puts a constant elsewhere.
     *
     * @return {@code x} where {@code cond} holds, else the constant {@code fallback}
     */
    static Node when(Node cond, Node x, double fallback) {
        return Ops.where(cond, x, c(x, fallback));
    }

    /**
     * Puts a constant where a condition holds and keeps {@code x} elsewhere.
     *
     * @return {@code x} where {@code cond} does not hold, else the constant {@code fallback}
     */
    static Node unless(Node cond, Node x, double fallback) {
        return Ops.where(cond, c(x, fallback), x);
    }

    /**
     * Marks the elements of {@code x} above a value.
     *
     * @return 1.0 where {@code x > v}
     */
    static Node above(Node x, double v) {
        return Ops.gt(x, c(x, v));
    }

    /**
     * Marks the elements of {@code x} below a value.
     *
     * @return 1.0 where {@code x < v}
     */
    static Node below(Node x, double v) {
        return Ops.lt(x, c(x, v));
    }

    /**
     * Marks the elements of {@code x} at or below a value.
     *
     * @return 1.0 where {@code x <= v}; 0.0 for NaN, so {@code unless(atMost(x, v), x, ..)} keeps a NaN
     */
    static Node atMost(Node x, double v) {
        return Ops.le(x, c(x, v));
    }

    /**
     * Marks the elements of {@code x} at or above a value.
     *
     * @return 1.0 where {@code x >= v}; 0.0 for NaN, so {@code unless(atLeast(x, v), x, ..)} keeps a NaN
     */
    static Node atLeast(Node x, double v) {
        return Ops.ge(x, c(x, v));
    }

    /**
     * Passes NaN inputs through to the output of a piecewise activation.
     *
     * @return {@code y} where {@code x} is a number, NaN where {@code x} is NaN; the NaN is taken
     *     through {@code stopGradient}, so no gradient flows to {@code x} from it
     */
    static Node keepNaN(Node x, Node y) {
        return Ops.where(Ops.eq(x, x), y, Ops.stopGradient(x));
    }

    /**
     * Clamps {@code x} to a closed interval.
     *
     * @return {@code x} clamped to {@code [lo, hi]}; the derivative is 1 inside, 0 outside
     */
    static Node clamp(Node x, double lo, double hi) {
        return Ops.where(above(x, hi), c(x, hi), Ops.where(below(x, lo), c(x, lo), x));
    }

    /**
     * A sign with no gradient that is +1 at 0 when {@code zeroPositive}, else -1 there; unlike
     * {@code sign}, {@code s * s = 1} everywhere, so {@code s * f(s * x)} keeps the right
     * derivative at 0.
     */
    static Node sign(Node x, boolean zeroPositive) {
        Node cond = zeroPositive ? below(x, 0.0) : Ops.le(x, c(x, 0.0));
        return Ops.where(cond, c(x, -1.0), c(x, 1.0));
    }

    /**
     * Checks that an activation's input is not null.
     *
     * @return {@code x}, if it is not null
     */
    static Node require(String op, Node x) {
        if (x == null) {
            throw new NablaException(op + ": the input is null");
        }
        return x;
    }

    /**
     * Checks that an axis is valid for {@code x}'s rank.
     *
     * @return {@code axis}, if it is in {@code [-rank, rank)} for {@code x}
     */
    static int requireAxis(String op, Node x, int axis) {
        int rank = x.shape().rank();
        if (axis < -rank || axis >= rank) {
            throw new ShapeException(describe(op, x) + ": axis " + axis + " is out of range for rank " + rank);
        }
        return axis;
    }

    /**
     * Checks that an activation's hyperparameter is finite and, if asked, positive.
     *
     * @return {@code v}, if it is finite and, when {@code positive}, above 0
     */
    static double require(String op, Node x, String what, double v, boolean positive) {
        if (!Double.isFinite(v) || positive && v <= 0) {
            throw new NablaException(describe(op, x) + ": " + what + " must be " + (positive ? "positive and " : "")
                    + "finite, got " + v);
        }
        return v;
    }

    /**
     * Checks a per-channel parameter: shape {@code []}, {@code [1]} or {@code [C]} with {@code C}
     * the size of {@code x}'s last axis.
     */
    static Node requireChannels(String op, Node x, Node p, String what) {
        if (p == null) {
            throw new NablaException(describe(op, x) + ": " + what + " is null");
        }
        if (p.graph() != x.graph()) {
            throw new NablaException(describe(op, x, p) + ": " + what + " belongs to another graph than the input");
        }
        int rank = p.shape().rank();
        int size = rank == 1 ? p.shape().dim(0) : -1;
        int channels = x.shape().rank() == 0 ? 1 : x.shape().dim(-1);
        if (rank > 1 || rank == 1 && size != 1 && size != channels) {
            throw new ShapeException(describe(op, x, p) + ": " + what + " must have shape [], [1] or [" + channels
                    + "] (one value per channel of the last axis)");
        }
        return p;
    }

    /**
     * Describes an op and its operands for error messages.
     *
     * @return {@code op(%1 [?, 3], %2 [3])}: the op with its operands' labels and shapes
     */
    static String describe(String op, Node... operands) {
        StringBuilder b = new StringBuilder(op).append('(');
        for (int i = 0; i < operands.length; i++) {
            b.append(i > 0 ? ", " : "").append(operands[i].label()).append(' ').append(operands[i].shape());
        }
        return b.append(')').toString();
    }
}
