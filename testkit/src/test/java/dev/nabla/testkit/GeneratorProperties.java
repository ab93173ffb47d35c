// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Broadcast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;

/** The generators keep their promises: valid shapes, values inside their domains, safe random graphs. */
class GeneratorProperties implements WithQuickTheories {
    private static final long SEED = 7L;

    @Test
    void shapesStayWithinRankAndSize() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(Shapes.ofRank(1, 3, 4)).checkAssert(s -> {
            assertTrue(s.rank() >= 1 && s.rank() <= 3, s::toString);
            for (int d : s.dims()) {
                assertTrue(d >= 1 && d <= 4, s::toString);
            }
        });
    }

    @Test
    void broadcastPairsBroadcastAndSometimesDifferInRank() {
        List<Boolean> rankDiffers = new ArrayList<>();
        qt().withFixedSeed(SEED).withExamples(300).forAll(Shapes.broadcastPairs(3, 3)).checkAssert(p -> {
            Shape joint = Broadcast.shape(p.get(0), p.get(1));   // throws if they do not broadcast
            assertEquals(joint, Shapes.broadcast(p));
            rankDiffers.add(p.get(0).rank() != p.get(1).rank());
        });
        assertTrue(rankDiffers.contains(true) && rankDiffers.contains(false));
    }

    @Test
    void factoringsKeepTheSize() {
        qt().withFixedSeed(SEED).withExamples(200).forAll(integers().between(1, 60).flatMap(n ->
                Shapes.factorings(n, 3).map(s -> List.of(n, s.size())))).checkAssert(p -> assertEquals(p.get(0), p.get(1)));
    }

    @Test
    void valuesStayInTheDomainAndOutOfItsHoles() {
        Domain d = Domain.awayFrom(0.0, 1e-3).without(1.5, 0.25);
        qt().withFixedSeed(SEED).withExamples(300).forAll(d.tensors(Shapes.upToRank(3, 4))).checkAssert(t -> {
            for (double v : t.toArray()) {
                assertTrue(v >= -3 && v <= 3 && Math.abs(v) >= 1e-3 && Math.abs(v - 1.5) >= 0.25, () -> v + " in " + d);
            }
        });
    }

    @Test
    void positiveIntegerAndDistinctDomains() {
        qt().withFixedSeed(SEED).withExamples(200).forAll(Domain.positive(0.1).values())
                .checkAssert(v -> assertTrue(v >= 0.1 && v <= 5, () -> String.valueOf(v)));
        qt().withFixedSeed(SEED).withExamples(200).forAll(Domain.integers(0, 3).values())
                .checkAssert(v -> assertTrue(v == Math.rint(v) && v >= 0 && v <= 3, () -> String.valueOf(v)));
        qt().withFixedSeed(SEED).withExamples(200).forAll(Domain.between(-3, 3).distinct(1e-3).tensors(Shapes.upToRank(3, 3)))
                .checkAssert(t -> {
                    double[] v = t.toArray();
                    for (int i = 0; i < v.length; i++) {
                        for (int j = i + 1; j < v.length; j++) {
                            assertTrue(Math.abs(v[i] - v[j]) >= 1e-3, t::toString);
                        }
                    }
                });
        assertThrows(IllegalArgumentException.class, () -> Domain.between(0, 1).without(0.5, 1));
        assertEquals("[-3, 3] \\ (-0.001, 0.001)", Domain.awayFrom(0.0, 1e-3).toString());
    }

    /** Every step's value stays within the bound the generator promises, on inputs from the sample. */
    @Test
    void randomGraphsKeepValuesInSafeRanges() {
        qt().withFixedSeed(SEED).withExamples(60).forAll(RandomGraphs.samples()).checkAssert(s -> {
            GraphRecipe r = s.recipe();
            Graph g = new Graph();
            List<Node> in = new ArrayList<>();
            Map<Node, Tensor> feeds = new HashMap<>();
            for (int i = 0; i < r.inputShapes().size(); i++) {
                in.add(g.input("x" + i, r.inputShapes().get(i).dims()));
                feeds.put(in.get(i), s.inputs().get(i));
            }
            List<Node> values = new ArrayList<>();
            for (int k = 1; k <= r.steps().size(); k++) {
                values.add(new GraphRecipe(r.inputShapes(), r.steps().subList(0, k)).build(in));
            }
            List<Tensor> out = new Session(new ParamStore()).run(feeds, values.toArray(new Node[0]));
            for (int k = 0; k < out.size(); k++) {
                for (double v : out.get(k).toArray()) {
                    int step = k;
                    assertTrue(Math.abs(v) <= RandomGraphs.LIMIT, () -> "step " + step + " reached " + v + "\n" + s);
                }
            }
        });
    }
}
