// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static final double EPS = BatchNorm.EPSILON;
    private static final double[] GAMMA = {1.5, -0.5, 2.0};
    private static final double[] BETA = {0.25, 1.0, -3.0};

    /** A batch [n, 3] whose features have different means and spreads. */
    private static Tensor batch(long seed, int n) {
        double[] v = Tensor.randomNormal(seed, 0, 1, n, 3).toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * (1 + i % 3) + 2.0 * (i % 3) - 1.0;
        }
        return Tensor.fromArray(v, n, 3);
    }

    /** Per-feature mean of a [n, c] tensor. */
    private static double[] columnMean(Tensor t) {
        int n = t.shape().dim(0);
        int c = t.shape().dim(1);
        double[] m = new double[c];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                m[j] += t.get(i, j) / n;
            }
        }
        return m;
    }

    /** Per-feature variance of a [n, c] tensor with divisor n - ddof. */
    private static double[] columnVar(Tensor t, int ddof) {
        int n = t.shape().dim(0);
        double[] m = columnMean(t);
        double[] v = new double[m.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m.length; j++) {
                double d = t.get(i, j) - m[j];
                v[j] += d * d / (n - ddof);
            }
        }
        return v;
    }

    /** A graph with x [?, 3] through a placed batch-norm layer, and a store with GAMMA and BETA. */
    private record Rig(Node x, Node y, Context ctx, BatchNorm bn, ParamStore store) {
        static Rig of(double momentum) {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node x = g.input("x", Shape.UNKNOWN, 3);
            BatchNorm bn = BatchNorm.of(3, momentum, EPS).named("bn");
            Node y = bn.apply(x, ctx);
            ParamStore store = Params.initialize(bn, new ParamStore(), 1);
            store.put("bn/gamma", Tensor.fromArray(GAMMA, 3)).put("bn/beta", Tensor.fromArray(BETA, 3));
            return new Rig(x, y, ctx, bn, store);
        }

        Map<Node, Tensor> feeds(Tensor xs, Tensor mode) {
            return Map.of(x, xs, ctx.training(), mode);
        }
    }

    @Test
    void batchNormTrainingNormalisesEachFeatureWithBatchStatistics() {
        Rig r = Rig.of(0.1);
        Tensor xs = batch(3, 10);
        Tensor out = new Session(r.store()).run(r.feeds(xs, Context.TRAIN), r.y()).get(0);
        double[] mean = columnMean(xs);
        double[] var = columnVar(xs, 0);
        double[] normalized = new double[30];
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 3; j++) {
                double xhat = (xs.get(i, j) - mean[j]) / Math.sqrt(var[j] + EPS);
                assertEquals(GAMMA[j] * xhat + BETA[j], out.get(i, j), 1e-12);
                normalized[i * 3 + j] = (out.get(i, j) - BETA[j]) / GAMMA[j];
            }
        }
        Tensor before = Tensor.fromArray(normalized, 10, 3);
        double[] m = columnMean(before);
        double[] v = columnVar(before, 0);
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, m[j], 1e-12);
            assertEquals(1.0, v[j], 1e-4); // var / (var + eps)
        }
    }

    @Test
    void batchNormEvaluationUsesTheRunningStatistics() {
        Rig r = Rig.of(0.1);
        double[] rm = {0.5, -1.0, 2.0};
        double[] rv = {4.0, 0.25, 1.0};
        r.store().put("bn/running_mean", Tensor.fromArray(rm, 3)).put("bn/running_var", Tensor.fromArray(rv, 3));
        Tensor xs = batch(4, 1); // a batch of one works in evaluation
        Tensor out = new Session(r.store()).run(r.feeds(xs, Context.EVAL), r.y()).get(0);
        for (int j = 0; j < 3; j++) {
            double expected = GAMMA[j] * (xs.get(0, j) - rm[j]) / Math.sqrt(rv[j] + EPS) + BETA[j];
            assertEquals(expected, out.get(0, j), 1e-12);
        }
    }

    @Test
    void runningStatisticsFollowTheMomentumRecursionAndOnlyTrainingChangesThem() {
        double momentum = 0.3;
        Rig r = Rig.of(momentum);
        Session s = new Session(r.store());
        Node loss = r.y().square().mean();
        Plan train = s.compile(List.of(loss), r.ctx().updates());
        double[] rm = {0, 0, 0};
        double[] rv = {1, 1, 1};
        for (int k = 0; k < 4; k++) {
            Tensor xs = batch(10 + k, 5 + k); // batch sizes change from step to step
            train.run(r.feeds(xs, Context.TRAIN));
            double[] m = columnMean(xs);
            double[] v = columnVar(xs, 1); // unbiased, as PyTorch
            for (int j = 0; j < 3; j++) {
                rm[j] = (1 - momentum) * rm[j] + momentum * m[j];
                rv[j] = (1 - momentum) * rv[j] + momentum * v[j];
            }
            Tensor mean = s.params().get("bn/running_mean");
            Tensor var = s.params().get("bn/running_var");
            assertTrue(Tensor.fromArray(rm, 3).allClose(mean, 1e-12, 1e-12), "step " + k + ": running mean " + mean);
            assertTrue(Tensor.fromArray(rv, 3).allClose(var, 1e-12, 1e-12), "step " + k + ": running variance " + var);
        }
        Tensor mean = s.params().get("bn/running_mean");
        Tensor var = s.params().get("bn/running_var");
        s.run(r.feeds(batch(99, 6), Context.EVAL), r.y());
        // Even the training plan leaves them alone when the switch says evaluate.
        train.run(r.feeds(batch(98, 6), Context.EVAL));
        assertEquals(mean, s.params().get("bn/running_mean"));
        assertEquals(var, s.params().get("bn/running_var"));
    }

    @Test
    void batchNormNormalisesOverAllButTheLastAxis() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", 2, 4, 3);
        BatchNorm bn = BatchNorm.of(3).named("bn");
        Node y = bn.apply(x, ctx);
        Tensor xs = Tensor.randomNormal(5, 1, 2, 2, 4, 3);
        ParamStore store = Params.initialize(bn, new ParamStore(), 1);
        Tensor out = new Session(store).run(Map.of(x, xs, ctx.training(), Context.TRAIN), y).get(0);
        Tensor flat = xs.reshape(8, 3);
        double[] mean = columnMean(flat);
        double[] var = columnVar(flat, 0);
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((flat.get(i, j) - mean[j]) / Math.sqrt(var[j] + EPS), out.get(i / 4, i % 4, j), 1e-12);
            }
        }
        assertEquals(Shape.of(3), ctx.updates().values().iterator().next().shape());
    }

    @Test
    void layerNormNormalisesEachSampleOverTheLastAxis() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3);
        LayerNorm ln = LayerNorm.of(3, 1e-3).named("ln");
        Node y = ln.apply(x, ctx);
        ParamStore store = Params.initialize(ln, new ParamStore(), 1);
        store.put("ln/gamma", Tensor.fromArray(GAMMA, 3)).put("ln/beta", Tensor.fromArray(BETA, 3));
        Tensor xs = batch(6, 7);
        Tensor out = new Session(store).run(Map.of(x, xs), y).get(0);
        for (int i = 0; i < 7; i++) {
            double m = (xs.get(i, 0) + xs.get(i, 1) + xs.get(i, 2)) / 3;
            double v = 0;
            for (int j = 0; j < 3; j++) {
                v += (xs.get(i, j) - m) * (xs.get(i, j) - m) / 3;
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(GAMMA[j] * (xs.get(i, j) - m) / Math.sqrt(v + 1e-3) + BETA[j], out.get(i, j), 1e-12);
            }
        }
        assertTrue(ctx.updates().isEmpty());
    }

    @Test
    void batchNormGradientsMatchFiniteDifferencesInTraining() {
        BatchNorm bn = BatchNorm.of(3);
        Tensor rm = Tensor.fromArray(new double[] {0.1, -0.2, 0.3}, 3);
        Tensor rv = Tensor.fromArray(new double[] {0.5, 1.5, 2.0}, 3);
        // x, gamma, beta, running mean and variance are all inputs; the switch is the constant 1.
        GradCheck.assertPasses(
                xs -> bn.forward(xs.get(0), xs.get(0).graph().scalar(1.0), xs.get(1), xs.get(2), xs.get(3), xs.get(4)).y(),
                List.of(batch(7, 6), Tensor.fromArray(GAMMA, 3), Tensor.fromArray(BETA, 3), rm, rv));
    }

    @Test
    void batchNormGradientsMatchFiniteDifferencesInEvaluationAndForRankThree() {
        BatchNorm bn = BatchNorm.of(3);
        Tensor rm = Tensor.fromArray(new double[] {0.1, -0.2, 0.3}, 3);
        Tensor rv = Tensor.fromArray(new double[] {0.5, 1.5, 2.0}, 3);
        GradCheck.assertPasses(
                xs -> bn.forward(xs.get(0), xs.get(0).graph().scalar(0.0), xs.get(1), xs.get(2), xs.get(3), xs.get(4)).y(),
                List.of(batch(8, 4), Tensor.fromArray(GAMMA, 3), Tensor.fromArray(BETA, 3), rm, rv));
        GradCheck.assertPasses(xs -> {
            Graph g = xs.get(0).graph();
            return bn.forward(xs.get(0), g.scalar(1.0), xs.get(1), xs.get(2), g.constant(rm), g.constant(rv)).y();
        }, List.of(Tensor.randomNormal(9, 0, 1, 2, 3, 3), Tensor.fromArray(GAMMA, 3), Tensor.fromArray(BETA, 3)));
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        LayerNorm ln = LayerNorm.of(3);
        GradCheck.assertPasses(xs -> ln.forward(xs.get(0), xs.get(1), xs.get(2)),
                List.of(batch(10, 5), Tensor.fromArray(GAMMA, 3), Tensor.fromArray(BETA, 3)));
    }

    @Test
    void paramsAreNamedByPlaceAndStateIsNotCounted() {
        Layer model = Sequential.of(Dense.of(4, 3), BatchNorm.of(3), Dense.of(3, 3), BatchNorm.of(3), LayerNorm.of(3));
        List<String> names = model.params().stream().map(Param::name).toList();
        assertEquals(List.of("dense_1/W", "dense_1/b", "batchnorm_1/gamma", "batchnorm_1/beta", "batchnorm_1/running_mean",
                "batchnorm_1/running_var", "dense_2/W", "dense_2/b", "batchnorm_2/gamma", "batchnorm_2/beta",
                "batchnorm_2/running_mean", "batchnorm_2/running_var", "layernorm_1/gamma", "layernorm_1/beta"), names);
        assertEquals(4 * 3 + 3 + 3 + 3 + 3 * 3 + 3 + 3 + 3 + 3 + 3, Params.count(model));
        ParamStore store = Params.initialize(model, new ParamStore(), 0);
        assertEquals(Tensor.ones(3), store.get("batchnorm_2/gamma"));
        assertEquals(Tensor.zeros(3), store.get("batchnorm_2/running_mean"));
        assertEquals(Tensor.ones(3), store.get("batchnorm_2/running_var"));
        assertEquals(Tensor.zeros(3), store.get("layernorm_1/beta"));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(NablaException.class, () -> BatchNorm.of(0));
        assertThrows(NablaException.class, () -> BatchNorm.of(3, 1.5, 1e-5));
        assertThrows(NablaException.class, () -> BatchNorm.of(3, 0.1, 0.0));
        assertThrows(NablaException.class, () -> LayerNorm.of(3, -1));
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 4);
        assertThrows(ShapeException.class, () -> BatchNorm.of(3).apply(x, ctx));
        assertThrows(ShapeException.class, () -> LayerNorm.of(3).apply(x, ctx));
    }

    @Test
    void aDeepNetworkWithBatchNormTrains() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node t = g.input("t", Shape.UNKNOWN, 1);
        Layer model = Sequential.of(
                Dense.of(4, 16), BatchNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 16), BatchNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 16), BatchNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 16), BatchNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 1));
        Node loss = model.apply(x, ctx).sub(t).square().mean();
        // The optimizer moves the trainable params only; the running statistics follow ctx.updates().
        List<Node> ps = model.params().stream().filter(Param::trainable).map(ctx::param).toList();
        List<Node> grads = Grad.grad(loss, ps, Grad.Unused.ERROR);
        Map<Node, Node> step = new HashMap<>(ctx.updates());
        for (int i = 0; i < ps.size(); i++) {
            step.put(ps.get(i), ps.get(i).sub(grads.get(i).mul(0.1)));
        }
        Session s = new Session(Params.initialize(model, new ParamStore(), 3));
        Plan plan = s.compile(List.of(loss), step);
        Tensor xs = Tensor.randomNormal(1, 0, 1, 32, 4);
        double[] target = new double[32];
        for (int i = 0; i < 32; i++) {
            target[i] = Math.sin(xs.get(i, 0)) + xs.get(i, 1) * xs.get(i, 2) - 0.5 * xs.get(i, 3);
        }
        Map<Node, Tensor> feeds = Map.of(x, xs, t, Tensor.fromArray(target, 32, 1), ctx.training(), Context.TRAIN);
        double first = plan.run(feeds).get(0).item();
        double last = first;
        for (int i = 0; i < 150; i++) {
            last = plan.run(feeds).get(0).item();
        }
        assertTrue(last < 0.1 * first, first + " -> " + last);
        assertNotEquals(Tensor.zeros(16), s.params().get("batchnorm_4/running_mean"));
        Map<Node, Tensor> eval = Map.of(x, xs, t, Tensor.fromArray(target, 32, 1), ctx.training(), Context.EVAL);
        double evalLoss = s.run(eval, loss).get(0).item();
        assertTrue(evalLoss < 0.1 * first, "evaluation loss " + evalLoss + " vs first " + first);
    }
}
