// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import java.util.List;
import java.util.function.Function;

/**
 * A lookup table that turns integer ids into learned vectors: ids {@code [N, T]} (any shape) give
 * {@code [N, T, dim]}, row {@code id} of the table {@code [vocab, dim]} for each id.
 *
 * <p>The lookup is a {@code gather} along the table's first axis, so its gradient is a
 * scatter-add into the table: an id used twice in a batch receives the sum of both cotangents,
 * and rows of ids not used receive zero. Ids are integer-valued doubles fed at run time; an id
 * outside {@code [0, vocab)} (or not an integer) stops the run with an
 * {@link dev.nabla.graph.EvaluationException} that names the id, its entry in the ids and the
 * range {@code [0, vocab)}, with the table's name in the failing node.
 * Usage: {@code Node vectors = Embedding.of(10, 16).named("embed").apply(ids, ctx);}
 *
 * @param table the vectors {@code [vocab, dim]}, drawn from N(0, 1) as PyTorch does
 */
public record Embedding(Param table) implements Layer {
    /** Requires the table, a matrix. */
    public Embedding {
        Arguments.requireNonNull("Embedding", "table", table);
        if (table.shape().rank() != 2) {
            throw new NablaException("Embedding: the table \"" + table.name() + "\" must be [vocab, dim], got "
                    + table.shape());
        }
    }

    /**
     * An embedding with a table drawn from N(0, 1).
     *
     * @param vocab how many ids there are, at least 1
     * @param dim the length of each vector, at least 1
     * @return the layer, named {@code embedding} until placed
     * @throws NablaException if a size is below 1
     */
    public static Embedding of(int vocab, int dim) {
        Arguments.requireAtLeast("Embedding.of", "vocab", vocab, 1);
        Arguments.requireAtLeast("Embedding.of", "dim", dim, 1);
        return new Embedding(Param.of("embedding/table", Shape.of(vocab, dim), Init.normal(1.0)));
    }

    /**
     * Returns the number of ids the table holds a vector for.
     *
     * @return the vocabulary size, the table's first size
     */
    public int vocab() {
        return table.shape().dim(0);
    }

    /**
     * Returns the length of each vector.
     *
     * @return the width, the table's second size
     */
    public int dim() {
        return table.shape().dim(1);
    }

    /**
     * Looks the ids up.
     *
     * @param ids integer-valued ids in {@code [0, vocab)}, any shape such as {@code [N, T]}
     * @param ctx the graph and the params' nodes
     * @return the vectors, {@code ids.shape + [dim]}
     */
    @Override
    public Node apply(Node ids, Context ctx) {
        Arguments.requireNonNulls("Embedding.apply", "ids", ids, "ctx", ctx);
        return forward(ids, ctx::param);
    }

    /** The lookup with the table's node given by {@code weights}, so tests can check its gradient. */
    Node forward(Node ids, Function<Param, Node> weights) {
        return Indexing.gather(weights.apply(table), ids, 0);
    }

    @Override
    public List<Param> params() {
        return List.of(table);
    }

    @Override
    public String kind() {
        return "embedding";
    }

    @Override
    public Embedding named(String name) {
        Arguments.requireNonNull("Embedding.named", "name", name);
        return new Embedding(table.under(name));
    }
}
