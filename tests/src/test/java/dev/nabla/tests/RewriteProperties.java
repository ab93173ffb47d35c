// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.ActivationLayers;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.testkit.RandomGraphs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;

/**
 * Optimised plans (common subexpressions merged, identities folded) give the plain plans' results
 * bit for bit: on random graphs with their gradients and Hessian-vector products, and on an MLP's
 * training step and HVP; and a graph built twice runs as once. Random graphs run in both element
 * types.
 */
class RewriteProperties implements WithQuickTheories {
    private static final long SEED = OpGradientProperties.SEED;

    @Test
    void randomGraphsTheirGradientsAndHvpsKeepTheirBitsAndACopyCostsNoNode() {
        qt().withFixedSeed(SEED).withExamples(examples()).withShrinkCycles(50)
                .forAll(RandomGraphs.samples(RandomGraphs.recipes(5, 20, 3, 3)),
                        arbitrary().pick(DType.FLOAT64, DType.FLOAT32))
                .checkAssert((s, dtype) -> {
                    Graph g = new Graph(dtype);
                    List<Node> xs = new ArrayList<>();
                    List<Node> vs = new ArrayList<>();
                    Map<Node, Tensor> feeds = new HashMap<>();
                    for (int i = 0; i < s.inputs().size(); i++) {
                        Tensor value = s.inputs().get(i).to(dtype);
                        xs.add(g.input("x" + i, value.shape().dims()));
                        vs.add(g.input("v" + i, value.shape().dims()));
                        feeds.put(xs.get(i), value);
                        double[] direction = Arrays.stream(value.toArray()).map(a -> 0.25 - 0.5 * a).toArray();
                        feeds.put(vs.get(i), Tensor.of(value.shape(), direction).to(dtype));
                    }
                    List<Node> once = withDerivatives(s.recipe().build(xs), xs, vs);
                    List<Node> twice = new ArrayList<>(once);
                    twice.addAll(withDerivatives(s.recipe().build(xs), xs, vs));
                    sameBits(twice, Map.of(), feeds, new ParamStore(), new ParamStore());
                    assertEquals(optimised(new ParamStore()).compile(once, Map.of()).nodes().size(),
                            optimised(new ParamStore()).compile(twice, Map.of()).nodes().size(), () -> dtype + " " + s);
                });
    }

    private static List<Node> withDerivatives(Node y, List<Node> xs, List<Node> vs) {
        List<Node> out = new ArrayList<>(List.of(y));
        out.addAll(Grad.grad(y, xs, Grad.Unused.ZERO));
        out.addAll(Grad.hvp(y, xs, vs, Grad.Unused.ZERO));
        return out;
    }

    @Test
    void anMlpTrainingStepAndItsHvpKeepTheirBitsOnFewerNodes() {
        Mlp plainMlp = Mlp.of(16);
        Mlp optMlp = Mlp.of(16);
        Map<Node, Node> plainUpdates = plainMlp.sgdUpdates();
        Map<Node, Node> optUpdates = optMlp.sgdUpdates();
        Plan plainStep = plain(plainMlp.store).compile(List.of(plainMlp.loss), plainUpdates);
        Plan optStep = optimised(optMlp.store).compile(List.of(optMlp.loss), optUpdates);
        for (int step = 0; step < 2; step++) {
            assertArrayEquals(bits(plainStep.run(plainMlp.feeds).get(0)), bits(optStep.run(optMlp.feeds).get(0)));
            for (Param p : plainMlp.params) {
                assertArrayEquals(bits(plainMlp.store.get(p.name())), bits(optMlp.store.get(p.name())), p.name());
            }
        }
        List<Node> hv = plainMlp.hvp();
        Plan plainHvp = plain(plainMlp.store).compile(hv, Map.of());
        Plan optHvp = optimised(plainMlp.store).compile(hv, Map.of());
        List<Tensor> want = plainHvp.run(plainMlp.feeds);
        List<Tensor> got = optHvp.run(plainMlp.feeds);
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(bits(want.get(i)), bits(got.get(i)), hv.get(i).toString());
        }
        System.out.printf("MLP 784-256-256-10 step: %d nodes plain, %d optimised; HVP: %d plain, %d optimised%n",
                plainStep.nodes().size(), optStep.nodes().size(), plainHvp.nodes().size(), optHvp.nodes().size());
        assertTrue(optStep.nodes().size() < plainStep.nodes().size());
        assertTrue(optHvp.nodes().size() < plainHvp.nodes().size());
    }

    /** The MLP of the benchmarks' {@code mlpStep} (784-256-256-10, ReLU, softmax cross-entropy). */
    private static final class Mlp {
        final Graph g = new Graph(DType.FLOAT64);
        final Context ctx = Context.of(g);
        final Sequential model = Sequential.of(Dense.of(784, 256), ActivationLayers.of("relu"), Dense.of(256, 256),
                ActivationLayers.of("relu"), Dense.of(256, 10));
        final List<Param> params = model.params();
        final List<Node> paramNodes = params.stream().map(ctx::param).toList();
        final ParamStore store = Params.initialize(model, new ParamStore(), 42, DType.FLOAT64);
        final Map<Node, Tensor> feeds = new HashMap<>();
        Node loss;

        static Mlp of(int batch) {
            Mlp m = new Mlp();
            Node x = m.g.input("x", Shape.UNKNOWN, 784);
            Node labels = m.g.input("labels", Shape.UNKNOWN);
            m.loss = Losses.softmaxCrossEntropy(m.model.apply(x, m.ctx), labels).named("loss");
            double[] y = new double[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = (i * 7) % 10;
            }
            m.feeds.put(x, Tensor.randomNormal(43, 0, 1, batch, 784));
            m.feeds.put(labels, Tensor.fromArray(y, batch));
            m.feeds.put(m.ctx.training(), Context.TRAIN);
            return m;
        }

        Map<Node, Node> sgdUpdates() {
            Optimizer sgd = Optimizer.sgd();
            Map<Node, Node> updates = sgd.step(ctx, params, Grad.grad(loss, paramNodes, Grad.Unused.ZERO));
            feeds.put(sgd.learningRate(g), Tensor.scalar(0.01));
            return updates;
        }

        List<Node> hvp() {
            List<Node> vs = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                int[] dims = params.get(i).shape().dims();
                Node v = g.input("v/" + params.get(i).name(), dims);
                vs.add(v);
                feeds.put(v, Tensor.randomNormal(100 + i, 0, 1, dims));
            }
            return Grad.hvp(loss, paramNodes, vs);
        }
    }

    private static void sameBits(List<Node> fetches, Map<Node, Node> updates, Map<Node, Tensor> feeds,
            ParamStore plainStore, ParamStore optStore) {
        List<Tensor> want = plain(plainStore).compile(fetches, updates).run(feeds);
        List<Tensor> got = optimised(optStore).compile(fetches, updates).run(feeds);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).shape(), got.get(i).shape());
            assertArrayEquals(bits(want.get(i)), bits(got.get(i)), fetches.get(i).toString());
        }
    }

    private static Session plain(ParamStore store) {
        return new Session(store).optimize(false);
    }

    private static Session optimised(ParamStore store) {
        return new Session(store).optimize(true);
    }

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static int examples() {
        return Math.max(1, Integer.getInteger("nabla.examples", OpGradientProperties.DEFAULT_EXAMPLES) / 2);
    }
}
