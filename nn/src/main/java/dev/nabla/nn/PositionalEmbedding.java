// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import java.util.List;
import java.util.function.Function;

/**
 * A learned positional embedding, as in GPT-2: row {@code p} of a table {@code [maxLength, dim]}
 * is added to the vector at position {@code p} of a sequence {@code [N, T, dim]}.
 *
 * <p>The first {@code T} rows are a slice of the table, so positions beyond a batch's length
 * receive zero gradient. {@code T} must be known when the graph is built and at most
 * {@code maxLength}. Usage: {@code Sequential.of(PositionalEmbedding.of(8, 32), TransformerBlock.of(32, 4, 128, 0.1, 1))}
 *
 * @param table the position vectors {@code [maxLength, dim]}, drawn from N(0, 0.02^2) as GPT-2 does
 */
public record PositionalEmbedding(Param table) implements Layer {
    /** Requires the table, a matrix. */
    public PositionalEmbedding {
        Arguments.requireNonNull("PositionalEmbedding", "table", table);
        if (table.shape().rank() != 2) {
            throw new NablaException("PositionalEmbedding: the table \"" + table.name() + "\" must be [maxLength, dim], got "
                    + table.shape());
        }
    }

    /**
     * A learned positional embedding.
     *
     * @param maxLength the longest sequence, at least 1
     * @param dim the width, at least 1
     * @return the layer, named {@code positional_embedding} until placed
     * @throws NablaException if a size is below 1
     */
    public static PositionalEmbedding of(int maxLength, int dim) {
        Arguments.requireAtLeast("PositionalEmbedding.of", "maxLength", maxLength, 1);
        Arguments.requireAtLeast("PositionalEmbedding.of", "dim", dim, 1);
        return new PositionalEmbedding(Param.of("positional_embedding/table", Shape.of(maxLength, dim), Init.normal(0.02)));
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("PositionalEmbedding.apply", "x", x, "ctx", ctx);
        return forward(x, ctx::param);
    }

    /** The layer with the table's node given by {@code weights}, so tests can check its gradient. */
    Node forward(Node x, Function<Param, Node> weights) {
        int t = PositionalEncoding.timeSteps("positional_embedding", x, table.shape().dim(0), table.shape().dim(1));
        Node rows = weights.apply(table);
        return x.add(t == table.shape().dim(0) ? rows : rows.slice(0, 0, t));
    }

    @Override
    public List<Param> params() {
        return List.of(table);
    }

    @Override
    public String kind() {
        return "positional_embedding";
    }

    @Override
    public PositionalEmbedding named(String name) {
        Arguments.requireNonNull("PositionalEmbedding.named", "name", name);
        return new PositionalEmbedding(table.under(name));
    }
}
