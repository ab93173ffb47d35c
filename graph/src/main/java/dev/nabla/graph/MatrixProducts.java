// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.MatMul;
import java.util.Arrays;
import java.util.List;

/**
 * The matrix product by {@code numpy.matmul}'s rules, built on the {@link MatMul} primitive, which
 * knows only {@code [m,k]·[k,n]}, {@code [B,m,k]·[B,k,n]} and a batch times one shared matrix.
 *
 * <p>A 1-D left operand is read as a row {@code [1,k]} and a 1-D right operand as a column
 * {@code [k,1]}, and that axis is removed from the result (two vectors give their dot product, a
 * scalar). Otherwise the last two axes multiply and the leading (batch) axes broadcast by NumPy's
 * rules, at any rank. The batch is flattened into the primitive's one batch axis and restored
 * afterwards with {@code reshape}; an operand whose batch is all ones is the primitive's shared
 * matrix, so {@code [B,T,d]·[d,e]} never repeats the weight; only a batch broadcast between two
 * real batches is expanded. Reshape, expand and the primitive carry the gradients, to any order,
 * so there is no rule here.
 *
 * <p>An unknown batch size ({@link Shape#UNKNOWN}) is taken to match the other operand's size
 * there, as {@link dev.nabla.graph.op.Broadcast} does; an operand stretched along it takes the size
 * at run time from the other operand, {@code expand}'s reference.
 */
final class MatrixProducts {
    private static final String OP = "matmul";

    private MatrixProducts() {}

    /** The product; see {@link Ops#matmul}. */
    static Node matmul(Node a, Node b) {
        Ops.requireOperand(OP, a, 0);
        Ops.requireOperand(OP, b, 1);
        if (b.graph() != a.graph()) {
            throw new NablaException(Graph.describe(OP, List.of(a, b)) + ": operand 1 " + b.label()
                    + " belongs to another graph; build every node of a computation from one Graph (at "
                    + CallSite.capture() + ")");
        }
        Shape as = a.shape();
        Shape bs = b.shape();
        if (as.rank() == 0 || bs.rank() == 0) {
            throw error(a, b, "operand " + (as.rank() == 0 ? 0 : 1) + " is a scalar, but matmul needs rank 1 or more"
                    + " (a vector, a matrix or a batch of them); multiply by a scalar with mul");
        }
        checkInnerSizes(a, b);
        Shape batch = batchShape(a, b, batchOf(as), batchOf(bs));
        if (unknowns(batch.dims()) > 1) {
            throw error(a, b, "the batch " + batch + " has more than one size known only at run time; matmul flattens"
                    + " the batch axes into one and back, and a reshape can infer only one size");
        }
        Node a2 = as.rank() == 1 ? reshape(a, b, a, 1, as.dim(0)) : a;
        Node b2 = bs.rank() == 1 ? reshape(a, b, b, bs.dim(0), 1) : b;
        Node y = product(a, b, a2, b2, batch);
        int[] out = batch.dims();
        if (as.rank() > 1) {
            out = append(out, as.dim(-2));
        }
        if (bs.rank() > 1) {
            out = append(out, bs.dim(-1));
        }
        return reshape(a, b, y, out);
    }

    /**
     * The primitive's product of two operands of rank 2 or more, flattened to its forms; the
     * result is {@code [m,n]} or {@code [P,m,n]}, to be reshaped by the caller.
     */
    private static Node product(Node a, Node b, Node a2, Node b2, Shape batch) {
        Shape as = a2.shape();
        Shape bs = b2.shape();
        int batchA = as.rank() - 2;
        int batchB = bs.rank() - 2;
        if (batchA <= 1 && batchB <= 1 && (batchA == 0 || batchB == 0 || as.dim(0) == bs.dim(0))) {
            return primitive(a2, b2);   // one of the primitive's own forms, as built before NumPy's rules
        }
        if (allOnes(bs, batchB)) {
            // b is one matrix shared by the whole batch of a: the primitive's own form, nothing repeated.
            Node shared = batchB == 0 ? b2 : reshape(a, b, b2, bs.dim(-2), bs.dim(-1));
            Node left = batchA <= 1 ? a2 : reshape(a, b, a2, size(batchOf(as)), as.dim(-2), as.dim(-1));
            return primitive(left, shared);
        }
        if (allOnes(as, batchA)) {
            Node shared = batchA == 0 ? a2 : reshape(a, b, a2, as.dim(-2), as.dim(-1));
            Node right = batchB <= 1 ? b2 : reshape(a, b, b2, size(batchOf(bs)), bs.dim(-2), bs.dim(-1));
            return primitive(shared, right);
        }
        Node left = flatten(a, b, expandBatch(a, b, a2, batch, b2), batch);
        Node right = flatten(a, b, expandBatch(a, b, b2, batch, a2), batch);
        return primitive(left, right);
    }

    private static Node primitive(Node a, Node b) {
        return a.graph().apply(new MatMul(false, false), List.of(a, b));
    }

