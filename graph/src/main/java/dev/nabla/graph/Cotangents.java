// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.Broadcast;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.storage.Buffers;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What derivative rules share: the marker for "no gradient flows to this input", and products
 * and sums that fold a multiplication by one, so first- and second-order graphs stay small.
 *
 * <p>Usage (in a rule): {@code return List.of(Cotangents.mul(g, b), Cotangents.NONE);}
 */
public final class Cotangents {
    /**
     * Returned by a rule for an input that receives no gradient (indices, comparison operands,
     * random references): its contribution is exactly zero. Belongs to no user graph.
     */
    public static final Node NONE = new Graph().scalar(0.0);

    private Cotangents() {}

    /**
     * Builds the nodes of {@code forward}'s derivative rule and marks each new node the result
     * reaches as derived from it ({@link Node#origin()}), so an error in a gradient can name the
     * user's line behind it. Nodes other threads build meanwhile are not reached, so not marked.
     * For autodiff engines. Usage: {@code Cotangents.derivingFrom(n, () -> n.op().vjp(n, g))}
     *
     * @param forward the node being differentiated
     * @param rule what builds the derivative nodes
     * @return the nodes the rule returned
     */
    public static List<Node> derivingFrom(Node forward, Supplier<List<Node>> rule) {
        Arguments.requireNonNulls("Cotangents.derivingFrom", "forward", forward, "rule", rule);
        Graph graph = forward.graph();
        int first = graph.nextId();
        List<Node> made = rule.get();
        if (made == null) {
            return null;
        }
        ArrayDeque<Node> todo = new ArrayDeque<>();
        for (Node m : made) {
            if (m != null && m.graph() == graph && m.id() >= first) {
                todo.push(m);
            }
        }
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Node m = todo.pop();
            if (seen.add(m)) {
                graph.setOrigin(m, forward);
                for (Node in : m.inputs()) {
                    if (in.id() >= first) {
                        todo.push(in);
                    }
                }
            }
        }
        return made;
    }

    /**
     * {@code a * b}, or the other operand itself when one is a constant of ones that would
     * not change its shape.
     *
     * @param a left
     * @param b right
     * @return the product
     */
    public static Node mul(Node a, Node b) {
        Ops.requireOperand("mul", a, 0);
        Ops.requireOperand("mul", b, 1);
        if (isOnes(a) && Broadcast.shape(a.shape(), b.shape()).equals(b.shape())) {
            return b;
        }
        if (isOnes(b) && Broadcast.shape(a.shape(), b.shape()).equals(a.shape())) {
            return a;
        }
        return Ops.mul(a, b);
    }

    /**
     * {@code -x}, or the operand of {@code x} when {@code x} is itself a negation.
     *
     * @param x the operand
     * @return the negation
     */
    public static Node neg(Node x) {
        Ops.requireOperand("neg", x, 0);
        if (x.op() instanceof Unary u && u.fn() == UnaryFn.NEG) {
            return x.input(0);
        }
        return Ops.unary(UnaryFn.NEG, x);
    }

    /**
     * Sums {@code g} over the axes that broadcasting added or stretched, so that it takes
     * {@code x}'s shape: the one place where broadcasting is undone.
     *
     * @param g a cotangent of the broadcast shape
     * @param x the operand before broadcasting, of the same rank
     * @return {@code g} summed down to {@code x}'s shape
     */
    public static Node sumTo(Node g, Node x) {
        Arguments.requireNonNulls("Cotangents.sumTo", "g", g, "x", x);
        Shape from = g.shape();
        Shape to = x.shape();
        int[] axes = new int[from.rank()];
        int count = 0;
        for (int i = 0; i < from.rank(); i++) {
            if (to.dim(i) == 1 && from.dim(i) != 1) {
                axes[count++] = i;
            }
        }
        Node summed = count == 0 ? g : Ops.reshape(Reductions.sum(g, false, java.util.Arrays.copyOf(axes, count)), to.dims());
        for (int i = 0; i < from.rank(); i++) {
            if (to.dim(i) == Shape.UNKNOWN && from.dim(i) != Shape.UNKNOWN && from.dim(i) != 1) {
                // x's size here is known only at run time: if it comes as 1, the forward pass stretched
                // it and this rule, cut when the graph was built, did not sum over it. Expanding to
                // x's run-time shape is a no-op when the sizes agree and a named error when they do
                // not, never a gradient of the wrong shape.
                return Ops.broadcastTo(summed, to, x);
            }
        }
        return summed;
    }

    /**
     * Spreads a cotangent back over an input it was reduced from, taking the sizes known only at
     * run time from the input itself.
     *
     * <p>Usage (in a rule): {@code Cotangents.broadcastLike(g.reshape(keep), x)}
     *
     * @param g a cotangent that broadcasts to {@code x}'s shape
     * @param x the input
     * @return {@code g} broadcast to {@code x}'s shape
     */
    public static Node broadcastLike(Node g, Node x) {
        Arguments.requireNonNulls("Cotangents.broadcastLike", "g", g, "x", x);
        return Ops.broadcastTo(g, x.shape(), x);
    }

    /**
     * Says that none of an op's inputs receives a gradient.
     *
     * @param count the op's number of inputs
     * @return {@code count} times {@link #NONE}
     */
    public static List<Node> none(int count) {
        return java.util.Collections.nCopies(count, NONE);
    }

    private static boolean isOnes(Node n) {
        if (!(n.op() instanceof Leaf.Constant c) || c.value().size() > 64) {
            return false;
        }
        for (int i = 0; i < c.value().size(); i++) {
            if (Buffers.at(c.value(), i) != 1.0) {
                return false;
            }
        }
        return true;
    }
}
