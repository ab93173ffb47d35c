// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.nabla.nn.Context;
import dev.nabla.nn.Init;
import dev.nabla.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OptimizerTest {
    private static final double[] A = {1.0, 4.0};
    private static final double[] START = {1.5, -2.0};
    private static final double LR = 0.1;

    /** Runs an optimizer on a param p of shape [2] with the given loss, returning p after each step. */
    private static List<double[]> run(Optimizer opt, Function<Node, Node> loss, double[] start, double lr, int steps) {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Param p = Param.of("p", Shape.of(2), Init.zeros());
        Node l = loss.apply(ctx.param(p));
        Map<Node, Node> updates = opt.step(ctx, List.of(p), List.of(Grad.grad(l, ctx.param(p))));
        ParamStore store = new ParamStore().put("p", Tensor.of(Shape.of(2), start));
        for (Param s : opt.state(List.of(p))) {
            store.put(s.name(), s.init().sample(s.shape(), 0));
        }
        Plan plan = new Session(store).compile(List.of(l), updates);
        List<double[]> trace = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            plan.run(Map.of(opt.learningRate(g), Tensor.scalar(lr)));
            trace.add(store.get("p").toArray());
        }
        return trace;
    }

    private static Node quadratic(Node p) {
        return p.square().mul(p.graph().constant(Tensor.of(Shape.of(2), A))).sum().mul(0.5);
    }

    private static double[] grad(double[] p) {
        return new double[] {A[0] * p[0], A[1] * p[1]};
    }

    /** The published update rules, written out by hand, one element at a time. */
    private interface Reference {
        double[] step(double[] p, double[] g, int t);
    }

    private static Stream<Map.Entry<String, Map.Entry<Optimizer, Reference>>> cases() {
        double[] m = new double[2];
        double[] v = new double[2];
        double[] s = new double[2];
        double[] r = new double[2];
        double[] mn = new double[2];
        double[] ma = new double[2];
        double[] va = new double[2];
        double[] mw = new double[2];
        double[] vw = new double[2];
        return Stream.of(
                Map.entry("sgd", Map.entry(Optimizer.sgd(), (p, g, t) -> new double[] {p[0] - LR * g[0], p[1] - LR * g[1]})),
                Map.entry("momentum", Map.entry(Optimizer.momentum(0.9), (p, g, t) -> {
                    for (int i = 0; i < 2; i++) {
                        m[i] = 0.9 * m[i] + g[i];
                    }
                    return new double[] {p[0] - LR * m[0], p[1] - LR * m[1]};
                })),
                Map.entry("nesterov", Map.entry(Optimizer.nesterov(0.9), (p, g, t) -> {
                    double[] out = new double[2];
                    for (int i = 0; i < 2; i++) {
                        mn[i] = 0.9 * mn[i] + g[i];
                        out[i] = p[i] - LR * (g[i] + 0.9 * mn[i]);
                    }
                    return out;
                })),
                Map.entry("adagrad", Map.entry(Optimizer.adagrad(), (p, g, t) -> {
                    double[] out = new double[2];
                    for (int i = 0; i < 2; i++) {
                        s[i] += g[i] * g[i];
                        out[i] = p[i] - LR * g[i] / (Math.sqrt(s[i]) + 1e-10);
                    }
                    return out;
                })),
                Map.entry("rmsprop", Map.entry(Optimizer.rmsprop(), (p, g, t) -> {
                    double[] out = new double[2];
                    for (int i = 0; i < 2; i++) {
                        r[i] = 0.99 * r[i] + 0.01 * g[i] * g[i];
                        out[i] = p[i] - LR * g[i] / (Math.sqrt(r[i]) + 1e-8);
                    }
                    return out;
                })),
                Map.entry("adam", Map.entry(Optimizer.adam(), (p, g, t) -> adamStep(p, g, t, ma, va, 0.0))),
                Map.entry("adamw", Map.entry(Optimizer.adamW(0.01), (p, g, t) -> adamStep(p, g, t, mw, vw, 0.01))));
    }

    private static double[] adamStep(double[] p, double[] g, int t, double[] m, double[] v, double wd) {
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(0.9, t));
            double vHat = v[i] / (1 - Math.pow(0.999, t));
            out[i] = p[i] - LR * (mHat / (Math.sqrt(vHat) + 1e-8) + wd * p[i]);
        }
        return out;
    }

    @Test
    void sgdStepIsExactlyTheParamMinusRateTimesGradient() {
        // The update negates the scalar rate rather than the product; IEEE makes that the same bits.
        int n = 1000;
        Tensor c = Tensor.randomNormal(5, 0, 3, n);
        Tensor start = Tensor.randomNormal(6, 0, 10, n);
        double lr = 0.0123;
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Param p = Param.of("p", Shape.of(n), Init.zeros());
        Node l = ctx.param(p).mul(g.constant(c)).sum();
        Optimizer sgd = Optimizer.sgd();
        ParamStore store = new ParamStore().put("p", start);
        new Session(store).compile(List.of(l), sgd.step(ctx, List.of(p), List.of(Grad.grad(l, ctx.param(p)))))
                .run(Map.of(sgd.learningRate(g), Tensor.scalar(lr)));
        double[] after = store.get("p").toArray();
        for (int i = 0; i < n; i++) {
            double expected = start.toArray()[i] - lr * c.toArray()[i];
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(after[i]), "element " + i);
        }
    }

    @TestFactory
    Stream<DynamicTest> threeStepsMatchThePublishedFormula() {
        return cases().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            List<double[]> trace = run(c.getValue().getKey(), OptimizerTest::quadratic, START, LR, 3);
            double[] p = START.clone();
            for (int t = 1; t <= 3; t++) {
                p = c.getValue().getValue().step(p, grad(p), t);
                assertArrayEquals(p, trace.get(t - 1), 1e-12, c.getKey() + " step " + t);
            }
        }));
    }

    private static Node rosenbrock(Node p) {
        Node x = dev.nabla.graph.Indexing.slice(p, 0, 0, 1).sum();
        Node y = dev.nabla.graph.Indexing.slice(p, 0, 1, 2).sum();
        return x.neg().add(1.0).square().add(y.sub(x.square()).square().mul(100.0));
    }

    @TestFactory
    Stream<DynamicTest> eachOptimizerConverges() {
        record Run(String name, Optimizer opt, double lrQuadratic, double lrRosen, int steps) {}
        return Stream.of(
                new Run("sgd", Optimizer.sgd(), 0.1, 1e-3, 20_000),
                new Run("momentum", Optimizer.momentum(0.9), 0.05, 2e-4, 20_000),
                new Run("nesterov", Optimizer.nesterov(0.9), 0.05, 2e-4, 20_000),
                new Run("adagrad", Optimizer.adagrad(), 0.5, 0.5, 20_000),
                new Run("rmsprop", Optimizer.rmsprop(), 1e-3, 1e-3, 20_000),
                new Run("adam", Optimizer.adam(), 0.05, 0.01, 20_000),
                new Run("adamw", Optimizer.adamW(1e-4), 0.05, 0.01, 20_000),
                new Run("adam clipped", Optimizer.adam().clipByGlobalNorm(1.0), 0.05, 0.01, 20_000))
                .map(r -> DynamicTest.dynamicTest(r.name(), () -> {
                    double[] q = last(run(r.opt(), OptimizerTest::quadratic, START, r.lrQuadratic(), 5_000));
                    assertArrayEquals(new double[] {0, 0}, q, 1e-3, r.name() + " on the quadratic");
                    double[] ros = last(run(r.opt(), OptimizerTest::rosenbrock, new double[] {-1.2, 1.0}, r.lrRosen(), r.steps()));
                    assertArrayEquals(new double[] {1, 1}, ros, 2e-2, r.name() + " on Rosenbrock from (-1.2, 1)");
                }));
    }

    private static double[] last(List<double[]> trace) {
        return trace.get(trace.size() - 1);
    }

    @Test
    void clippingByGlobalNormScalesAllGradientsTogether() {
        List<double[]> trace = run(Optimizer.sgd().clipByGlobalNorm(1.0), OptimizerTest::quadratic, START, 1.0, 1);
        double[] g = grad(START);
        double norm = Math.hypot(g[0], g[1]);
        assertEquals(START[0] - g[0] / norm, trace.get(0)[0], 1e-12);
        assertEquals(START[1] - g[1] / norm, trace.get(0)[1], 1e-12);
    }

    @Test
    void clippingByValueBoundsEachElement() {
        Optimizer opt = Optimizer.chain(Transforms.clipByValue(0.5), Transforms.scaleByLearningRate());
        List<double[]> trace = run(opt, OptimizerTest::quadratic, START, 1.0, 1);
        assertArrayEquals(new double[] {START[0] - 0.5, START[1] + 0.5}, trace.get(0), 1e-12);
        assertTrue(trace.get(0)[0] < START[0]);
    }
}
