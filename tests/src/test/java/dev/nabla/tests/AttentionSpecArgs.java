// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Attention;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The inputs and functions of the gradient rows for attention: queries, keys and
 * values of random small sizes, and masks drawn from the shapes alone (so that a row is a
 * deterministic function of its inputs) that always leave batch 0 fully masked.
 */
final class AttentionSpecArgs {
    private AttentionSpecArgs() {}

    /** {@code q [B, H, Tq, d]}, {@code k [B, H, Tk, d]}, {@code v [B, H, Tk, dv]}: each size 1 to 3. */
    static Gen<List<Shape>> queriesKeysValues() {
        Gen<Integer> small = Generate.range(1, 3);
        Gen<List<Shape>> gen = rs -> {
            int b = small.generate(rs);
            int h = small.generate(rs);
            int tq = small.generate(rs);
            int tk = small.generate(rs);
            int d = small.generate(rs);
            return List.of(Shape.of(b, h, tq, d), Shape.of(b, h, tk, d), Shape.of(b, h, tk, small.generate(rs)));
        };
        return gen.describedAs(List::toString);
    }

    /** Attention without a mask. */
    static Node attention(List<Node> xs) {
        return Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2));
    }

    /**
     * Attention under a pattern mask {@code [Tq, Tk]} (query i sees key j unless {@code (i + j) % 3 == 1})
     * and a padding mask where batch n has length {@code n % (Tk + 1)}: batch 0 sees no key at all.
     */
    static Node maskedAttention(List<Node> xs) {
        Graph g = xs.get(0).graph();
        int b = xs.get(0).shape().dim(0);
        int tq = xs.get(0).shape().dim(2);
        int tk = xs.get(1).shape().dim(2);
        double[] pattern = new double[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j < tk; j++) {
                pattern[i * tk + j] = (i + j) % 3 == 1 ? 0 : 1;
            }
        }
        double[] lengths = new double[b];
        for (int n = 0; n < b; n++) {
            lengths[n] = n % (tk + 1);
        }
        Node mask = Attention.and(g.constant(Tensor.fromArray(pattern, tq, tk)),
                Attention.paddingMask(g.constant(Tensor.fromArray(lengths, b)), tk));
        return Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2), mask);
    }
}
