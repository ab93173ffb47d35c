// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Derivatives as graph transformations: every result is a node of the same graph, so it can be
 * printed, run, and differentiated again.
 *
 * <p>Usage: {@code Node dw = Grad.grad(loss, w); Node hv = Grad.hvp(loss, List.of(w), List.of(v)).get(0);}
 */
public final class Grad {
    private Grad() {}

    /** What to do for an input the output does not depend on at all. */
    public enum Unused {
        /** Raise a {@link GradientException} naming both nodes. */
        ERROR,
        /** Return zeros of the input's shape. */
        ZERO
    }

    /**
     * The gradient of a scalar with respect to one node.
     *
     * @param y a scalar node (shape {@code []} or one element)
     * @param x a node {@code y} depends on
     * @return {@code dy/dx}, shaped like {@code x}
     * @throws GradientException if {@code y} does not depend on {@code x}
     */
    public static Node grad(Node y, Node x) {
        requireNode("grad", x);
        return grad(y, List.of(x), Unused.ERROR).get(0);
    }

    /**
     * The gradients of a scalar with respect to several nodes, in one sweep.
     *
     * @param y a scalar node
     * @param xs the nodes to differentiate by
     * @param unused what to do for an {@code x} that {@code y} does not depend on
     * @return one gradient per {@code x}, shaped like it
     */
    public static List<Node> grad(Node y, List<Node> xs, Unused unused) {
        requireNode("grad", y);
        Arguments.requireNonNulls("grad", "xs", xs, "unused", unused);
        int size = y.shape().isKnown() ? y.shape().size() : -1;
        if (size != 1) {
            // A constant cotangent needs every size; with a size known only at run time it must be fed.
            String cotangent = y.shape().isKnown() ? "use vjp with a cotangent of shape " + y.shape()
                    : "use vjp with a cotangent fed at run time, an input of shape " + y.shape() + ": g.input(\"dy\", "
                    + java.util.Arrays.stream(y.shape().dims()).mapToObj(d -> d == Shape.UNKNOWN ? "Shape.UNKNOWN" : "" + d)
                            .collect(java.util.stream.Collectors.joining(", ")) + ")";
            throw new GradientException("grad: " + y.describe() + " is not a scalar; reduce it first (.sum() or .mean()),"
                    + " or " + cotangent);
        }
        return vjp(y, xs, y.graph().constant(Tensor.full(1.0, y.shape().dims())), unused);
    }

    /**
     * The vector-Jacobian product {@code u^T dy/dx} for each {@code x}.
     *
     * @param y any node
     * @param xs the nodes to differentiate by
     * @param cotangent {@code u}, shaped like {@code y}
     * @param unused what to do for an {@code x} that {@code y} does not depend on
     * @return one product per {@code x}, shaped like it
     * @throws ShapeException if the cotangent is not shaped like {@code y}
     * @throws GradientException if {@code y} does not depend on an {@code x} and {@code unused} is ERROR
     */
    public static List<Node> vjp(Node y, List<Node> xs, Node cotangent, Unused unused) {
        requireNode("vjp", y);
        requireNode("vjp", cotangent);
        Arguments.requireNonNull("vjp", "unused", unused);
        if (xs == null || xs.isEmpty() || xs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new NablaException("vjp: give at least one node to differentiate by, and no null");
        }
        for (Node x : xs) {
            if (x.graph() != y.graph()) {
                throw new NablaException("vjp: " + x.describe() + " belongs to another graph than " + y.describe());
            }
        }
        if (cotangent.graph() != y.graph()) {
            throw new NablaException("vjp: the cotangent " + cotangent.describe() + " belongs to another graph than "
                    + y.describe());
        }
        if (!compatible(y.shape(), cotangent.shape())) {
            throw new ShapeException("vjp: the cotangent " + cotangent.describe() + " must be shaped like y: "
                    + y.describe());
        }
        return ReverseSweep.run(y, cotangent, List.copyOf(xs), unused);
    }

    /**
     * The Hessian-vector products {@code H v} by double backward: the gradient of {@code <grad y, v>}.
     *
     * @param y a scalar node
     * @param xs the nodes to differentiate by
     * @param vs one direction per {@code x}, shaped like it
     * @return {@code sum_j d2y/(dx_i dx_j) v_j} for each {@code i}
     * @throws ShapeException if a direction is not shaped like its input
     * @throws GradientException if {@code y} does not depend on an {@code x}
     */
    public static List<Node> hvp(Node y, List<Node> xs, List<Node> vs) {
        return hvp(y, xs, vs, Unused.ERROR);
    }

