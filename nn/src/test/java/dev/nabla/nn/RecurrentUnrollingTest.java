// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What unrolling costs: the graph of an LSTM layer and of its training gradient grows by the same
 * number of nodes every step, so a long sequence is a large but linear graph. Prints the node
 * counts and compile times for T = 20, 100, 500 (measured, never asserted: the machine is shared).
 */
class RecurrentUnrollingTest {
    private static final int N = 8;
    private static final int IN = 8;
    private static final int H = 16;

    /** One measurement: plan sizes of the forward pass and of forward plus gradient, and their compile times. */
    private record Cost(int steps, int forwardNodes, int gradientNodes, double buildMillis, double gradMillis,
            double forwardMillis, double gradientMillis, double runMillis) {}

    private static Cost measure(int steps) {
        LstmCell cell = LstmCell.of(IN, H);
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 1);
        long start = System.nanoTime();
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, steps, IN);
        Node loss = Recurrent.of(cell).apply(x, ctx).square().mean();
        long forwardBuilt = System.nanoTime();
        List<Node> grads = Grad.grad(loss, cell.params().stream().map(ctx::param).toList(), Grad.Unused.ERROR);
        Session session = new Session(store);
        long t0 = System.nanoTime();
        Plan forward = session.compile(loss);
        long t1 = System.nanoTime();
        List<Node> fetches = new ArrayList<>(grads);
        fetches.add(0, loss);
        Plan gradient = session.compile(fetches.toArray(new Node[0]));
        long t2 = System.nanoTime();
        List<Tensor> out = gradient.run(Map.of(x, Tensor.randomNormal(2, 0, 1, N, steps, IN)));
        long t3 = System.nanoTime();
        assertTrue(Double.isFinite(out.get(0).get()), "loss " + out.get(0));
        return new Cost(steps, forward.nodes().size(), gradient.nodes().size(), (forwardBuilt - start) / 1e6,
                (t0 - forwardBuilt) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                (t3 - t2) / 1e6);
    }

    @Test
    void theUnrolledGraphGrowsLinearlyWithTheSequence() {
        measure(5); // warms the JIT, so the first row's compile time is not the class loading's
        List<Cost> costs = List.of(measure(20), measure(100), measure(500));
        System.out.println("LSTM N=" + N + " in=" + IN + " H=" + H + ": T, forward plan nodes, forward+gradient plan "
                + "nodes, ms to build the layer, ms for Grad.grad, compile ms (forward, forward+gradient), first run ms");
        for (Cost c : costs) {
            System.out.printf("T=%d  %d  %d  %.1f  %.1f  %.1f  %.1f  %.1f%n", c.steps(), c.forwardNodes(),
                    c.gradientNodes(), c.buildMillis(), c.gradMillis(), c.forwardMillis(), c.gradientMillis(), c.runMillis());
        }
        // Every step adds the same nodes, forward and backward: 400 more steps cost 5 times 80 more.
        Cost a = costs.get(0);
        Cost b = costs.get(1);
        Cost c = costs.get(2);
        assertEquals(5 * (b.forwardNodes() - a.forwardNodes()), c.forwardNodes() - b.forwardNodes());
        assertEquals(5 * (b.gradientNodes() - a.gradientNodes()), c.gradientNodes() - b.gradientNodes());
    }
}
