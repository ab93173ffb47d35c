// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.Binary;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Broadcast;
import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.Reshape;
import dev.nabla.graph.op.StopGradient;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Where;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The static front end: every op on nodes, with NumPy broadcasting made explicit (elementwise ops
 * insert {@code reshape} and {@code expand} nodes so that primitives see equal shapes). Composites
 * such as {@code sub}, {@code mean} and {@code logsumexp} live here and have no kernel of their own.
 *
 * <p>Usage: {@code Node y = Ops.add(Ops.matmul(x, w), b);} is {@code x.matmul(w).add(b)}.
 */
public final class Ops {
    private Ops() {}

    /** Applies fn to every element. @param fn the function @param x the operand @return {@code fn(x)} elementwise */
    public static Node unary(UnaryFn fn, Node x) {
        if (fn == null) {
            throw nullArgument("unary", x, "the function is null");
        }
        return apply(new Unary(fn), x);
    }

    /**
     * Applies an elementwise binary primitive after broadcasting the operands to a common shape.
     *
     * @param fn the function
     * @param a the left operand
     * @param b the right operand
     * @return {@code fn(a, b)}
     * @throws ShapeException if the shapes do not broadcast
     */
    public static Node binary(BinaryFn fn, Node a, Node b) {
        if (fn == null) {
            throw nullArgument("binary", null, "the function is null");
        }
        List<Node> ab = broadcast(fn.name().toLowerCase(Locale.ROOT), a, b);
        return apply(new Binary(fn), ab.get(0), ab.get(1));
    }

    /** Adds two nodes elementwise. @param a left @param b right @return {@code a + b}, broadcast */
    public static Node add(Node a, Node b) {
        return binary(BinaryFn.ADD, a, b);
    }

    /** Subtracts two nodes elementwise. @param a left @param b right @return {@code a - b}, broadcast */
    public static Node sub(Node a, Node b) {
        broadcastShape("sub", a, b);
        return add(a, unary(UnaryFn.NEG, b));
    }

    /** Multiplies two nodes elementwise. @param a left @param b right @return {@code a * b}, broadcast */
    public static Node mul(Node a, Node b) {
        return binary(BinaryFn.MUL, a, b);
    }

    /** Divides two nodes elementwise. @param a left @param b right @return {@code a / b}, broadcast */
    public static Node div(Node a, Node b) {
        broadcastShape("div", a, b);
        return binary(BinaryFn.DIV, a, b);
    }

    /** Raises a to the power b, elementwise. @param a base @param b exponent @return {@code a ^ b}, broadcast */
    public static Node pow(Node a, Node b) {
        return binary(BinaryFn.POW, a, b);
    }

    /** Takes the larger of each pair. @param a left @param b right @return the elementwise larger, broadcast */
    public static Node maximum(Node a, Node b) {
        return binary(BinaryFn.MAX, a, b);
    }

    /** Takes the smaller of each pair. @param a left @param b right @return the elementwise smaller, broadcast */
    public static Node minimum(Node a, Node b) {
        broadcastShape("min", a, b);
        return unary(UnaryFn.NEG, maximum(unary(UnaryFn.NEG, a), unary(UnaryFn.NEG, b)));
    }

    /**
     * Compares two nodes elementwise, giving a mask of 1.0 and 0.0.
     *
     * @param fn the comparison
     * @param a left
     * @param b right
     * @return 1.0 where it holds, else 0.0
     */
    public static Node compare(Compare.Fn fn, Node a, Node b) {
        if (fn == null) {
            throw nullArgument("compare", null, "the comparison is null");
        }
        List<Node> ab = broadcast(fn.name().toLowerCase(Locale.ROOT), a, b);
        return apply(new Compare(fn), ab.get(0), ab.get(1));
    }

    /** Tests elementwise whether a is less than b. @param a left @param b right @return 1.0 where {@code a < b} */
    public static Node lt(Node a, Node b) {
        return compare(Compare.Fn.LT, a, b);
    }

    /** Tests elementwise whether a is at most b. @param a left @param b right @return 1.0 where {@code a <= b} */
    public static Node le(Node a, Node b) {
        return compare(Compare.Fn.LE, a, b);
    }

    /** Tests elementwise whether a is greater than b. @param a left @param b right @return 1.0 where {@code a > b} */
    public static Node gt(Node a, Node b) {
        broadcastShape("gt", a, b);
        return compare(Compare.Fn.LT, b, a);
    }

    /** Tests elementwise whether a is at least b. @param a left @param b right @return 1.0 where {@code a >= b} */
    public static Node ge(Node a, Node b) {
        broadcastShape("ge", a, b);
        return compare(Compare.Fn.LE, b, a);
    }

