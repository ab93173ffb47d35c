// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exploding gradients (Pascanu, Mikolov and Bengio, 2013) on a plain RNN: with large recurrent
 * weights over a long sequence the gradient's norm jumps by orders of magnitude between steps, and
 * plain SGD is thrown off; the same SGD behind {@code clipByGlobalNorm} trains. The numbers are
 * computed by the runs and printed; what is asserted is the difference in outcome, not a speed.
 */
class RecurrentClippingTest {
    private static final int N = 32;
    private static final int T = 40;
    private static final int H = 16;
    private static final int STEPS = 150;
    private static final double RATE = 0.2;
    /** The recurrent weights' gain: N(0, (GAIN^2 / H)) entries, a step's Jacobian well above norm 1 off saturation. */
    private static final double GAIN = 2.0;

    /** One training run: the loss and the gradient's global norm before each step. */
    private record Curve(List<Double> losses, List<Double> norms) {
        double worstNorm() {
            return norms.stream().mapToDouble(Double::doubleValue).map(v -> Double.isNaN(v) ? Double.POSITIVE_INFINITY : v)
                    .max().orElseThrow();
        }

        double last() {
            return losses.get(losses.size() - 1);
        }

        double best() {
            return losses.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).min().orElse(Double.NaN);
        }
    }

    /** Trains an RNN and a linear read-out of its last state to output the mean of the sequence. */
    private static Curve train(Optimizer opt) {
        RnnCell cell = RnnCell.of(1, H).named("rnn");
        Dense head = Dense.of(H, 1).named("head");
        List<Param> params = new ArrayList<>(cell.params());
        params.addAll(head.params());
        ParamStore store = Params.initialize(params, new ParamStore(), 3);
        store.put(cell.whh().name(), Tensor.randomNormal(4, 0, GAIN / Math.sqrt(H), H, H));
        store.put(cell.wih().name(), Tensor.randomNormal(5, 0, 1.0, 1, H));
        opt.initialize(params, store);

        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, T, 1);
        Node y = g.input("y", Shape.UNKNOWN, 1);
        Node last = Recurrent.of(cell).run(x, ctx).last();
        Node loss = Losses.mse(head.apply(last, ctx), y);
        List<Node> weights = params.stream().map(ctx::param).toList();
        List<Node> grads = Grad.grad(loss, weights, Grad.Unused.ERROR);
        Node norm = grads.stream().map(d -> d.square().sum()).reduce(Node::add).orElseThrow().sqrt();
        Plan step = new Session(store).compile(List.of(loss, norm), opt.step(ctx, params, grads));

        Tensor xs = Tensor.randomNormal(6, 0, 1, N, T, 1);
        double[] means = new double[N];
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                means[n] += xs.get(n, t, 0) / T * Math.sqrt(T);
            }
        }
        Map<Node, Tensor> feeds = Map.of(x, xs, y, Tensor.fromArray(means, N, 1), opt.learningRate(g), Tensor.scalar(RATE));
        List<Double> losses = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            List<Tensor> out = step.run(feeds);
            losses.add(out.get(0).get());
            norms.add(out.get(1).get());
        }
        return new Curve(losses, norms);
    }

    @Test
    void clippingTheGlobalNormKeepsAnExplodingRnnTraining() {
        Curve plain = train(Optimizer.sgd());
        Curve clipped = train(Optimizer.sgd().clipByGlobalNorm(1.0));
        System.out.printf("RNN H=%d T=%d, SGD lr %.2f, %d steps: loss first / best / last, largest gradient norm%n", H, T,
                RATE, STEPS);
        System.out.printf("  unclipped: %.4g / %.4g / %.4g, %.4g%n", plain.losses().get(0), plain.best(), plain.last(),
                plain.worstNorm());
        System.out.printf("  clipped 1: %.4g / %.4g / %.4g, %.4g%n", clipped.losses().get(0), clipped.best(),
                clipped.last(), clipped.worstNorm());
        System.out.println("  unclipped every 10 steps: " + every(plain.losses(), 10));
        System.out.println("  clipped every 10 steps:   " + every(clipped.losses(), 10));
        System.out.println("  unclipped norms every 10: " + every(plain.norms(), 10));
        System.out.println("  clipped norms every 10:   " + every(clipped.norms(), 10));
        double first = plain.losses().get(0);
        assertTrue(!(plain.last() < 1e6 * first) && plain.worstNorm() > 1e6, "plain SGD was expected to blow up: last loss "
                + plain.last() + ", largest gradient norm " + plain.worstNorm());
        assertTrue(clipped.losses().stream().allMatch(Double::isFinite) && clipped.last() < 0.1 * first,
                "clipped SGD was expected to train: losses " + every(clipped.losses(), 10));
    }

    private static List<String> every(List<Double> values, int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += k) {
            out.add(String.format("%.3g", values.get(i)));
        }
        return out;
    }
}
