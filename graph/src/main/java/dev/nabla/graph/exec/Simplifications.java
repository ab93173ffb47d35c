// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.storage.Buffers;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Algebraic identities whose result is an existing node, each a small rule that keeps every bit of
 * the plain plan's results: {@code x * 1}, {@code 1 * x}, {@code x / 1} and {@code x ^ 1} are
 * {@code x}; {@code x + (-0.0)} and {@code (-0.0) + x} are {@code x}; a reshape, expand or permute
 * that leaves the shape as it is, a permute followed by its inverse, and a stop-gradient (an
 * identity once the gradient is built) are their operand; a reshape of a reshape reads the first
 * one's operand.
 *
 * <p>{@code x + 0.0} is not folded: {@code -0.0 + 0.0} is {@code +0.0}, so it would change the sign
 * of a zero; {@code x - 0.0} is {@code x + neg(0.0)} in this graph ({@code sub} adds the negation),
 * which adds {@code -0.0}, so it is folded. The constants are known when every element of a
 * small constant has one value, through the reshapes, permutes, expands and negations of it (how
 * a scalar is broadcast). A rule fires only when it holds for every batch size: the result must have its operand's shape,
 * and the constant's shape must be known or broadcast to the operand itself, so that a mismatch
 * the plain plan would report is never hidden.
 */
final class Simplifications {
    /** The largest constant whose elements are compared to find that it holds one value. */
    static final int FILL_SCAN_LIMIT = 4096;

    private static final long ONE = Double.doubleToRawLongBits(1.0);
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private final Function<Node, List<Node>> operandsOf;
    private final Map<Node, Long> fills = new IdentityHashMap<>();

    /**
     * Starts the rules over a walk in topological order.
     *
     * @param operandsOf what each node already kept reads (its rewritten operands)
     */
    Simplifications(Function<Node, List<Node>> operandsOf) {
        this.operandsOf = operandsOf;
    }

    /**
     * The nodes {@code n} reads: its operands' representatives, except that a reshape of a reshape
     * reads what the first one reshapes (a reshape only keeps the row-major order, so two are one).
     *
     * @param n a node
     * @param representatives the representatives of its inputs
     * @return the nodes it reads
     */
    List<Node> operands(Node n, List<Node> representatives) {
        if (n.op() instanceof Reshape && representatives.get(0).op() instanceof Reshape) {
            return List.of(operandsOf.apply(representatives.get(0)).get(0));
        }
        return representatives;
    }

    /**
     * An existing node that holds {@code n}'s value by one of the rules.
     *
     * @param n a node
     * @param in the nodes it reads, from {@link #operands}
     * @return that node, or null when no rule applies
     */
    Node sameValue(Node n, List<Node> in) {
        OpKind kind = n.op().kind();
        return switch (kind) {
            case BINARY -> binary(n, (Binary) n.op(), in);
            case RESHAPE -> in.get(0).shape().equals(n.shape()) ? in.get(0) : null;
            case PERMUTE -> permute((Permute) n.op(), in.get(0));
            case EXPAND -> expand(n, in);
            case STOP_GRADIENT -> in.get(0);
            case LEAF, UNARY, COMPARE, WHERE, REDUCTION, SLICE, PAD, GATHER, ONE_HOT, MATMUL, UNFOLD, FOLD, RANDOM,
                    CUSTOM -> null;
        };
    }

    /**
     * Notes the one value every element of a kept node holds, if it is known: a small constant's,
     * or that of the operand of a reshape, permute, expand or stop-gradient.
     *
     * @param n a node that is kept
     * @param in the nodes it reads
     */
    void record(Node n, List<Node> in) {
        OpKind kind = n.op().kind();
        Long fill = switch (kind) {
            case LEAF -> n.op() instanceof Leaf.Constant c ? fillOf(c.value()) : null;
            case RESHAPE, PERMUTE, EXPAND, STOP_GRADIENT -> fills.get(in.get(0));
            case UNARY -> negated((Unary) n.op(), fills.get(in.get(0)));
            case BINARY, COMPARE, WHERE, REDUCTION, SLICE, PAD, GATHER, ONE_HOT, MATMUL, UNFOLD, FOLD, RANDOM,
                    CUSTOM -> null;
        };
        if (fill != null) {
            fills.put(n, fill);
        }
    }

    /** The negation of a known fill, so that {@code x - 0.0} ({@code x + neg(0.0)}) is known to add {@code -0.0}. */
    private static Long negated(Unary op, Long fill) {
        return op.fn() == UnaryFn.NEG && fill != null ? fill ^ Long.MIN_VALUE : null;
    }

    private static Long fillOf(Tensor t) {
        if (t.size() == 0 || t.size() > FILL_SCAN_LIMIT) {
            return null;
        }
        long first = Double.doubleToRawLongBits(Buffers.at(t, 0));
        for (int i = 1; i < t.size(); i++) {
            if (Double.doubleToRawLongBits(Buffers.at(t, i)) != first) {
                return null;
            }
        }
        return first;
    }

    private Node binary(Node n, Binary op, List<Node> in) {
        Node a = in.get(0);
        Node b = in.get(1);
        return switch (op.fn()) {
            case MUL -> either(operandIfFilled(n, a, b, ONE), operandIfFilled(n, b, a, ONE));
            case ADD -> either(operandIfFilled(n, a, b, NEGATIVE_ZERO), operandIfFilled(n, b, a, NEGATIVE_ZERO));
            // Math.pow(x, 1.0) is x by its contract; x / 1.0 is x in IEEE 754.
            case DIV, POW -> operandIfFilled(n, a, b, ONE);
            case MAX -> null;
        };
    }

    private static Node either(Node first, Node second) {
        return first != null ? first : second;
    }

    /** {@code x} if {@code c} holds {@code bits} everywhere and the op surely gives {@code x}'s shape. */
    private Node operandIfFilled(Node n, Node x, Node c, long bits) {
        Long fill = fills.get(c);
        if (fill == null || fill != bits || !x.shape().equals(n.shape())) {
            return null;
        }
        return c.shape().isKnown() || broadcastTo(c, x) ? x : null;
    }

    /** Whether {@code c} is an expand whose unknown sizes come from {@code x}, so their shapes agree on every run. */
    private boolean broadcastTo(Node c, Node x) {
        List<Node> in = operandsOf.apply(c);
        return c.op().kind() == OpKind.EXPAND && in.size() == 2 && in.get(1) == x;
    }

    private Node permute(Permute op, Node x) {
        List<Integer> perm = op.perm();
        boolean identity = true;
        for (int i = 0; i < perm.size(); i++) {
            identity &= perm.get(i) == i;
        }
        if (identity) {
            return x;
        }
        if (!(x.op() instanceof Permute inner)) {
            return null;
        }
        // Output axis i is x's axis perm[i], which is the original's axis inner[perm[i]].
        for (int i = 0; i < perm.size(); i++) {
            if (inner.perm().get(perm.get(i)) != i) {
                return null;
            }
        }
        return operandsOf.apply(x).get(0);
    }

    private static Node expand(Node n, List<Node> in) {
        Node x = in.get(0);
        if (!x.shape().equals(n.shape())) {
            return null;
        }
        // With a reference, an unknown size is the reference's at run time, which may stretch x.
        return in.size() == 1 || n.shape().isKnown() || in.get(1) == x ? x : null;
    }
}