    /** Tests elementwise whether a equals b. @param a left @param b right @return 1.0 where {@code a == b} */
    public static Node eq(Node a, Node b) {
        return compare(Compare.Fn.EQ, a, b);
    }

    /**
     * Picks {@code a} where {@code cond} is non-zero and {@code b} elsewhere, all three broadcast.
     *
     * @param cond the condition
     * @param a values where it holds
     * @param b values where it does not
     * @return the selection
     */
    public static Node where(Node cond, Node a, Node b) {
        List<Node> all = broadcast("where", cond, a, b);
        return apply(new Where(), all.get(0), all.get(1), all.get(2));
    }

    /**
     * Multiplies matrices, vectors or batches of them by {@code numpy.matmul}'s rules.
     *
     * <p>A 1-D left operand is a row {@code [1,k]} and a 1-D right operand a column {@code [k,1]},
     * and that axis is removed again (two vectors give their dot product, a scalar). From rank 2
     * on, the last two axes multiply and the leading batch axes broadcast, at any rank:
     * {@code [B,1,T,d]·[H,d,e]} is {@code [B,H,T,e]}. A matrix shared by a whole batch
     * ({@code [B,T,d]·[d,e]}) is not repeated. It is a composite of {@code reshape},
     * {@code expand} and the {@link dev.nabla.graph.op.MatMul} primitive.
     *
     * @param a left, rank 1 or more
     * @param b right, rank 1 or more
     * @return the matrix product
     * @throws ShapeException if an operand is a scalar, the inner sizes differ or the batch axes do
     *     not broadcast
     */
    public static Node matmul(Node a, Node b) {
        return MatrixProducts.matmul(a, b);
    }

    /**
     * Gives a node the same elements in another shape.
     *
     * @param x the operand
     * @param dims the new shape, one size may be -1
     * @return the reshaped node
     */
    public static Node reshape(Node x, int... dims) {
        Shape target = target("reshape", x, dims);
        return x.shape().equals(target) ? x : apply(new Reshape(target), x);
    }

    /**
     * Reorders the axes of a node.
     *
     * @param x the operand
     * @param perm output axis i is input axis perm[i]
     * @return the permuted node
     */
    public static Node permute(Node x, int... perm) {
        if (perm == null) {
            throw nullArgument("permute", requireOperand("permute", x, 0), "the permutation is null");
        }
        List<Integer> p = new ArrayList<>();
        for (int v : perm) {
            p.add(v);
        }
        return apply(new Permute(p), x);
    }

    /** Swaps the last two axes of a node. @param x a node of rank 2 or more @return x with its last two axes swapped */
    public static Node transpose(Node x) {
        int r = requireOperand("transpose", x, 0).shape().rank();
        if (r < 2) {
            throw ShapeException.of("transpose", List.of(x), "needs rank 2 or more; a vector is its own transpose",
                    CallSite.capture());
        }
        int[] perm = new int[r];
        Arrays.setAll(perm, i -> i);
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(x, perm);
    }

    /**
     * Broadcasts to a shape by NumPy's rule (new axes in front, size-1 axes repeated).
     *
     * @param x the operand
     * @param dims the target shape
     * @return the broadcast node
     * @throws ShapeException if {@code x} does not broadcast to it
     */
    public static Node expand(Node x, int... dims) {
        Shape target = target("expand", x, dims);
        Shape joint;
        try {
            joint = Broadcast.shape(x.shape(), target);
        } catch (ShapeException e) {
            throw ShapeException.of("expand", List.of(x), e.getMessage(), CallSite.capture());
        }
        if (!joint.equals(target)) {
            throw ShapeException.of("expand", List.of(x), "cannot broadcast to " + target, CallSite.capture());
        }
        int offset = target.rank() - x.shape().rank();
        for (int i = 0; i < target.rank(); i++) {
            // Nothing here could give an unknown size at run time but x itself.
            if (target.dim(i) == Shape.UNKNOWN && (i < offset || x.shape().dim(i - offset) != Shape.UNKNOWN)) {
                throw ShapeException.of("expand", List.of(x), "target " + target + " leaves axis " + i
                        + " unknown, but the operand has no run-time size there to give it; give that size",
                        CallSite.capture());
            }
        }
        return broadcastTo(x, target, null);
    }

    /** Makes zeros shaped like x. @param x the operand @return zeros of x's shape, sized at run time if need be */
    public static Node zerosLike(Node x) {
        return broadcastTo(requireOperand("zerosLike", x, 0).graph().scalar(0.0), x.shape(), x);
    }

    /**
     * The identity, through which no gradient flows: differentiation treats it as a constant.
     *
     * @param x the operand
     * @return a node equal to {@code x}
     */
    public static Node stopGradient(Node x) {
        return apply(new StopGradient(), x);
    }

