// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.List;

/**
 * One value in a graph: an op applied to input nodes, with its shape inferred when it was built.
 *
 * <p>A node never changes after it is built (its one-time name aside), and it is equal only to
 * itself. The fluent methods add new nodes; each has a static twin in {@link Ops}.
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

    /** @return the graph this node belongs to */
    public Graph graph() {
        return graph;
    }

    /** @return a number unique in the graph, for printing only */
    public int id() {
        return id;
    }

    /** @return the op */
    public Primitive op() {
        return op;
    }

    /** @return the input nodes, in operand order */
    public List<Node> inputs() {
        return inputs;
    }

    /**
     * One input.
     *
     * @param i the operand position
     * @return the input node
     * @throws NablaException if this node has no operand at that position
     */
    public Node input(int i) {
        if (i < 0 || i >= inputs.size()) {
            throw new NablaException("input: " + label() + " = " + op.name() + " has " + inputs.size()
                    + " operand(s), none at position " + i);
        }
        return inputs.get(i);
    }

    /** @return the inferred shape; the leading size may be {@link Shape#UNKNOWN} */
    public Shape shape() {
        return shape;
    }

    /** @return the element type of the node's value: its graph's */
    public DType dtype() {
        return graph.dtype();
    }

    /** @return the user's source line that built this node, such as {@code Model.java:42} */
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

    /** @return the user-given name, or null */
    public String name() {
        return name;
    }

    /** @return the name in quotes if there is one, else {@code %id} */
    public String label() {
        String n = name;
        return n != null ? "\"" + n + "\"" : "%" + id;
    }

    /**
     * Gives this node a name, unique in its graph; a node is named at most once.
     *
     * @param newName the name
     * @return this node
     * @throws NablaException if the name is taken or this node already has another name
     */
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

    /** @return one line: {@code %4 "y" = matmul(%1 "x", %2 "w") [?, 1]} */
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

    // Fluent front end: each method is the static op of the same name in Ops.

    /** @param other an operand that broadcasts with this one @return {@code this + other} */
    public Node add(Node other) {
        return Ops.add(this, other);
    }

    /** @param c a constant @return {@code this + c} */
    public Node add(double c) {
        return Ops.add(this, graph.scalar(c));
    }

    /** @param other an operand that broadcasts with this one @return {@code this - other} */
    public Node sub(Node other) {
        return Ops.sub(this, other);
    }

    /** @param c a constant @return {@code this - c} */
    public Node sub(double c) {
        return Ops.sub(this, graph.scalar(c));
    }

    /** @param other an operand that broadcasts with this one @return {@code this * other} */
    public Node mul(Node other) {
        return Ops.mul(this, other);
    }

    /** @param c a constant @return {@code this * c} */
    public Node mul(double c) {
        return Ops.mul(this, graph.scalar(c));
    }

    /** @param other an operand that broadcasts with this one @return {@code this / other} */
    public Node div(Node other) {
        return Ops.div(this, other);
    }

    /** @param c a constant @return {@code this / c} */
    public Node div(double c) {
        return Ops.div(this, graph.scalar(c));
    }

    /** @param other the exponent, broadcast @return {@code this ^ other} */
    public Node pow(Node other) {
        return Ops.pow(this, other);
    }

    /** @param c a constant exponent @return {@code this ^ c} */
    public Node pow(double c) {
        return Ops.pow(this, graph.scalar(c));
    }

    /** @param other an operand that broadcasts with this one @return the elementwise larger */
    public Node maximum(Node other) {
        return Ops.maximum(this, other);
    }

    /** @param other an operand that broadcasts with this one @return the elementwise smaller */
    public Node minimum(Node other) {
        return Ops.minimum(this, other);
    }

    /** @return {@code -this} */
    public Node neg() {
        return Ops.unary(UnaryFn.NEG, this);
    }

    /** @return {@code e^this} */
    public Node exp() {
        return Ops.unary(UnaryFn.EXP, this);
    }

    /** @return the natural logarithm */
    public Node log() {
        return Ops.unary(UnaryFn.LOG, this);
    }

    /** @return the sine */
    public Node sin() {
        return Ops.unary(UnaryFn.SIN, this);
    }

    /** @return the cosine */
    public Node cos() {
        return Ops.unary(UnaryFn.COS, this);
    }

    /** @return the square root */
    public Node sqrt() {
        return Ops.unary(UnaryFn.SQRT, this);
    }

    /** @return {@code 1 / this} */
    public Node recip() {
        return Ops.unary(UnaryFn.RECIP, this);
    }

    /** @return the absolute value */
    public Node abs() {
        return Ops.unary(UnaryFn.ABS, this);
    }

    /** @return the hyperbolic tangent */
    public Node tanh() {
        return Ops.unary(UnaryFn.TANH, this);
    }

    /** @return {@code this * this} */
    public Node square() {
        return Ops.mul(this, this);
    }

    /** @param other the right operand @return {@code this · other}, see {@link MatMul} */
    public Node matmul(Node other) {
        return Ops.matmul(this, other);
    }

    /** @param axes axes to sum away; none means all @return the sum */
    public Node sum(int... axes) {
        return Reductions.sum(this, false, axes);
    }

    /** @param axes axes to average away; none means all @return the mean */
    public Node mean(int... axes) {
        return Reductions.mean(this, false, axes);
    }

    /** @param axes axes to reduce; none means all @return the maximum */
    public Node max(int... axes) {
        return Reductions.max(this, false, axes);
    }

    /** @param axes axes to reduce; none means all @return the minimum */
    public Node min(int... axes) {
        return Reductions.min(this, false, axes);
    }

    /** @param dims the new shape; one size may be -1 @return the reshaped node */
    public Node reshape(int... dims) {
        return Ops.reshape(this, dims);
    }

    /** @param perm output axis i is input axis perm[i] @return the permuted node */
    public Node permute(int... perm) {
        return Ops.permute(this, perm);
    }

    /** @return this with its last two axes swapped */
    public Node transpose() {
        return Ops.transpose(this);
    }

    /** @param dims a shape this broadcasts to @return the broadcast node */
    public Node expand(int... dims) {
        return Ops.expand(this, dims);
    }

    /** @param other the right operand @return 1.0 where {@code this < other}, else 0.0 */
    public Node lt(Node other) {
        return Ops.lt(this, other);
    }

    /** @param other the right operand @return 1.0 where {@code this > other}, else 0.0 */
    public Node gt(Node other) {
        return Ops.gt(this, other);
    }
}
