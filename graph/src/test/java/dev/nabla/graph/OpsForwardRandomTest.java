// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Random ops: reproducible from the session seed, fresh at every run, and drawn from the right
 * distribution. Sample statistics use 10000 draws and bounds of about five standard errors, with
 * fixed seeds so that the tests are deterministic.
 */
class OpsForwardRandomTest {
    private static final int N = 10_000;

    private static List<Node> threeOps(Graph g) {
        return List.of(Randoms.uniform(g, -1, 1, 1, 20), Randoms.normal(g, 0, 1, 2, 20),
                Randoms.bernoulliLike(g.constant(Tensor.zeros(20)), 0.5, 3));
    }

    @Test
    void sameSessionSeedGivesSameNumbers() {
        Graph g = new Graph();
        Node[] ops = threeOps(g).toArray(new Node[0]);
        Session s1 = new Session(new ParamStore(), 17);
        Session s2 = new Session(new ParamStore(), 17);
        for (int run = 0; run < 3; run++) {
            List<Tensor> a = s1.run(Map.of(), ops);
            List<Tensor> b = s2.run(Map.of(), ops);
            assertEquals(a, b, "run " + run);
        }
    }

    @Test
    void sameSeedOnAFreshGraphGivesSameNumbers() {
        List<Tensor> a = new Session(new ParamStore(), 5).run(Map.of(), threeOps(new Graph()).toArray(new Node[0]));
        List<Tensor> b = new Session(new ParamStore(), 5).run(Map.of(), threeOps(new Graph()).toArray(new Node[0]));
        assertEquals(a, b);
    }

    @Test
    void aRunWithAnExplicitSeedRepeatsWhateverRanBefore() {
        Graph g = new Graph();
        Plan plan = new Session(new ParamStore(), 17).compile(threeOps(g).toArray(new Node[0]));
        List<Tensor> first = plan.run(Map.of(), 99L);
        plan.run(Map.of());
        assertEquals(first, plan.run(Map.of(), 99L));
        assertEquals(first, new Session(new ParamStore(), 3).compile(threeOps(new Graph()).toArray(new Node[0]))
                .run(Map.of(), 99L), "the session's seed does not enter a seeded run");
        assertNotEquals(first, plan.run(Map.of(), 100L));
    }

    @Test
    void eachRunDrawsFreshNumbers() {
        Graph g = new Graph();
        Node[] ops = threeOps(g).toArray(new Node[0]);
        Session s = new Session(new ParamStore(), 17);
        List<Tensor> first = s.run(Map.of(), ops);
        List<Tensor> second = s.run(Map.of(), ops);
        for (int i = 0; i < ops.length; i++) {
            assertNotEquals(first.get(i), second.get(i), ops[i].describe());
        }
    }

    @Test
    void differentSessionSeedsAndOpSeedsDrawDifferently() {
        Graph g = new Graph();
        Node u1 = Randoms.uniform(g, 0, 1, 1, 50);
        Node u2 = Randoms.uniform(g, 0, 1, 2, 50);
        List<Tensor> a = new Session(new ParamStore(), 1).run(Map.of(), u1, u2);
        List<Tensor> b = new Session(new ParamStore(), 2).run(Map.of(), u1, u2);
        assertNotEquals(a.get(0), b.get(0), "session seeds 1 and 2");
        assertNotEquals(a.get(0), a.get(1), "op seeds 1 and 2 in one run");
    }

    @Test
    void uniformStaysInRangeAndFillsIt() {
        Graph g = new Graph();
        Node u = Randoms.uniform(g, -2, 3, 11, 100, 100);
        Tensor t = new Session(new ParamStore(), 3).run(Map.of(), u).get(0);
        assertEquals(Shape.of(100, 100), t.shape());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int below = 0;
        for (double v : t.toArray()) {
            assertTrue(v >= -2 && v < 3, () -> "uniform value " + v + " outside [-2, 3)");
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            below += v < 0.5 ? 1 : 0;
        }
        assertTrue(min < -1.99 && max > 2.99, "range covered: " + min + " .. " + max);
        // Mean 0.5, standard error 5 / sqrt(12 N) = 0.0144.
        assertEquals(0.5, sum / N, 0.075);
        // Half below the midpoint, standard error 0.005.
        assertEquals(0.5, below / (double) N, 0.025);
    }

