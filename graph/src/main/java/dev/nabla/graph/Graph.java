// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import dev.nabla.graph.op.CallSite;
import dev.nabla.graph.op.Custom;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The factory and namespace of a set of nodes: it creates leaves, checks every new node's shapes
 * on the spot, and keeps node names unique. Building from several threads is safe.
 *
 * <p>A graph computes in one element type, float64 unless it is made with {@code new
 * Graph(DType.FLOAT32)}: its constants are held in that type, its feeds are converted to it and its
 * params must have it.
 *
 * <p>Usage:
 * <pre>{@code
 * Graph g = new Graph();
 * Node x = g.input("x", Shape.UNKNOWN, 3);
 * Node w = g.param("w", 3, 1);
 * Node y = x.matmul(w).tanh().named("y");
 * }</pre>
 */
public final class Graph {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Node> names = new ConcurrentHashMap<>();
    /** For each node a derivative rule built, the forward node whose rule it was; weak, so dropped gradients go. */
    private final Map<Node, Node> origins = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final DType dtype;

    /** Makes a graph that computes in float64. Usage: {@code Graph g = new Graph();} */
    public Graph() {
        this(DType.FLOAT64);
    }

    /**
     * Makes a graph that computes in the given element type.
     *
     * <p>Usage: {@code Graph g = new Graph(DType.FLOAT32);}
     *
     * @param dtype the element type of every value the graph computes
     */
    public Graph(DType dtype) {
        if (dtype == null) {
            throw new NablaException("Graph: the element type is null; pass DType.FLOAT64 or DType.FLOAT32");
        }
        this.dtype = dtype;
    }

    /** Tells the element type of this graph's values. @return the element type every value of this graph has */
    public DType dtype() {
        return dtype;
    }

    /**
     * Declares an input, fed at each run; its leading size may be {@link Shape#UNKNOWN}.
     *
     * @param name a unique name
     * @param dims the shape
     * @return the input node
     * @throws NablaException if the name is taken or a size other than the first is unknown
     */
    public Node input(String name, int... dims) {
        Shape s = leafShape("input", name, dims);
        for (int i = 1; i < s.rank(); i++) {
            if (s.dim(i) == Shape.UNKNOWN) {
                throw new ShapeException("input \"" + name + "\" " + s + ": only the leading (batch) size may be unknown (at "
                        + CallSite.capture() + ")");
            }
        }
        return leaf(new Leaf.Input(s), name);
    }

    /**
     * Declares a param: a named leaf whose value a {@link Session}'s {@link ParamStore} holds.
     *
     * @param name a unique name, also the key in the store
     * @param dims the shape, every size known
     * @return the param node
     * @throws NablaException if the name is taken or a size is unknown
     */
    public Node param(String name, int... dims) {
        Shape s = leafShape("param", name, dims);
        if (!s.isKnown()) {
            throw new ShapeException("param \"" + name + "\" " + s + ": every size of a param must be known (at "
                    + CallSite.capture() + ")");
        }
        return leaf(new Leaf.Param(s), name);
    }

    /**
     * Bakes a value into the graph, in the graph's element type (a float64 value is rounded to
     * float32 in a float32 graph).
     *
     * @param value the value
     * @return the constant node
     */
    public Node constant(Tensor value) {
        if (value == null) {
            throw new NablaException("constant: value is null (at " + CallSite.capture() + ")");
        }
        return apply(new Leaf.Constant(value.to(dtype)), List.of());
    }

    /**
     * Bakes a scalar into the graph.
     *
     * @param value the value
     * @return a constant node of shape {@code []}
     */
    public Node scalar(double value) {
        return constant(Tensor.scalar(value));
    }

    /**
     * Adds a node of a user's own op.
     *
     * @param op the op
     * @param inputs its operands, nodes of this graph
     * @return the new node
     * @throws ShapeException if the op's shape rule rejects the inputs
     */
    public Node apply(CustomOp op, Node... inputs) {
        if (op == null) {
            throw new NablaException("apply: op is null (at " + CallSite.capture() + ")");
        }
        if (inputs == null) {
            throw new NablaException(op.name() + ": the operand array is null (at " + CallSite.capture() + ")");
        }
        // Arrays.asList, not List.of, so that a null operand reaches the check that names its position.
        return apply(new Custom(op), Arrays.asList(inputs.clone()));
    }

    /**
     * Adds a node of a primitive op: the one door every node comes through.
     *
     * @param op the primitive
     * @param inputs its operands, nodes of this graph
     * @return the new node
     * @throws ShapeException if the op's shape rule rejects the inputs
     */
    public Node apply(Primitive op, List<Node> inputs) {
        String site = CallSite.capture();
        if (op == null || inputs == null) {
            throw new NablaException("apply: the op and the operand list must not be null (at " + site + ")");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new NablaException(op.name() + ": operand " + i + " is null (at " + site + ")");
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            if (in.graph() != this) {
                throw new NablaException(describe(op.name(), inputs) + ": operand " + i + " " + in.label()
                        + " belongs to another graph; build every node of a computation from one Graph (at " + site + ")");
            }
        }
        if (op instanceof Leaf.Constant c && c.value().dtype() != dtype) {
            throw new NablaException("constant: a " + c.value().dtype() + " value " + c.value().shape()
                    + " in a " + dtype + " graph; use graph.constant(value), which converts it (at " + site + ")");
        }
        if (op.arity() >= 0 && op.arity() != inputs.size()) {
            throw new NablaException(op.name() + ": takes " + op.arity() + " operands, got " + inputs.size()
                    + " (at " + site + ")");
        }
        Shape shape = inferShape(op, inputs, site);
        return new Node(this, ids.getAndIncrement(), op, inputs, shape, site);
    }

