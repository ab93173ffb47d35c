// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;

/**
 * Adds the sinusoidal positional encoding of Vaswani et al. (2017), "Attention is all you need",
 * to a sequence of vectors {@code [N, T, dim]}: a constant, so the layer has no params.
 *
 * <p>Position {@code p} gets {@code PE[p, 2i] = sin(p / 10000^(2i/dim))} and
 * {@code PE[p, 2i+1] = cos(p / 10000^(2i/dim))}; an odd {@code dim} ends on a sine. The time
 * length {@code T} must be known when the graph is built and at most {@code maxLength}.
 * Usage: {@code Sequential.of(PositionalEncoding.of(64, 16), TransformerBlock.of(16, 4, 64, 0.1, 1))}
 *
 * @param maxLength the longest sequence the layer accepts, at least 1
 * @param dim the width of each vector, at least 1
 */
public record PositionalEncoding(int maxLength, int dim) implements Layer {
    /** Checks the sizes. */
    public PositionalEncoding {
        Arguments.requireAtLeast("PositionalEncoding", "maxLength", maxLength, 1);
        Arguments.requireAtLeast("PositionalEncoding", "dim", dim, 1);
    }

    /**
     * The sinusoidal encoding for sequences up to {@code maxLength}.
     *
     * @param maxLength the longest sequence, at least 1
     * @param dim the width, at least 1
     * @return the layer
     * @throws dev.nabla.graph.NablaException if a size is below 1
     */
    public static PositionalEncoding of(int maxLength, int dim) {
        return new PositionalEncoding(maxLength, dim);
    }

    /**
     * The encoding's table, for plotting or for one's own use.
     *
     * @param length the number of positions, at least 1
     * @param dim the width, at least 1
     * @return {@code PE} as a tensor {@code [length, dim]}
     * @throws dev.nabla.graph.NablaException if a size is below 1
     */
    public static Tensor sinusoid(int length, int dim) {
        Arguments.requireAtLeast("PositionalEncoding.sinusoid", "length", length, 1);
        Arguments.requireAtLeast("PositionalEncoding.sinusoid", "dim", dim, 1);
        double[] pe = new double[length * dim];
        for (int p = 0; p < length; p++) {
            for (int j = 0; j < dim; j++) {
                // Columns 2i and 2i+1 share the frequency 10000^(-2i/dim).
                double angle = p / Math.pow(10000.0, (j - j % 2) / (double) dim);
                pe[p * dim + j] = j % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return Tensor.fromArray(pe, length, dim);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("PositionalEncoding.apply", "x", x, "ctx", ctx);
        int t = timeSteps("positional_encoding", x, maxLength, dim);
        return x.add(x.graph().constant(sinusoid(t, dim)));
    }

    @Override
    public String kind() {
        return "positional_encoding";
    }

    /**
     * The time length of {@code x [..., T, dim]}, checked against the layer's sizes.
     *
     * @throws ShapeException naming {@code op}, the input and what was expected
     */
    static int timeSteps(String op, Node x, int maxLength, int dim) {
        Shape s = x.shape();
        String expected = "expected a sequence [N, T, " + dim + "] with T known when the graph is built and at most "
                + maxLength;
        if (s.rank() < 2 || s.dim(-1) != dim || s.dim(-2) == Shape.UNKNOWN || s.dim(-2) > maxLength) {
            throw new ShapeException(op + "(" + x.label() + " " + s + "): " + expected);
        }
        return s.dim(-2);
    }
}