    @Test
    void bernoulliMeanIsCloseToP() {
        Graph g = new Graph();
        for (double p : new double[] {0.1, 0.3, 0.9}) {
            Node m = Randoms.bernoulliLike(g.constant(Tensor.zeros(N)), p, 4);
            Tensor t = new Session(new ParamStore(), 8).run(Map.of(), m).get(0);
            double sum = 0;
            for (double v : t.toArray()) {
                assertTrue(v == 0.0 || v == 1.0, "bernoulli value " + v);
                sum += v;
            }
            double se = Math.sqrt(p * (1 - p) / N);
            assertEquals(p, sum / N, 5 * se, "p = " + p);
        }
    }

    @Test
    void bernoulliWithCertainProbabilities() {
        Graph g = new Graph();
        Node ref = g.constant(Tensor.zeros(500));
        List<Tensor> out = new Session(new ParamStore(), 9).run(Map.of(),
                Randoms.bernoulliLike(ref, 0, 1), Randoms.bernoulliLike(ref, 1, 1));
        assertEquals(Tensor.zeros(500), out.get(0));
        assertEquals(Tensor.ones(500), out.get(1));
    }

    @Test
    void normalHasPlausibleMeanStdAndShape() {
        Graph g = new Graph();
        Node z = Randoms.normal(g, 2, 3, 21, N);
        Tensor t = new Session(new ParamStore(), 4).run(Map.of(), z).get(0);
        double[] v = t.toArray();
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        double mean = sum / N;
        double ss = 0;
        int withinOneSigma = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
            withinOneSigma += Math.abs(x - 2) < 3 ? 1 : 0;
        }
        double std = Math.sqrt(ss / (N - 1));
        // Standard errors: mean 3 / sqrt(N) = 0.03; std about 3 / sqrt(2N) = 0.021; P(|z|<1) 0.0047.
        assertEquals(2, mean, 0.15);
        assertEquals(3, std, 0.11);
        assertEquals(0.6827, withinOneSigma / (double) N, 0.024);
    }

    @Test
    void normalWithZeroStdIsConstant() {
        Graph g = new Graph();
        Tensor t = new Session(new ParamStore()).run(Map.of(), Randoms.normal(g, -1.5, 0, 3, 4, 5)).get(0);
        assertEquals(Tensor.full(-1.5, 4, 5), t);
    }

    @Test
    void likeOpsFollowAnUnknownBatchSize() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node mask = Randoms.bernoulliLike(x, 0.5, 1);
        Node noise = Randoms.normalLike(x, 0, 1, 2);
        Node u = Randoms.uniformLike(x, 5, 6, 3);
        assertEquals(Shape.of(Shape.UNKNOWN, 3), mask.shape());
        Session s = new Session(new ParamStore(), 1);
        for (int batch : new int[] {2, 7}) {
            List<Tensor> out = s.run(Map.of(x, Tensor.zeros(batch, 3)), mask, noise, u);
            for (Tensor t : out) {
                assertEquals(Shape.of(batch, 3), t.shape());
            }
            for (double v : out.get(2).toArray()) {
                assertTrue(v >= 5 && v < 6, "uniformLike value " + v);
            }
        }
    }

    @Test
    void invalidParametersAreRejected() {
        Graph g = new Graph();
        assertThrows(ShapeException.class, () -> Randoms.uniform(g, 1, 0, 1, 3));
        assertThrows(ShapeException.class, () -> Randoms.normal(g, 0, -1, 1, 3));
        assertThrows(ShapeException.class, () -> Randoms.bernoulliLike(g.constant(Tensor.zeros(3)), 1.5, 1));
        assertThrows(ShapeException.class, () -> Randoms.uniform(g, 0, 1, 1, Shape.UNKNOWN, 3));
    }
}
