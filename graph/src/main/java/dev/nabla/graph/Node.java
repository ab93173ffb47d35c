// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;

/**
 * One value in a graph: an op applied to input nodes, with its shape inferred when it was built.
 *
 * <p>A node never changes after it is built (its one-time name aside), and it is equal only to
 * itself. The fluent methods add new nodes; each has a static twin in {@link Ops}, {@link Reductions}
 * or {@link Indexing}.
 * Usage: {@code Node y = x.matmul(w).add(b).tanh();}
 */
public final class Node {
    private final Graph graph;
    private final int id;
    private final Primitive op;
    private final List<Node> inputs;
    private final Shape shape;
    private final String callSite;
    private volatile String name;

    Node(Graph graph, int id, Primitive op, List<Node> inputs, Shape shape, String callSite) {
        this.graph = graph;
        this.id = id;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
        this.callSite = callSite;
    }

    /** Tells which graph owns this node. @return the graph this node belongs to */
    public Graph graph() {
        return graph;
    }

    /** Tells this node's id, which labels it when printed. @return a number unique in the graph, for printing only */
    public int id() {
        return id;
    }

    /** Tells which primitive this node applies. @return the op */
    public Primitive op() {
        return op;
    }

    /** Lists the nodes this node reads. @return the input nodes, in operand order */
    public List<Node> inputs() {
        return inputs;
    }

    /** The input at operand position {@code i}; a {@link NablaException} if there is none there. */
    public Node input(int i) {
        if (i < 0 || i >= inputs.size()) {
            throw new NablaException("input: " + label() + " = " + op.name() + " has " + inputs.size()
                    + " operand(s), none at position " + i);
        }
        return inputs.get(i);
    }

    /** Tells this node's inferred shape. @return the inferred shape; the leading size may be {@link Shape#UNKNOWN} */
    public Shape shape() {
        return shape;
    }

    /** Tells the element type of this node's value. @return the element type of the node's value: its graph's */
    public DType dtype() {
        return graph.dtype();
    }

    /** Names the user's line. @return the user's source line that built this node, such as {@code Model.java:42} */
    public String callSite() {
        return callSite;
    }

    /**
     * The forward node whose derivative rule built this node, so an error in a gradient can name
     * the user's line that caused it. Usage: {@code g.origin().map(Node::callSite)}
     *
     * @return that node, or empty for a node the user built directly
     */
    public java.util.Optional<Node> origin() {
        return java.util.Optional.ofNullable(graph.origin(this));
    }

    /** Tells the name the user gave this node, if any. @return the user-given name, or null */
    public String name() {
        return name;
    }

    /** Labels this node for printing, by name if any. @return the name in quotes if there is one, else {@code %id} */
    public String label() {
        String n = name;
        return n != null ? "\"" + n + "\"" : "%" + id;
    }

    /** Names this node, uniquely in its graph and once; a {@link NablaException} if taken or named otherwise. */
    public Node named(String newName) {
        synchronized (this) {
            if (name != null) {
                if (name.equals(newName)) {
                    return this;
                }
                throw new NablaException("named: node " + label() + " already has a name; a node is named once (at "
                        + CallSite.capture() + ")");
            }
            graph.name(this, newName);
            name = newName;
        }
        return this;
    }

