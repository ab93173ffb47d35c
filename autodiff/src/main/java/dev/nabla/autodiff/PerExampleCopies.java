// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Shape;
import dev.nabla.graph.op.Gather;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.OpKind;
import dev.nabla.graph.op.Pad;
import dev.nabla.graph.op.Permute;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.op.Slice;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-example gradients in one reverse sweep, for graphs whose rows stay apart: every node that
 * depends on both the batch and the params computes its row b from rows b alone, and the params
 * meet the batch only where a matrix product, a broadcast or a gather combines them with it. At
 * those ops each example is as good as holding its own copy of the param, and the gradient with
 * respect to the copies is the per-example gradient: the sweep runs as for the summed loss, and
 * where an op's rule would sum the rows' contributions to a param (a product's {@code x^T g}, a
 * broadcast's sum), it keeps them apart as {@code [B, param shape...]} instead (the outer
 * products {@code x_b^T g_b}, or {@code g_b x_b^T} for a kernel times each image's columns; the
 * unsummed rows). So graph and run time are those of one
 * backward pass plus the per-example results, linear in the batch size, which may be unknown
 * until the run.
 *
 * <p>Between the params and those ops, reshapes are followed directly; any other param-only
 * computation (a weight norm, say) is differentiated once per row, which needs the batch size.
 * A graph of another kind gets a refusal naming the first node that does not fit, and
 * {@link Grad#perExample} takes the exact per-row sweeps instead.
 *
 * <p>Usage: {@code PerExampleCopies p = PerExampleCopies.of(losses, params); if (p.refusal() == null) out = p.run();}
 */
final class PerExampleCopies {
    private final Node losses;
    private final List<Node> params;
    private final int rows;
    private final List<Node> order;
    private final Set<Node> batched = identitySet();
    private final Set<Node> live = identitySet();
    private final Set<Node> wanted = identitySet();
    private String refusal;

    private PerExampleCopies(Node losses, List<Node> params) {
        this.losses = losses;
        this.params = params;
        this.rows = losses.shape().dim(0);
        this.order = GraphView.topologicalOrder(List.of(losses));
        wanted.addAll(params);
    }

    /**
     * Sees whether the graph is one this method handles.
     *
     * @param losses a vector of one loss per row
     * @param params what to differentiate by, each something the losses depend on
     * @return the method for these losses, with its refusal if the graph is not of its kind
     */
    static PerExampleCopies of(Node losses, List<Node> params) {
        PerExampleCopies p = new PerExampleCopies(losses, params);
        p.refusal = p.check();
        return p;
    }

    /** Tells why this method does not apply. @return why not, or null if it applies */
    String refusal() {
        return refusal;
    }

    private String check() {
        if (rows == 1) {
            return "a batch of one is one ordinary gradient";
        }
        for (Node n : order) {
            boolean isInput = n.op() instanceof Leaf.Input && n.shape().rank() >= 1 && n.shape().dim(0) == rows;
            if (isInput || copiesPerRow(n) || n.inputs().stream().anyMatch(batched::contains)) {
                batched.add(n);
            }
            if (wanted.contains(n) || n.inputs().stream().anyMatch(live::contains)) {
                live.add(n);
            }
        }
        if (!batched.contains(losses)) {
            return "no input with " + rows + " rows reaches the losses";
        }
        for (Node p : params) {
            if (batched.contains(p)) {
                return p.describe() + " depends on the batch";
            }
        }
        for (Node n : order) {
            if (!live.contains(n) || !batched.contains(n) || n.op() instanceof Leaf) {
                continue;
            }
            if (n.shape().rank() == 0 || n.shape().dim(0) != rows) {
                return n.describe() + " mixes rows: it does not keep the batch on axis 0";
            }
            for (int i = 0; i < n.inputs().size(); i++) {
                Node in = n.input(i);
                if (!live.contains(in)) {
                    continue;
                }
                if (batched.contains(in) ? !rowWise(n, i) : !meets(n, i)) {
                    return n.describe() + (batched.contains(in) ? " mixes rows" : " combines the batch with "
                            + in.describe() + " in a way this method does not copy per example");
                }
                if (!batched.contains(in) && rows == Shape.UNKNOWN && needsRowSweeps(in)) {
                    return in.describe() + " is computed from the params by more than reshapes";
                }
            }
        }
        return null;
    }

    /**
     * Whether n broadcasts axis 0 from 1 to the batch size: a copy per row of something the batch
     * does not reach. With the batch size known, the front end builds such an expand without the
     * batched reference input that an unknown size needs, so dependence alone would miss it.
     */
    private boolean copiesPerRow(Node n) {
        return n.op().kind() == OpKind.EXPAND && rows != Shape.UNKNOWN && n.shape().rank() >= 1
                && n.shape().dim(0) == rows && n.input(0).shape().dim(0) == 1;
    }

    /** Whether row b of n depends on row b alone of its batched input i. */
    private boolean rowWise(Node n, int i) {
        OpKind kind = n.op().kind();
        return switch (kind) {
            // Unfold and fold cut and sum within one image, never across the batch axis.
            case UNARY, BINARY, COMPARE, WHERE, EXPAND, ONE_HOT, UNFOLD, FOLD, RANDOM, STOP_GRADIENT -> true;
            // With the batch size unknown, [?, 6] -> [?, 3] would keep a "?" on axis 0 and still halve the rows.
            case RESHAPE -> perRow(n.input(0).shape()) == perRow(n.shape());
            case REDUCTION -> !((Reduce) n.op()).axes().contains(0);
            case PERMUTE -> ((Permute) n.op()).perm().get(0) == 0;
            case SLICE -> ((Slice) n.op()).axis() != 0;
            case PAD -> ((Pad) n.op()).axis() != 0;
            case GATHER -> i == 1 || ((Gather) n.op()).axis() != 0;
            case MATMUL -> rowWiseProduct(n);
            case LEAF, CUSTOM -> false;
        };
    }

    /** @return how many elements a row of this shape holds */
    private static long perRow(Shape s) {
        long n = 1;
        for (int i = 1; i < s.rank(); i++) {
            n *= s.dim(i);
        }
        return n;
    }

    /**
     * A product keeps rows apart if each batched operand carries the batch on axis 0 of a batched
     * product (the other operand having no more axes, so it cannot outrank the batch), or is the
     * rows of a matrix.
     */
    private boolean rowWiseProduct(Node n) {
        Node a = n.input(0);
        Node b = n.input(1);
        int ra = a.shape().rank();
        int rb = b.shape().rank();
        boolean ab = batched.contains(a);
        boolean bb = batched.contains(b);
        if (ab && bb) {
            return ra == 3 && rb == 3;
        }
        return ab ? ra == 3 || !((MatMul) n.op()).transA() : rb == 3 && ra <= rb;
    }

    /** Whether n combines its param-derived input i with the batch in a way whose per-example cotangent this method knows. */
    private boolean meets(Node n, int i) {
        Node u = n.input(i);
        OpKind kind = n.op().kind();
        return switch (kind) {
            case EXPAND -> i == 0 && u.shape().rank() == n.shape().rank() && u.shape().dim(0) == 1;
            case MATMUL -> i == 1 ? batched.contains(n.input(0)) && !((MatMul) n.op()).transA()
                    && u.shape().rank() == 2 && n.input(0).shape().dim(0) == rows
                    // w x with w [O, K] and x [B, K, L], as a convolution multiplies its kernel into each image's columns.
                    : !((MatMul) n.op()).transA() && batched.contains(n.input(1)) && u.shape().rank() == 2
                    && n.input(1).shape().rank() == 3 && n.input(1).shape().dim(0) == rows;
            case GATHER -> i == 0 && ((Gather) n.op()).axis() == 0 && batched.contains(n.input(1))
                    && n.input(1).shape().rank() <= 2 && n.input(1).shape().dim(0) == rows
                    && (n.input(1).shape().rank() == 1 || n.input(1).shape().dim(1) != Shape.UNKNOWN);
            case LEAF, UNARY, BINARY, COMPARE, WHERE, REDUCTION, RESHAPE, PERMUTE, SLICE, PAD, ONE_HOT, UNFOLD, FOLD, RANDOM,
                    STOP_GRADIENT, CUSTOM -> false;
        };
    }

    /** Whether a param-derived node reaches the params through anything but reshapes. */
    private boolean needsRowSweeps(Node u) {
        Node at = u;
        while (at.op().kind() == OpKind.RESHAPE && live.contains(at.input(0))) {
            at = at.input(0);
        }
        Node top = at;
        return !(top.op() instanceof Leaf) && GraphView.ancestors(List.of(top)).stream().anyMatch(
                p -> p != top && wanted.contains(p));
    }

    /**
     * Builds the per-example gradients.
     *
     * @return per param, a node {@code [B, param shape...]}
     */
    List<Node> run() {
        if (refusal != null) {
            throw new IllegalStateException("perExample: " + refusal);
        }
        Map<Node, Node> ct = new IdentityHashMap<>();
        Map<Node, Node> perExample = new IdentityHashMap<>();
        ct.put(losses, Ops.onesLike(losses));
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            Node g = ct.get(n);
            if (g == null || !live.contains(n) || !batched.contains(n) || n.op() instanceof Leaf) {
                continue;
            }
            Cotangents.derivingFrom(n, () -> {
                List<Node> parts = ReverseSweep.rule(n, g);
                List<Node> made = new ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    Node in = n.input(i);
                    if (!live.contains(in)) {
                        continue;
                    }
                    if (batched.contains(in)) {
                        if (parts.get(i) != Cotangents.NONE) {
                            ReverseSweep.checkShape(n, i, in, parts.get(i));
                            made.add(ct.merge(in, parts.get(i), Ops::add));
                        }
                    } else {
                        made.addAll(pushDown(in, perExampleCotangent(n, i, g), perExample));
                    }
                }
                return made;
            });
        }
        List<Node> out = new ArrayList<>(params.size());
        for (Node p : params) {
            Node d = perExample.get(p);
            out.add(d != null ? d : zeros(p));
        }
        return out;
    }

    /** The cotangent of n's param-derived input i, one row per example: {@code [B, input shape...]}. */
    private Node perExampleCotangent(Node n, int i, Node g) {
        Node u = n.input(i);
        int[] perRow = PerRowSweeps.withLeading(rows, u.shape().dims());
        OpKind kind = n.op().kind();
        return switch (kind) {
            case EXPAND -> {
                List<Integer> axes = new ArrayList<>();
                for (int j = 1; j < u.shape().rank(); j++) {
                    if (u.shape().dim(j) == 1 && n.shape().dim(j) != 1) {
                        axes.add(j);
                    }
                }
                Node kept = axes.isEmpty() ? g : Reductions.sum(g, true, axes.stream().mapToInt(Integer::intValue).toArray());
                yield kept.reshape(perRow);
            }
            // w x: each example's g_b x_b^T (g_b x_b when x is read transposed), a batched product.
            case MATMUL -> i == 0 ? n.graph().apply(new MatMul(false, !((MatMul) n.op()).transB()),
                    List.of(g, n.input(1))) : outerProducts(n, g);
            case GATHER -> scatteredRows(n, g);
            case LEAF, UNARY, BINARY, COMPARE, WHERE, REDUCTION, RESHAPE, PERMUTE, SLICE, PAD, ONE_HOT, UNFOLD, FOLD, RANDOM,
                    STOP_GRADIENT, CUSTOM -> throw new IllegalStateException("perExample: no per-example rule for "
                    + n.describe());
        };
    }

    /** For {@code y = a w} (or {@code a w^T}) with a batched: each example's {@code a_b^T g_b} (or its transpose). */
    private Node outerProducts(Node n, Node g) {
        Node a = n.input(0);
        boolean transB = ((MatMul) n.op()).transB();
        if (a.shape().rank() == 3) {
            return transB ? product(true, g, a) : product(true, a, g);
        }
        int k = a.shape().dim(1);
        int m = g.shape().dim(1);
        return transB ? product(false, g.reshape(rows, m, 1), a.reshape(rows, 1, k))
                : product(false, a.reshape(rows, k, 1), g.reshape(rows, 1, m));
    }

    /** For a gather of table rows by batched indices: each example's rows of g scattered into a table. */
    private Node scatteredRows(Node n, Node g) {
        Node table = n.input(0);
        Node idx = n.input(1);
        int depth = table.shape().dim(0);
        int width = 1;
        for (int j = 1; j < table.shape().rank(); j++) {
            width *= table.shape().dim(j);
        }
        Node hot = Indexing.oneHot(idx, depth);
        Node scattered = idx.shape().rank() == 1
                ? hot.reshape(rows, depth, 1).mul(g.reshape(rows, 1, width))
                : product(true, hot, g.reshape(rows, idx.shape().dim(1), width));
        return scattered.reshape(PerRowSweeps.withLeading(rows, table.shape().dims()));
    }

    private static Node product(boolean transA, Node a, Node b) {
        return a.graph().apply(new MatMul(transA, false), List.of(a, b));
    }

    /**
     * Carries per-example cotangents from a param-derived node down to the params: through
     * reshapes directly, through anything else by one vector-Jacobian product per row.
     *
     * @return the nodes it built that hold the results
     */
    private List<Node> pushDown(Node u, Node rowsOfU, Map<Node, Node> perExample) {
        List<Node> made = new ArrayList<>();
        Node at = u;
        Node p = rowsOfU;
        while (true) {
            if (wanted.contains(at)) {
                made.add(perExample.merge(at, p, Ops::add));
            }
            if (at.op().kind() == OpKind.RESHAPE && live.contains(at.input(0))) {
                p = p.reshape(PerRowSweeps.withLeading(rows, at.input(0).shape().dims()));
                at = at.input(0);
                continue;
            }
            break;
        }
        Node top = at;
        List<Node> below = GraphView.ancestors(List.of(top)).stream().filter(x -> x != top && wanted.contains(x))
                .sorted(java.util.Comparator.comparingInt(Node::id)).toList();
        if (below.isEmpty()) {
            return made;
        }
        Node rowsOfTop = p;
        int[] shape = top.shape().dims();
        List<Node> stacked = PerRowSweeps.stackedRows(top, below, rows,
                b -> rowsOfTop.slice(0, b, b + 1).reshape(shape));
        for (int j = 0; j < below.size(); j++) {
            made.add(perExample.merge(below.get(j), stacked.get(j), Ops::add));
        }
        return made;
    }

    /** Zeros {@code [B, p shape...]}, for a param whose every path to the losses is cut (a stop_gradient). */
    private Node zeros(Node p) {
        int[] ones = new int[p.shape().rank() + 1];
        java.util.Arrays.fill(ones, 1);
        ones[0] = rows;
        return Ops.zerosLike(losses).reshape(ones).mul(Ops.zerosLike(p).reshape(PerRowSweeps.withLeading(1,
                p.shape().dims())));
    }

    private static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
