// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.AnomalyException;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Expand;
import dev.nabla.graph.op.Reshape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each compile-time rewrite fires where it should and not where it must not, and an optimised plan
 * gives the plain plan's results bit for bit.
 */
class RewritesTest {
    private static final Tensor FEED = Tensor.fromArray(new double[] {-0.0, 0.0, 1.5, -2.25, 3e-310, 7}, 2, 3);

    private static Plan optimised(Node... fetches) {
        return new Session(new ParamStore()).optimize(true).compile(fetches);
    }

    private static Plan plain(Node... fetches) {
        return new Session(new ParamStore()).optimize(false).compile(fetches);
    }

    /** Both plans' results, compared bit for bit (the sign of a zero included); returns the optimised plan. */
    private static Plan sameBits(Map<Node, Tensor> feeds, Node... fetches) {
        Plan opt = optimised(fetches);
        List<Tensor> want = plain(fetches).run(feeds);
        List<Tensor> got = opt.run(feeds);
        for (int i = 0; i < fetches.length; i++) {
            assertArrayEquals(bits(want.get(i)), bits(got.get(i)), "fetch " + i + " " + fetches[i]);
            assertEquals(want.get(i).shape(), got.get(i).shape());
        }
        return opt;
    }

    static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void equalOpsOnTheSameOperandsRunOnceAsTheNodeBuiltFirst() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node first = x.tanh();
        Node second = x.tanh();
        Node y = first.add(second);
        Plan plan = sameBits(Map.of(x, FEED), y, second);
        assertEquals(List.of(x, first, y), plan.nodes());
        assertEquals(4, plain(y, second).nodes().size());
    }

    @Test
    void differentOpsRandomOpsAndLeavesAreNeverMerged() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node z = g.input("z", 2, 3);
        Node w = g.param("w", 2, 3);
        Node v = g.param("v", 2, 3);
        Node r1 = Randoms.uniform(g, 0, 1, 7, 2, 3);
        Node r2 = Randoms.uniform(g, 0, 1, 7, 2, 3);
        Node y = x.tanh().add(x.sin()).add(z).add(w).add(v).add(r1).add(r2);
        assertEquals(plain(y).nodes(), optimised(y).nodes());
    }

    @Test
    void smallConstantsMergeByTheirBitsAndLargeOnesNot() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node two = g.scalar(2.0);
        Node y = x.mul(two).add(x.mul(g.scalar(2.0)));
        assertEquals(plain(y).nodes().size() - 4, sameBits(Map.of(x, FEED), y).nodes().size(),
                "the second constant, its reshape, its expand and the product are the first ones'");
        Node signs = g.constant(Tensor.scalar(0.0)).mul(g.constant(Tensor.scalar(-0.0)));
        assertEquals(3, optimised(signs).nodes().size(), "0.0 and -0.0 are different constants");
        int n = CommonSubexpressions.CONSTANT_COMPARE_LIMIT + 1;
        Node big = g.constant(Tensor.ones(n)).add(g.constant(Tensor.ones(n)));
        assertEquals(3, optimised(big).nodes().size());
    }

    @Test
    void productsByOneQuotientsByOneAndPowersOfOneAreTheirOperand() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        for (Node y : List.of(x.mul(1.0), g.scalar(1.0).mul(x), x.div(1.0), x.pow(1.0),
                x.mul(g.constant(Tensor.ones(2, 3))), x.mul(g.scalar(-1.0).neg()))) {
            assertEquals(List.of(x), sameBits(Map.of(x, FEED), y).nodes(), y.toString());
        }
        for (Node y : List.of(x.mul(2.0), x.mul(g.constant(Tensor.fromArray(new double[] {1, 1, 2}, 3))),
                g.scalar(1.0).div(x), x.add(1.0))) {
            assertEquals(plain(y).nodes(), sameBits(Map.of(x, FEED), y).nodes(), y.toString());
        }
    }

    @Test
    void onlyTheSumsThatKeepTheSignOfAZeroAreFolded() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        assertEquals(List.of(x), sameBits(Map.of(x, FEED), x.add(-0.0)).nodes());
        assertEquals(List.of(x), sameBits(Map.of(x, FEED), g.scalar(-0.0).add(x)).nodes());
        assertEquals(List.of(x), sameBits(Map.of(x, FEED), x.sub(0.0)).nodes());
        Node plus = x.add(0.0);
        assertEquals(plain(plus).nodes(), sameBits(Map.of(x, FEED), plus).nodes(), "-0.0 + 0.0 is +0.0");
        Node minusNegative = x.sub(-0.0);
        assertEquals(plain(minusNegative).nodes(), sameBits(Map.of(x, FEED), minusNegative).nodes());
    }

    @Test
    void aConstantBroadcastOverAnotherUnknownBatchIsNotFolded() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node z = g.input("z", Shape.UNKNOWN, 3);
        Node ones = g.apply(new Expand(Shape.of(Shape.UNKNOWN, 3)), List.of(g.constant(Tensor.ones(1, 3)), z));
        Node y = x.mul(ones);
        Plan opt = optimised(y);
        assertTrue(opt.nodes().contains(y), opt.toString());
        Map<Node, Tensor> mismatch = Map.of(x, FEED, z, Tensor.zeros(4, 3));
        assertThrows(EvaluationException.class, () -> plain(y).run(mismatch));
        assertThrows(EvaluationException.class, () -> opt.run(mismatch));
        Node own = x.mul(1.0);
        assertEquals(List.of(x), optimised(own).nodes(), "a scalar broadcast over x itself agrees for every batch");
    }

    @Test
    void aPermuteFollowedByItsInverseAndTheIdentityPermuteAreTheOperand() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3, 4);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.arange(24).reshape(2, 3, 4));
        Node back = x.permute(1, 2, 0).permute(2, 0, 1);
        assertEquals(List.of(x), sameBits(feeds, back).nodes());
        assertEquals(List.of(x), sameBits(feeds, x.permute(0, 1, 2)).nodes());
        Node twice = x.permute(1, 2, 0).permute(1, 2, 0);
        assertEquals(plain(twice).nodes(), sameBits(feeds, twice).nodes(), "the same cycle twice is not the identity");
    }

    @Test
    void aReshapeOfAReshapeReadsTheOriginalAndAReshapeToTheSameShapeIsItsOperand() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 6);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.arange(12).reshape(2, 6));
        Node inner = x.reshape(3, 4);
        Node outer = inner.reshape(4, 3);
        assertEquals(List.of(x, outer), sameBits(feeds, outer).nodes());
        assertEquals(List.of(x, inner, outer), sameBits(feeds, outer, inner).nodes(), "a fetched reshape still runs");
        Node same = g.apply(new Reshape(Shape.of(2, 6)), List.of(x));
        assertEquals(List.of(x), sameBits(feeds, same).nodes());
        Node b = g.input("b", Shape.UNKNOWN, 6);
        Node roundTrip = b.reshape(-1, 2, 3).reshape(-1, 6);
        assertEquals(List.of(b), optimised(roundTrip).nodes(), "the same shape for every batch size");
        Tensor three = Tensor.arange(18).reshape(3, 6);
        assertArrayEquals(three.toArray(), optimised(roundTrip).run(Map.of(b, three)).get(0).toArray(), 0.0);
        Node flat = b.reshape(-1).reshape(-1, 3);
        assertEquals(List.of(b, flat), optimised(flat).nodes(), "[?, 3] is not [?, 6]");
    }

    @Test
    void anExpandToTheSameShapeIsItsOperandOnlyWhenSureForEveryBatchSize() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node same = g.apply(new Expand(Shape.of(2, 3)), List.of(x));
        assertEquals(List.of(x), sameBits(Map.of(x, FEED), same).nodes());
        Node b = g.input("b", Shape.UNKNOWN, 3);
        Node r = g.input("r", Shape.UNKNOWN, 3);
        Node own = g.apply(new Expand(Shape.of(Shape.UNKNOWN, 3)), List.of(b));
        assertEquals(List.of(b), optimised(own).nodes());
        Node byItself = g.apply(new Expand(Shape.of(Shape.UNKNOWN, 3)), List.of(b, b));
        assertEquals(List.of(b), optimised(byItself).nodes());
        Node byOther = g.apply(new Expand(Shape.of(Shape.UNKNOWN, 3)), List.of(b, r));
        assertEquals(3, optimised(byOther).nodes().size(), "r may stretch a b of one row");
        Map<Node, Tensor> stretch = Map.of(b, Tensor.ones(1, 3), r, Tensor.zeros(4, 3));
        assertEquals(Shape.of(4, 3), optimised(byOther).run(stretch).get(0).shape());
    }

    @Test
    void twoFetchesOfOneValueGetEachATensorAndAnUpdateByOneWritesTheValueBack() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node a = x.exp();
        Node b = x.exp();
        Plan plan = optimised(a, b);
        assertEquals(2, plan.nodes().size());
        List<Tensor> out = plan.run(Map.of(x, FEED));
        assertArrayEquals(bits(out.get(0)), bits(out.get(1)));
        assertFalse(out.get(0) == out.get(1));
        ParamStore store = new ParamStore();
        Node w = g.param("w", 2, 3);
        store.put("w", FEED);
        Node t = w.mul(1.0).tanh();
        Plan step = new Session(store).optimize(true).compile(List.of(t), Map.of(w, w.mul(1.0)));
        assertEquals(List.of(w, t), step.nodes());
        step.run(Map.of());
        assertArrayEquals(bits(FEED), bits(store.get("w")));
    }

    @Test
    void anAnomalyInAMergedNodeNamesTheNodeBuiltFirst() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node first = x.log();
        Node y = first.add(x.log());
        Session session = new Session(new ParamStore()).optimize(true).detectAnomalies(true);
        AnomalyException e = assertThrows(AnomalyException.class, () -> session.compile(y).run(Map.of(x, FEED)));
        assertSame(first, e.node(), e.getMessage());
    }

    @Test
    void aStopGradientRunsAsItsOperand() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        assertEquals(List.of(x), sameBits(Map.of(x, FEED), x.stopGradient()).nodes());
    }
}