    private static Shape inferShape(Primitive op, List<Node> inputs, String site) {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Node in : inputs) {
            shapes.add(in.shape());
        }
        try {
            return op.outShape(shapes);
        } catch (ShapeException e) {
            throw ShapeException.of(op.name(), inputs, e.getMessage(), site);
        } catch (RuntimeException e) {
            if (e instanceof NablaException) {
                throw e;
            }
            throw new NablaException(describe(op.name(), inputs) + ": the shape rule failed with " + e
                    + " (at " + site + ")", e);
        }
    }

    /**
     * Looks a node up by name.
     *
     * @param name the name
     * @return the node, if one has that name
     */
    public Optional<Node> node(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(names.get(name));
    }

    /**
     * Writes the nodes the outputs need, in the order they would run, one per line.
     *
     * @param outputs the nodes to show
     * @return lines like {@code %4 = matmul(x, w) [?, 1]}
     */
    public String format(Node... outputs) {
        StringBuilder b = new StringBuilder();
        for (Node n : GraphView.topologicalOrder(outputs("format", outputs))) {
            b.append(n.describe()).append('\n');
        }
        return b.toString();
    }

    /**
     * Exports the nodes the outputs need as Graphviz DOT, through jgrapht's exporter.
     *
     * @param outputs the nodes to show
     * @return a {@code digraph} in DOT syntax
     */
    public String toDot(Node... outputs) {
        return GraphView.toDot(outputs("toDot", outputs));
    }

    /**
     * Summarises this graph: its element type, how many nodes were built in it, and its inputs
     * and params in the order they were declared; the nodes themselves are {@link #format}'s.
     *
     * @return one line such as {@code Graph(float64; 8 nodes; inputs "x" [?, 3]; params "w" [3, 1], "b" [1])}
     */
    @Override
    public String toString() {
        List<Node> inputs = new ArrayList<>();
        List<Node> params = new ArrayList<>();
        for (Node n : names.values()) {
            if (n.op() instanceof Leaf.Input) {
                inputs.add(n);
            } else if (n.op() instanceof Leaf.Param) {
                params.add(n);
            }
        }
        inputs.sort(java.util.Comparator.comparingInt(Node::id));
        params.sort(java.util.Comparator.comparingInt(Node::id));
        int count = ids.get();
        return "Graph(" + dtype + "; " + count + (count == 1 ? " node" : " nodes")
                + (inputs.isEmpty() ? "" : "; inputs " + Listing.nodes(inputs))
                + (params.isEmpty() ? "" : "; params " + Listing.nodes(params)) + ")";
    }

    /** Peeks at the id counter without advancing it. @return the id the next node will get */
    int nextId() {
        return ids.get();
    }

    void setOrigin(Node derived, Node forward) {
        origins.putIfAbsent(derived, forward);
    }

    Node origin(Node n) {
        return origins.get(n);
    }

    void name(Node node, String name) {
        if (name == null || name.isBlank()) {
            throw new NablaException("named: a name must be non-empty (node " + node.label() + ")"
                    + (name == null ? ", got null" : "") + " (at " + CallSite.capture() + ")");
        }
        Node other = names.putIfAbsent(name, node);
        if (other != null && other != node) {
            throw new NablaException("named: the name \"" + name + "\" is already taken by " + other.describe().strip()
                    + "; names are unique in a graph (at " + CallSite.capture() + ")");
        }
    }

    /** Makes a leaf's shape, naming the leaf if the sizes are bad. */
    private static Shape leafShape(String kind, String name, int[] dims) {
        try {
            return Shape.of(dims);
        } catch (ShapeException e) {
            throw new ShapeException(kind + " \"" + name + "\": " + e.getMessage() + " (at " + CallSite.capture() + ")");
        }
    }

    /** The outputs of {@link #format} and {@link #toDot}, none of them null. */
    private static List<Node> outputs(String method, Node[] outputs) {
        if (outputs == null || Arrays.asList(outputs).contains(null)) {
            throw new NablaException(method + ": the outputs must not be or contain null");
        }
        return List.of(outputs);
    }

    private Node leaf(Leaf op, String name) {
        Node n = apply(op, List.of());
        n.named(name);
        return n;
    }


    static String describe(String op, List<Node> operands) {
        StringBuilder b = new StringBuilder(op).append('(');
        for (int i = 0; i < operands.size(); i++) {
            Node n = operands.get(i);
            b.append(i > 0 ? ", " : "").append(n.label()).append(' ').append(n.shape());
        }
        return b.append(')').toString();
    }
}