    /** The last axis of a against the second last of b (b's only axis if it is a vector). */
    private static void checkInnerSizes(Node a, Node b) {
        Shape as = a.shape();
        Shape bs = b.shape();
        int ka = as.dim(-1);
        int kb = bs.dim(bs.rank() == 1 ? -1 : -2);
        if (ka == kb || ka == Shape.UNKNOWN || kb == Shape.UNKNOWN) {
            return;
        }
        // Suggest a transpose only when one would fit: b's other axis matches ka, or a's matches kb.
        boolean fits = bs.rank() > 1 && bs.dim(-1) == ka || as.rank() > 1 && as.dim(-2) == kb;
        throw error(a, b, "inner dimensions " + ka + " and " + kb + " differ" + (fits ? "; transpose an operand?" : ""));
    }

    /** NumPy's broadcast of the two batch shapes, naming each operand's own axis where it fails. */
    private static Shape batchShape(Node a, Node b, Shape batchA, Shape batchB) {
        int rank = Math.max(batchA.rank(), batchB.rank());
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= batchA.rank() ? batchA.dim(-i) : 1;
            int db = i <= batchB.rank() ? batchB.dim(-i) : 1;
            if (da != db && da != 1 && db != 1 && da != Shape.UNKNOWN && db != Shape.UNKNOWN) {
                throw error(a, b, "batch shapes " + batchA + " and " + batchB + " do not broadcast: axis "
                        + (batchA.rank() - i) + " of " + a.label() + " has size " + da + " and axis "
                        + (batchB.rank() - i) + " of " + b.label() + " has size " + db
                        + ", and neither is 1 (the last two axes are the matrices)");
            }
            // An unknown size yields to a known one other than 1, as in Broadcast.
            out[rank - i] = da == 1 || da == Shape.UNKNOWN && db != 1 ? db : da;
        }
        return Shape.of(out);
    }

    /**
     * Broadcasts an operand's batch axes to the joint batch, keeping its matrix axes. A batch size
     * known only at run time that x lacks comes from the other operand, {@code expand}'s reference;
     * the reference gives every unknown size of the target, so x's own matrix sizes must be known.
     */
    private static Node expandBatch(Node a, Node b, Node x, Shape batch, Node other) {
        Shape xs = x.shape();
        int[] target = append(append(batch.dims(), xs.dim(-2)), xs.dim(-1));
        if (Shape.of(target).equals(xs)) {
            return x;
        }
        Node padded = xs.rank() < target.length ? reshape(a, b, x, padded(xs, target.length)) : x;
        boolean needsReference = false;
        for (int i = 0; i < batch.rank(); i++) {
            needsReference |= batch.dim(i) == Shape.UNKNOWN && padded.shape().dim(i) != Shape.UNKNOWN;
        }
        if (needsReference && (xs.dim(-2) == Shape.UNKNOWN || xs.dim(-1) == Shape.UNKNOWN)) {
            throw error(a, b, "cannot broadcast the batch of " + xs + " to " + batch + ": the batch size known only at run"
                    + " time comes from the other operand, and then the matrix sizes of " + xs + " must be known");
        }
        return Ops.broadcastTo(padded, Shape.of(target), other);
    }

    /** A batch of rank 2 or more becomes one axis, the primitive's. */
    private static Node flatten(Node a, Node b, Node x, Shape batch) {
        Shape xs = x.shape();
        return batch.rank() <= 1 ? x : reshape(a, b, x, size(batch), xs.dim(-2), xs.dim(-1));
    }

    /**
     * Reshapes x, reporting a shape that a reshape cannot take against matmul and its operands:
     * a reshape infers one size known only at run time, not two.
     */
    private static Node reshape(Node a, Node b, Node x, int... dims) {
        if (x.shape().equals(Shape.of(dims))) {
            return x;
        }
        if (unknowns(dims) > 1) {
            throw error(a, b, "would reshape " + x.shape() + " to " + Shape.of(dims) + ", which has more than one size"
                    + " known only at run time; matmul flattens the batch axes into one and back, and a reshape can"
                    + " infer only one size");
        }
        return Ops.reshape(x, dims);
    }

    private static int unknowns(int[] dims) {
        int count = 0;
        for (int d : dims) {
            count += d == Shape.UNKNOWN ? 1 : 0;
        }
        return count;
    }

    private static ShapeException error(Node a, Node b, String what) {
        return ShapeException.of(OP, List.of(a, b), what, CallSite.capture());
    }

    /** The axes before the matrix axes; none for a matrix or a vector. */
    private static Shape batchOf(Shape s) {
        return s.rank() <= 2 ? Shape.SCALAR : Shape.of(Arrays.copyOf(s.dims(), s.rank() - 2));
    }

    /** Whether the first {@code count} sizes are all known to be 1 (none at all counts). */
    private static boolean allOnes(Shape s, int count) {
        for (int i = 0; i < count; i++) {
            if (s.dim(i) != 1) {
                return false;
            }
        }
        return true;
    }

    /** The number of elements, or {@link Shape#UNKNOWN} if a size is known only at run time. */
    private static int size(Shape s) {
        return s.isKnown() ? s.size() : Shape.UNKNOWN;
    }

    private static int[] append(int[] dims, int d) {
        int[] out = Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = d;
        return out;
    }

    private static int[] padded(Shape s, int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        System.arraycopy(s.dims(), 0, d, rank - s.rank(), s.rank());
        return d;
    }
}