    /** Prints this node as one line of a listing. @return one line: {@code %4 "y" = matmul(%1 "x", %2 "w") [?, 1]} */
    public String describe() {
        StringBuilder b = new StringBuilder("%").append(id);
        if (name != null) {
            b.append(" \"").append(name).append('"');
        }
        b.append(" = ").append(op.name());
        if (op instanceof Leaf.Constant c && c.value().size() == 1) {
            b.append(' ').append(c.value().toArray()[0]);
        }
        if (!inputs.isEmpty()) {
            b.append('(');
            for (int i = 0; i < inputs.size(); i++) {
                b.append(i > 0 ? ", " : "").append(inputs.get(i).label());
            }
            b.append(')');
        }
        return b.append(' ').append(shape).toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    // The fluent front end: each method is the static op of the same name in Ops, Reductions or
    // Indexing with this node as its first operand (a unary function is Ops.unary with its row);
    // FluentFrontEndTest fails if a static op on a node has no method here.

    /** Elementwise {@code this + other}, broadcast. */
    public Node add(Node other) {
        return Ops.add(this, other);
    }

    /** Elementwise {@code this + c}. */
    public Node add(double c) {
        return Ops.add(this, graph.scalar(c));
    }

    /** Elementwise {@code this - other}, broadcast. */
    public Node sub(Node other) {
        return Ops.sub(this, other);
    }

    /** Elementwise {@code this - c}. */
    public Node sub(double c) {
        return Ops.sub(this, graph.scalar(c));
    }

    /** Elementwise {@code this * other}, broadcast. */
    public Node mul(Node other) {
        return Ops.mul(this, other);
    }

    /** Elementwise {@code this * c}. */
    public Node mul(double c) {
        return Ops.mul(this, graph.scalar(c));
    }

    /** Elementwise {@code this / other}, broadcast. */
    public Node div(Node other) {
        return Ops.div(this, other);
    }

    /** Elementwise {@code this / c}. */
    public Node div(double c) {
        return Ops.div(this, graph.scalar(c));
    }

    /** Elementwise {@code this ^ other}, broadcast. */
    public Node pow(Node other) {
        return Ops.pow(this, other);
    }

    /** Elementwise {@code this ^ c}. */
    public Node pow(double c) {
        return Ops.pow(this, graph.scalar(c));
    }

    /** The elementwise larger of this and {@code other}, broadcast. */
    public Node maximum(Node other) {
        return Ops.maximum(this, other);
    }

    /** The elementwise smaller of this and {@code other}, broadcast. */
    public Node minimum(Node other) {
        return Ops.minimum(this, other);
    }

    /** Elementwise {@code -this}. */
    public Node neg() {
        return Ops.unary(UnaryFn.NEG, this);
    }

    /** Elementwise {@code e^this}. */
    public Node exp() {
        return Ops.unary(UnaryFn.EXP, this);
    }

    /** Elementwise natural logarithm. */
    public Node log() {
        return Ops.unary(UnaryFn.LOG, this);
    }

    /** Elementwise sine. */
    public Node sin() {
        return Ops.unary(UnaryFn.SIN, this);
    }

    /** Elementwise cosine. */
    public Node cos() {
        return Ops.unary(UnaryFn.COS, this);
    }

    /** Elementwise square root. */
    public Node sqrt() {
        return Ops.unary(UnaryFn.SQRT, this);
    }

    /** Elementwise {@code 1 / this}. */
    public Node recip() {
        return Ops.unary(UnaryFn.RECIP, this);
    }

    /** Elementwise absolute value. */
    public Node abs() {
        return Ops.unary(UnaryFn.ABS, this);
    }

    /** Elementwise hyperbolic tangent. */
    public Node tanh() {
        return Ops.unary(UnaryFn.TANH, this);
    }

    /** Elementwise sign: -1, 0 or 1; no gradient flows through it. */
    public Node sign() {
        return Ops.unary(UnaryFn.SIGN, this);
    }

    /** Elementwise {@code log(1 + this)}, accurate near 0. */
    public Node log1p() {
        return Ops.unary(UnaryFn.LOG1P, this);
    }

    /** Elementwise {@code e^this - 1}, accurate near 0. */
    public Node expm1() {
        return Ops.unary(UnaryFn.EXPM1, this);
    }

    /** Elementwise error function. */
    public Node erf() {
        return Ops.unary(UnaryFn.ERF, this);
    }

    /** Elementwise logistic sigmoid {@code 1 / (1 + e^-this)}, stable for any input. */
    public Node sigmoid() {
        return Ops.unary(UnaryFn.SIGMOID, this);
    }

    /** Elementwise arctangent. */
    public Node atan() {
        return Ops.unary(UnaryFn.ATAN, this);
    }

    /** Elementwise {@code log(1 + e^this)}, stable for any input. */
    public Node softplus() {
        return Ops.unary(UnaryFn.SOFTPLUS, this);
    }

    /** Elementwise {@code this * this}. */
    public Node square() {
        return Ops.mul(this, this);
    }

    /** 1.0 where {@code this < other}, else 0.0, broadcast; no gradient flows through it. */
    public Node lt(Node other) {
        return Ops.lt(this, other);
    }

    /** 1.0 where {@code this <= other}, else 0.0, broadcast; no gradient flows through it. */
    public Node le(Node other) {
        return Ops.le(this, other);
    }

    /** 1.0 where {@code this > other}, else 0.0, broadcast; no gradient flows through it. */
    public Node gt(Node other) {
        return Ops.gt(this, other);
    }

    /** 1.0 where {@code this >= other}, else 0.0, broadcast; no gradient flows through it. */
    public Node ge(Node other) {
        return Ops.ge(this, other);
    }

    /** 1.0 where {@code this == other}, else 0.0, broadcast; no gradient flows through it. */
    public Node eq(Node other) {
        return Ops.eq(this, other);
    }

    /** Picks {@code a} where this node is non-zero and {@code b} elsewhere, broadcast; see {@link Ops#where}. */
    public Node where(Node a, Node b) {
        return Ops.where(this, a, b);
    }

    /** The matrix product {@code this · other} by {@code numpy.matmul}'s rules; see {@link Ops#matmul}. */
    public Node matmul(Node other) {
        return Ops.matmul(this, other);
    }

    /** The sum over {@code axes} (all if none); see {@link Reductions#sum} to keep the reduced axes. */
    public Node sum(int... axes) {
        return Reductions.sum(this, false, axes);
    }

    /** The mean over {@code axes} (all if none); see {@link Reductions#mean} to keep the reduced axes. */
    public Node mean(int... axes) {
        return Reductions.mean(this, false, axes);
    }

    /** The maximum over {@code axes} (all if none); see {@link Reductions#max} to keep the reduced axes. */
    public Node max(int... axes) {
        return Reductions.max(this, false, axes);
    }

    /** The minimum over {@code axes} (all if none); see {@link Reductions#min} to keep the reduced axes. */
    public Node min(int... axes) {
        return Reductions.min(this, false, axes);
    }

    /** A stable {@code log(sum(exp(this)))} over {@code axes} (all if none); see {@link Reductions#logsumexp}. */
    public Node logsumexp(int... axes) {
        return Reductions.logsumexp(this, false, axes);
    }

    /** This node with a new shape of as many entries; one size may be -1. */
    public Node reshape(int... dims) {
        return Ops.reshape(this, dims);
    }

    /** This node with its axes reordered: output axis i is input axis {@code perm[i]}. */
    public Node permute(int... perm) {
        return Ops.permute(this, perm);
    }

    /** This node with its last two axes swapped. */
    public Node transpose() {
        return Ops.transpose(this);
    }

    /** This node broadcast to the shape {@code dims}. */
    public Node expand(int... dims) {
        return Ops.expand(this, dims);
    }

    /** Keeps {@code [start, end)} of one axis; see {@link Indexing#slice}. */
    public Node slice(int axis, int start, int end) {
        return Indexing.slice(this, axis, start, end);
    }

    /** Adds {@code before} and {@code after} entries of {@code value} around one axis; see {@link Indexing#pad}. */
    public Node pad(int axis, int before, int after, double value) {
        return Indexing.pad(this, axis, before, after, value);
    }

    /** Picks entries along {@code axis} at integer {@code indices}; see {@link Indexing#gather}. */
    public Node gather(Node indices, int axis) {
        return Indexing.gather(this, indices, axis);
    }

    /** This node's integer labels as one-hot rows of {@code depth} classes; see {@link Indexing#oneHot}. */
    public Node oneHot(int depth) {
        return Indexing.oneHot(this, depth);
    }

    /** This node's value, through which no gradient flows; see {@link Ops#stopGradient}. */
    public Node stopGradient() {
        return Ops.stopGradient(this);
    }
}