    /**
     * The Hessian-vector products {@code H v}, choosing what an input {@code y} does not depend
     * on gives: with {@link Unused#ZERO}, its row and column of the Hessian are zero, so its
     * product is zeros and its direction adds nothing to the others'.
     *
     * @param y a scalar node
     * @param xs the nodes to differentiate by
     * @param vs one direction per {@code x}, shaped like it
     * @param unused what to do for an {@code x} that {@code y} does not depend on
     * @return {@code sum_j d2y/(dx_i dx_j) v_j} for each {@code i}
     * @throws ShapeException if a direction is not shaped like its input
     * @throws GradientException if {@code y} does not depend on an {@code x} and {@code unused} is ERROR
     */
    public static List<Node> hvp(Node y, List<Node> xs, List<Node> vs, Unused unused) {
        requireOnePer("hvp", "direction", xs, vs);
        List<Node> g = grad(y, xs, unused);
        Node dot = null;
        for (int i = 0; i < g.size(); i++) {
            Node term = g.get(i).mul(vs.get(i)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        return grad(dot, xs, Unused.ZERO);
    }

    /**
     * Forward mode: the Jacobian-vector product {@code sum_i dy/dx_i t_i}. Built by transposing
     * the vector-Jacobian product: {@code vjp} is linear in its cotangent {@code u}, so
     * differentiating {@code <vjp(u), t>} by {@code u} gives {@code J t}.
     *
     * @param y any node
     * @param xs the inputs
     * @param tangents one tangent per input, shaped like it
     * @return the directional derivative, shaped like {@code y}
     * @throws ShapeException if a tangent is not shaped like its input
     */
    public static Node jvp(Node y, List<Node> xs, List<Node> tangents) {
        requireNode("jvp", y);
        requireOnePer("jvp", "tangent", xs, tangents);
        // An opaque zero: its value never matters (vjp is linear in u), but it must not fold away.
        Node u = Ops.stopGradient(Ops.zerosLike(y));
        List<Node> back = vjp(y, xs, u, Unused.ZERO);
        Node dot = null;
        for (int i = 0; i < back.size(); i++) {
            Node term = back.get(i).mul(tangents.get(i)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        return vjp(dot, List.of(u), dot.graph().scalar(1.0), Unused.ZERO).get(0);
    }

    /**
     * The full Jacobian, one reverse sweep per element of {@code y}; for small problems.
     *
     * @param y a node with known shape
     * @param x a node with known shape
     * @return a node of shape {@code y.shape + x.shape}
     */
    public static Node jacobian(Node y, Node x) {
        requireNode("jacobian", y);
        requireNode("jacobian", x);
        if (!y.shape().isKnown() || !x.shape().isKnown()) {
            throw new NablaException("jacobian: needs known shapes, got " + y.shape() + " and " + x.shape());
        }
        int m = y.shape().size();
        int n = x.shape().size();
        List<Node> rows = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            double[] e = new double[m];
            e[i] = 1.0;
            Node u = y.graph().constant(Tensor.of(y.shape(), e));
            rows.add(vjp(y, List.of(x), u, Unused.ZERO).get(0).reshape(1, n));
        }
        int[] dims = new int[y.shape().rank() + x.shape().rank()];
        System.arraycopy(y.shape().dims(), 0, dims, 0, y.shape().rank());
        System.arraycopy(x.shape().dims(), 0, dims, y.shape().rank(), x.shape().rank());
        return Indexing.concat(0, rows.toArray(new Node[0])).reshape(dims);
    }

    /**
     * The full Hessian of a scalar: the Jacobian of its gradient; for small problems.
     *
     * @param y a scalar node
     * @param x a node with known shape
     * @return a node of shape {@code x.shape + x.shape}
     */
    public static Node hessian(Node y, Node x) {
        return jacobian(grad(y, x), x);
    }

    /**
     * Per-example gradients: for a vector of per-row losses, the gradient of each row's loss with
     * respect to every param, as nodes of the same graph that one plan computes (what JAX users
     * write as {@code vmap(grad(f))}). Row {@code b} of the result for a param {@code w} is
     * {@code d losses[b] / dw}.
     *
     * <p>Two methods, chosen by the graph. When its rows stay apart (every node that depends on
     * both the batch and the params computes row b from row b alone, and the params meet the
     * batch where a matrix product, a broadcast or a gather combines them with it: dense layers,
     * layer norm, embeddings, learned activations, ungrouped convolutions), one reverse sweep, in which each example is as
     * good as holding its own copy of the params: where a rule would sum the rows' contributions
     * to a param, they are kept apart. Its graph is one backward pass plus the per-example outer
     * products, whatever the batch size, which may then be unknown until the run. Otherwise
     * (batch statistics, a custom op, a grouped convolution, whose product merges the batch with
     * the groups), one reverse sweep per row, seeded with the one-hot
     * cotangent {@code e_b}, over the shared forward pass: exact for any graph, but the batch
     * size must be known when the graph is built and the graph and a run's time grow as the batch
     * size times one backward pass. Measured on a 64-32-10 tanh MLP, batch 256, on the 2-core
     * test machine (AMD EPYC, Zen 5; other builds were running, so the times are rough): one
     * sweep, 85 nodes and 0.8 ms a run (the ordinary gradient of the mean loss 0.25 ms, a loop
     * over 256 single-row runs of a compiled gradient 1.7 ms); a sweep per row,
     * 13,084 nodes, 1.8 s to compile and 63 ms a run. Either result is an ordinary graph, which
     * can be differentiated again (to penalise per-example gradient norms inside a loss, say).
     *
     * <p>Usage:
     * <pre>{@code
     * Node x = g.input("x", Shape.UNKNOWN, 3);
     * Node losses = x.matmul(w).add(b).sub(t).square().sum(1);     // [?]: one loss per row
     * List<Node> perRow = Grad.perExample(losses, List.of(w, b));  // [?, 3, 1] and [?, 1]
     * }</pre>
     *
     * @param losses one loss per row: a vector {@code [B]}
     * @param params the nodes to differentiate by, each of the losses' graph and one the losses depend on
     * @return for each param of shape {@code S}, a node of shape {@code [B, S...]} whose row {@code b}
     *     is the gradient of {@code losses[b]}
     * @throws ShapeException if {@code losses} is not a vector, has no row, or has a length known
     *     only at run time in a graph whose rows do not stay apart
     * @throws NablaException if a param is null, of another graph, or not something the losses depend on
     */
    public static List<Node> perExample(Node losses, List<Node> params) {
        Arguments.requireNonNulls("perExample", "losses", losses, "params", params);
        Shape shape = losses.shape();
        if (shape.rank() != 1) {
            throw new ShapeException("perExample: the losses " + losses.describe() + " must be a vector [B], one loss per"
                    + " row" + (shape.rank() == 0 ? "; for the gradient of a scalar use Grad.grad"
                    : "; a column [B, 1] becomes one with .reshape(B), more axes with .sum(axes)"));
        }
        int rows = shape.dim(0);
        if (rows == 0) {
            throw new ShapeException("perExample: the losses " + losses.describe() + " have no row");
        }
        if (Arguments.requireElements("perExample", "params", params).isEmpty()) {
            throw new NablaException("perExample: params is empty; give the nodes to differentiate by");
        }
        Set<Node> needed = GraphView.ancestors(List.of(losses));
        for (Node p : params) {
            if (p.graph() != losses.graph()) {
                throw new NablaException("perExample: the param " + p.describe() + " belongs to another graph than the"
                        + " losses " + losses.describe());
            }
            if (!needed.contains(p)) {
                throw new NablaException("perExample: the losses " + losses.describe() + " do not depend on "
                        + p.describe() + "; give only nodes the losses are built from");
            }
        }
        PerExampleCopies copies = PerExampleCopies.of(losses, params);
        if (copies.refusal() == null) {
            return copies.run();
        }
        if (rows == Shape.UNKNOWN) {
            throw new ShapeException("perExample: the losses " + losses.describe() + " have a length known only at run"
                    + " time, and the graph is not one whose rows stay apart (" + copies.refusal() + "), so each row"
                    + " needs a backward sweep of its own, and the batch size when the graph is built: give the input"
                    + " a fixed one, as in g.input(\"x\", 32, 3)");
        }
        return PerRowSweeps.run(losses, params);
    }

    private static void requireNode(String op, Node n) {
        if (n == null) {
            throw new NablaException(op + ": node is null");
        }
    }

    /** Checks that {@code vs} holds one node per {@code x}, of x's graph and shape. */
    private static void requireOnePer(String op, String what, List<Node> xs, List<Node> vs) {
        if (vs == null || xs == null || vs.size() != xs.size()) {
            throw new NablaException(op + ": give one " + what + " per input, got " + (vs == null ? "null" : vs.size())
                    + " for " + (xs == null ? "null" : xs.size()) + " inputs");
        }
        for (int i = 0; i < xs.size(); i++) {
            Node x = xs.get(i);
            Node v = vs.get(i);
            if (x == null || v == null) {
                throw new NablaException(op + ": input " + i + " or its " + what + " is null");
            }
            if (v.graph() != x.graph()) {
                throw new NablaException(op + ": the " + what + " " + v.describe() + " for " + x.describe()
                        + " belongs to another graph");
            }
            if (!compatible(x.shape(), v.shape())) {
                throw new ShapeException(op + ": the " + what + " " + v.describe() + " for input " + i + " must be shaped like "
                        + x.describe());
            }
        }
    }

    private static boolean compatible(Shape a, Shape b) {
        return a.accepts(b) || b.accepts(a) || a.equals(b);
    }
}