    /** Makes ones shaped like x. @param x the operand @return ones of x's shape, sized at run time if need be */
    public static Node onesLike(Node x) {
        Node one = requireOperand("onesLike", x, 0).graph().scalar(1.0);
        return broadcastTo(one, x.shape(), x);
    }

    static Node apply(Primitive op, Node... inputs) {
        if (inputs.length == 0 || inputs[0] == null) {
            throw new NablaException(op.name() + ": operand 0 is null (at " + CallSite.capture() + ")");
        }
        return inputs[0].graph().apply(op, Arrays.asList(inputs));
    }

    static List<Integer> checkedAxes(String op, Node x, int[] axes) {
        requireOperand(op, x, 0);
        if (axes == null) {
            throw nullArgument(op, x, "the axes are null");
        }
        try {
            return x.shape().axes(axes);
        } catch (ShapeException e) {
            throw ShapeException.of(op, List.of(x), e.getMessage(), CallSite.capture());
        }
    }

    /** Broadcasts operands to their common shape; unknown sizes come from an operand that has them. */
    private static List<Node> broadcast(String op, Node... operands) {
        Shape target = broadcastShape(op, operands);
        // The reference supplies run-time sizes, so it must be an operand that has the unknown
        // sizes, whatever its rank: broadcastTo left-pads a lower-rank reference.
        Node ref = operands[0];
        for (Node n : operands) {
            if (unknowns(n.shape()) > unknowns(ref.shape())) {
                ref = n;
            }
        }
        List<Node> out = new ArrayList<>(operands.length);
        for (Node n : operands) {
            out.add(broadcastTo(n, target, ref));
        }
        return out;
    }

    /**
     * Checks that operands are non-null, of one graph, and broadcast together; composites call it
     * first, so that errors name them and the user's operands.
     */
    private static Shape broadcastShape(String op, Node... operands) {
        for (int i = 0; i < operands.length; i++) {
            requireOperand(op, operands[i], i);
        }
        for (Node n : operands) {
            if (n.graph() != operands[0].graph()) {
                throw new NablaException(Graph.describe(op, List.of(operands)) + ": operands " + operands[0].label() + " and "
                        + n.label() + " belong to different graphs; build every node of a computation from one Graph (at "
                        + CallSite.capture() + ")");
            }
        }
        Shape target = operands[0].shape();
        try {
            for (Node n : operands) {
                target = Broadcast.shape(target, n.shape());
            }
        } catch (ShapeException e) {
            throw ShapeException.of(op, List.of(operands), e.getMessage(), CallSite.capture());
        }
        return target;
    }

    /** The target of reshape or expand; bad sizes are reported against the op and its operand. */
    private static Shape target(String op, Node x, int[] dims) {
        requireOperand(op, x, 0);
        if (dims == null) {
            throw nullArgument(op, x, "the dims are null");
        }
        try {
            return Shape.of(dims);
        } catch (ShapeException e) {
            throw ShapeException.of(op, List.of(x), e.getMessage(), CallSite.capture());
        }
    }

    /**
     * Checks that an operand is not null, so that a null fails with a message that names the op.
     *
     * @return {@code x} if it is not null; else an error naming the op, the position and the call site
     */
    static Node requireOperand(String op, Node x, int position) {
        if (x == null) {
            throw new NablaException(op + ": operand " + position + " is null (at " + CallSite.capture() + ")");
        }
        return x;
    }

    /** An argument that is not an operand is null: names the op, its operand if known, and the call site. */
    static NablaException nullArgument(String op, Node x, String what) {
        String head = x == null ? op : Graph.describe(op, List.of(x));
        return new NablaException(head + ": " + what + " (at " + CallSite.capture() + ")");
    }

    private static int unknowns(Shape s) {
        int count = 0;
        for (int i = 0; i < s.rank(); i++) {
            count += s.dim(i) == Shape.UNKNOWN ? 1 : 0;
        }
        return count;
    }

    static Node broadcastTo(Node x, Shape target, Node ref) {
        if (x.shape().equals(target)) {
            return x;
        }
        Node y = x;
        if (x.shape().rank() < target.rank()) {
            y = reshape(x, leftPad(x.shape(), target.rank()));
            if (y.shape().equals(target)) {
                return y;
            }
        }
        boolean needsRef = false;
        for (int i = 0; i < target.rank(); i++) {
            needsRef |= target.dim(i) == Shape.UNKNOWN && y.shape().dim(i) != Shape.UNKNOWN;
        }
        if (!needsRef) {
            return apply(new Expand(target), y);
        }
        Node r = ref.shape().rank() < target.rank() ? reshape(ref, leftPad(ref.shape(), target.rank())) : ref;
        return apply(new Expand(target), y, r);
    }

    private static int[] leftPad(Shape s, int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        System.arraycopy(s.dims(), 0, d, rank - s.rank(), s.rank());
        return d;
    }
}
