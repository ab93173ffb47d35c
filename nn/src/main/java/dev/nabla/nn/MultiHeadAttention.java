// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.List;
import java.util.function.Function;

/**
 * Multi-head attention (Vaswani et al., 2017) over sequences {@code [N, T, D]}: queries, keys and
 * values are projected, split into {@code heads} heads of width {@code D / heads}, attended with
 * {@link Attention#scaledDotProduct} and merged, then projected out. Self-attention by default
 * ({@link #apply(Node, Context)}); {@link #attend} lets the queries attend to another sequence.
 *
 * <p>The conventions are PyTorch's {@code nn.MultiheadAttention} with {@code batch_first=True},
 * so weights can be compared: head {@code h} takes features {@code [h*D/H, (h+1)*D/H)} of each
 * projection, and a projection is {@code x W + b} with {@code W = in_proj_weight[i*D:(i+1)*D]^T}
 * (query, key, value in that order) and {@code W = out_proj.weight^T} for the output.
 * Usage: {@code Node y = MultiHeadAttention.of(64, 4).named("mha").apply(x, mask, ctx);}
 *
 * @param query the query projection {@code [D, D]}
 * @param key the key projection {@code [D, D]}
 * @param value the value projection {@code [D, D]}
 * @param output the output projection {@code [D, D]}
 * @param heads the number of heads, dividing {@code D}
 */
public record MultiHeadAttention(Dense query, Dense key, Dense value, Dense output, int heads) implements Layer {
    /** Checks that the projections are square, of one width that the heads divide. */
    public MultiHeadAttention {
        Arguments.requireNonNulls("MultiHeadAttention", "query", query, "key", key, "value", value, "output", output);
        Arguments.requireAtLeast("MultiHeadAttention", "heads", heads, 1);
        Shape w = query.w().shape();
        for (Dense d : List.of(query, key, value, output)) {
            boolean square = w.rank() == 2 && w.dim(0) == w.dim(1);
            if (!square || !d.w().shape().equals(w) || !d.b().shape().equals(Shape.of(w.dim(1)))) {
                throw new NablaException("MultiHeadAttention: the projections must all be [D, D] with biases [D], got "
                        + query.w().shape() + ", " + key.w().shape() + ", " + value.w().shape() + ", " + output.w().shape());
            }
        }
        if (w.dim(0) % heads != 0) {
            throw new NablaException("MultiHeadAttention: " + heads + " heads do not divide the width " + w.dim(0)
                    + "; expected a number of heads that divides it");
        }
    }

    /**
     * Multi-head attention with Xavier-uniform projections and zero biases, as PyTorch starts.
     *
     * @param width the model width {@code D}, at least 1
     * @param heads the number of heads, dividing {@code width}
     * @return the layer, named {@code attention} until placed
     * @throws NablaException if a size is below 1 or the heads do not divide the width
     */
    public static MultiHeadAttention of(int width, int heads) {
        Arguments.requireAtLeast("MultiHeadAttention.of", "width", width, 1);
        Arguments.requireAtLeast("MultiHeadAttention.of", "heads", heads, 1);
        if (width % heads != 0) {
            throw new NablaException("MultiHeadAttention.of: " + heads + " heads do not divide the width " + width
                    + "; expected a number of heads that divides it");
        }
        Dense d = Dense.of(width, width, Init.xavierUniform(), Init.zeros());
        return new MultiHeadAttention(d, d, d, d, heads).named("attention");
    }

    /**
     * Returns the model width {@code D}.
     *
     * @return the width of the inputs and outputs
     */
    public int width() {
        return query.w().shape().dim(0);
    }

    /**
     * Self-attention without a mask.
     *
     * @param x the sequence {@code [N, T, D]}
     * @param ctx the graph and the params' nodes
     * @return the attended sequence {@code [N, T, D]}
     */
    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("MultiHeadAttention.apply", "x", x, "ctx", ctx);
        return forward(x, x, null, ctx::param);
    }

    /**
     * Self-attention where the mask allows.
     *
     * @param x the sequence {@code [N, T, D]}
     * @param mask nonzero where a query may attend to a key, broadcastable to {@code [N, heads, T, T]}
     *     (see {@link Attention})
     * @param ctx the graph and the params' nodes
     * @return the attended sequence {@code [N, T, D]}
     */
    public Node apply(Node x, Node mask, Context ctx) {
        Arguments.requireNonNulls("MultiHeadAttention.apply", "x", x, "mask", mask, "ctx", ctx);
        return forward(x, x, mask, ctx::param);
    }

    /**
     * Attention of one sequence's queries to another's keys and values (cross-attention).
     *
     * @param queries the sequence that asks {@code [N, T, D]}
     * @param memory the sequence attended to {@code [N, S, D]}
     * @param mask nonzero where a query may attend to a key, broadcastable to {@code [N, heads, T, S]}
     * @param ctx the graph and the params' nodes
     * @return the attended sequence {@code [N, T, D]}
     */
    public Node attend(Node queries, Node memory, Node mask, Context ctx) {
        Arguments.requireNonNulls("MultiHeadAttention.attend", "queries", queries, "memory", memory, "mask", mask,
                "ctx", ctx);
        return forward(queries, memory, mask, ctx::param);
    }

    /** The layer with each param's node given by {@code weights}; {@code mask} may be null. */
    Node forward(Node queries, Node memory, Node mask, Function<Param, Node> weights) {
        int t = requireSequence(queries);
        int s = requireSequence(memory);
        Node q = split(project(queries, query, weights), t);
        Node k = split(project(memory, key, weights), s);
        Node v = split(project(memory, value, weights), s);
        Node a = mask == null ? Attention.scaledDotProduct(q, k, v) : Attention.scaledDotProduct(q, k, v, mask);
        int n = queries.shape().dim(0);
        return project(a.permute(0, 2, 1, 3).reshape(n, t, width()), output, weights);
    }

    private static Node project(Node x, Dense d, Function<Param, Node> weights) {
        return x.matmul(weights.apply(d.w())).add(weights.apply(d.b()));
    }

    /** {@code [N, T, D] -> [N, H, T, D/H]}: head h holds features [h*D/H, (h+1)*D/H). */
    private Node split(Node x, int t) {
        return x.reshape(x.shape().dim(0), t, heads, width() / heads).permute(0, 2, 1, 3);
    }

    /** The time length of a sequence {@code [N, T, D]}, known when the graph is built. */
    private int requireSequence(Node x) {
        Shape s = x.shape();
        if (s.rank() != 3 || s.dim(2) != width() || s.dim(1) == Shape.UNKNOWN) {
            throw new ShapeException("multi_head_attention(" + x.label() + " " + s + "): expected a sequence [N, T, "
                    + width() + "] with T known when the graph is built (" + heads + " heads of width "
                    + width() / heads + ")");
        }
        return s.dim(1);
    }

    @Override
    public List<Param> params() {
        return List.of(query.w(), query.b(), key.w(), key.b(), value.w(), value.b(), output.w(), output.b());
    }

    @Override
    public String kind() {
        return "attention";
    }

    @Override
    public MultiHeadAttention named(String name) {
        Arguments.requireNonNull("MultiHeadAttention.named", "name", name);
        return new MultiHeadAttention(query.named(name + "/query"), key.named(name + "/key"), value.named(name + "/value"),
                output.named(name + "/output"), heads);
    }
}
