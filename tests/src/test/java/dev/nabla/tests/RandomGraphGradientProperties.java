// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.testkit.RandomGraphs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;

/**
 * The whole engine on random composite graphs from the testkit: 5 to 30 smooth ops over one to
 * three inputs, checked against central finite differences, to first order on many graphs and to
 * second order on fewer, smaller ones. {@code -Dnabla.examples=N} scales both counts.
 */
class RandomGraphGradientProperties implements WithQuickTheories {
    private static final long SEED = OpGradientProperties.SEED;

    @Test
    void firstOrderGradientsOfRandomGraphsMatchFiniteDifferences() {
        GradCheck.Options options = GradCheck.Options.DEFAULT.withOrder(1);
        qt().withFixedSeed(SEED).withExamples(examples(1)).withShrinkCycles(100)
                .forAll(RandomGraphs.samples())
                .checkAssert(s -> GradCheck.assertPasses(s.recipe().function(), s.inputs(), options));
    }

    @Test
    void secondOrderGradientsOfRandomGraphsMatchFiniteDifferences() {
        GradCheck.Options options = GradCheck.Options.DEFAULT.withOrder(2);
        qt().withFixedSeed(SEED).withExamples(examples(2)).withShrinkCycles(100)
                .forAll(RandomGraphs.samples(RandomGraphs.recipes(5, 15, 3, 3)))
                .checkAssert(s -> GradCheck.assertPasses(s.recipe().function(), s.inputs(), options));
    }

    /** The same seed draws the same recipes, and every recipe builds a scalar of the shapes it records. */
    @Test
    void recipesAreReproducibleAndWellFormed() {
        List<String> first = drawn(30);
        assertEquals(first, drawn(30));
        assertEquals(30, first.size());
    }

    private List<String> drawn(int count) {
        List<String> out = new ArrayList<>();
        qt().withFixedSeed(SEED).withExamples(count).forAll(RandomGraphs.recipes()).checkAssert(r -> {
            Graph g = new Graph();
            List<Node> in = new ArrayList<>();
            for (int i = 0; i < r.inputShapes().size(); i++) {
                in.add(g.input("x" + i, r.inputShapes().get(i).dims()));
            }
            assertEquals(0, r.build(in).shape().rank(), r::toString);
            out.add(r.toString());
        });
        return out;
    }

    /** The default count divided by {@code divisor}, at least 1. */
    private static int examples(int divisor) {
        return Math.max(1, Integer.getInteger("nabla.examples", OpGradientProperties.DEFAULT_EXAMPLES) / divisor);
    }
}
