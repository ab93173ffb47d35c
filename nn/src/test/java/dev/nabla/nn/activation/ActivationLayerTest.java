// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The activation layers: learnable parameters train, RReLU switches on the context, every name builds. */
class ActivationLayerTest {
    private static final Tensor X = Tensor.randomNormal(11, 0, 2, 32, 3);

    /** A target no single activation fits exactly: sin(x0) + |x1| - x2^2 / 4. */
    private static Tensor target() {
        double[] t = new double[32];
        for (int n = 0; n < 32; n++) {
            t[n] = Math.sin(X.get(n, 0)) + Math.abs(X.get(n, 1)) - X.get(n, 2) * X.get(n, 2) / 4;
        }
        return Tensor.fromArray(t, 32, 1);
    }

    static Stream<Layer> learnable() {
        return Stream.of(PReLU.shared(), PReLU.perChannel(4), SReLU.of(4), Apl.of(2, 4), SoftExponential.of());
    }

    @TestFactory
    Stream<DynamicTest> learnableParamsGetGradientsAndMoveUnderSgd() {
        return learnable().map(act -> dynamicTest(act.kind() + " " + act.params().get(0).shape(), () -> {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node x = g.input("x", Shape.UNKNOWN, 3);
            Node t = g.input("t", Shape.UNKNOWN, 1);
            Layer model = Sequential.of(Dense.of(3, 4), act, Dense.of(4, 1));
            Node loss = model.apply(x, ctx).sub(t).square().mean();
            List<Node> ps = model.params().stream().map(ctx::param).toList();
            List<Node> grads = Grad.grad(loss, ps, Grad.Unused.ERROR);
            Map<Node, Node> step = new HashMap<>();
            for (int i = 0; i < ps.size(); i++) {
                step.put(ps.get(i), ps.get(i).sub(grads.get(i).mul(0.02)));
            }
            ParamStore store = Params.initialize(model, new ParamStore(), 5);
            Session s = new Session(store);
            Map<Node, Tensor> feeds = Map.of(x, X, t, target());
            List<Param> own = model.params().stream().filter(p -> !p.name().startsWith("dense")).toList();
            assertEquals(act.params().size(), own.size());
            List<Tensor> g0 = s.run(feeds, grads.toArray(new Node[0]));
            Map<String, Tensor> before = store.snapshot();
            for (int i = 0; i < ps.size(); i++) {
                String name = model.params().get(i).name();
                if (own.stream().anyMatch(p -> p.name().equals(name))) {
                    double norm = java.util.Arrays.stream(g0.get(i).toArray()).map(Math::abs).sum();
                    assertTrue(norm > 1e-6, name + " gets no gradient: " + g0.get(i));
                }
            }
            Plan plan = s.compile(List.of(loss), step);
            double first = plan.run(feeds).get(0).item();
            double last = first;
            for (int i = 0; i < 30; i++) {
                last = plan.run(feeds).get(0).item();
            }
            assertTrue(last < first, act.kind() + ": loss " + first + " -> " + last);
            for (Param p : own) {
                double moved = maxAbsDiff(before.get(p.name()), store.get(p.name()));
                assertTrue(moved > 1e-4, p.name() + " did not move: " + before.get(p.name()) + " -> " + store.get(p.name()));
            }
        }));
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    @Test
    void rreluDrawsSlopesWhileTrainingAndUsesTheirMeanWhileEvaluating() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 50);
        Node y = Sequential.of(RReLU.of(0.1, 0.3, 7)).apply(x, ctx);
        double[] in = new double[200];
        for (int i = 0; i < in.length; i++) {
            in[i] = i % 5 == 0 ? 1.0 + i : -1.0 - i;
        }
        Tensor xs = Tensor.fromArray(in, 4, 50);
        Session s = new Session(new ParamStore(), 3);
        double[] run1 = s.run(Map.of(x, xs, ctx.training(), Context.TRAIN), y).get(0).toArray();
        double[] run2 = s.run(Map.of(x, xs, ctx.training(), Context.TRAIN), y).get(0).toArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int changed = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] > 0) {
                assertEquals(in[i], run1[i], 0.0);
                continue;
            }
            double slope = run1[i] / in[i];
            assertTrue(slope >= 0.1 && slope < 0.3, "slope " + slope + " at " + i);
            lo = Math.min(lo, slope);
            hi = Math.max(hi, slope);
            changed += run1[i] != run2[i] ? 1 : 0;
        }
        assertTrue(lo < 0.12 && hi > 0.28, "160 uniform slopes should spread over [0.1, 0.3): " + lo + " .. " + hi);
        assertTrue(changed > 150, "slopes should be redrawn at every run; " + changed + " of 160 changed");
        Tensor eval1 = s.run(Map.of(x, xs, ctx.training(), Context.EVAL), y).get(0);
        Tensor eval2 = s.run(Map.of(x, xs, ctx.training(), Context.EVAL), y).get(0);
        Tensor leaky = s.run(Map.of(x, xs), Activations.leakyRelu(x, 0.2)).get(0);
        assertEquals(leaky, eval1);
        assertEquals(eval1, eval2);
    }

    @Test
    void rreluLayersOfOneModelDrawDifferentSlopes() {
        Sequential model = Sequential.of(RReLU.of(0.1, 0.3, 7), RReLU.of(0.1, 0.3, 7));
        assertNotEquals(((RReLU) model.layers().get(0)).seed(), ((RReLU) model.layers().get(1)).seed());
    }

    @TestFactory
    Stream<DynamicTest> everyCatalogNameGivesALayerThatRunsInAModel() {
        return ActivationCatalog.all().stream().map(a -> dynamicTest(a.name(), () -> {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node x = g.input("x", Shape.UNKNOWN, 3);
            Layer model = Sequential.of(Dense.of(3, 4), ActivationLayers.of(a.name()), Dense.of(4, 2));
            Node y = model.apply(x, ctx);
            Session s = new Session(Params.initialize(model, new ParamStore(), 1));
            for (Tensor mode : List.of(Context.TRAIN, Context.EVAL)) {
                for (double v : s.run(Map.of(x, X, ctx.training(), mode), y).get(0).toArray()) {
                    assertTrue(Double.isFinite(v), a.name() + " gives " + v);
                }
            }
        }));
    }

    @Test
    void catalogNamesAreUniqueSnakeCaseAndUnknownNamesAreRefused() {
        List<String> names = ActivationCatalog.all().stream().map(ActivationInfo::name).toList();
        assertEquals(names.size(), names.stream().distinct().count());
        assertTrue(names.stream().allMatch(n -> n.matches("[a-z][a-z0-9_]*")), names.toString());
        assertEquals(34, names.size());
        NablaException e = assertThrows(NablaException.class, () -> ActivationCatalog.get("swish"));
        assertTrue(e.getMessage().contains("leaky_relu"), e.getMessage());
        assertThrows(NablaException.class, () -> ActivationLayers.of("nope"));
    }

    @Test
    void badArgumentsNameTheActivation() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        ShapeException alpha = assertThrows(ShapeException.class, () -> Activations.prelu(x, g.constant(Tensor.zeros(4))));
        assertTrue(alpha.getMessage().startsWith("prelu(\"x\" [2, 3]"), alpha.getMessage());
        assertThrows(ShapeException.class, () -> Activations.apl(x, g.constant(Tensor.zeros(2)), g.constant(Tensor.zeros(3))));
        assertThrows(ShapeException.class, () -> Activations.brelu(g.scalar(1.0)));
        assertThrows(NablaException.class, () -> Activations.isru(x, 0.0));
        assertThrows(NablaException.class, () -> Activations.rrelu(x, 0.3, 0.1, Context.of(g).training(), 1));
        assertThrows(NablaException.class, () -> Activations.relu(null));
        assertThrows(ShapeException.class, () -> Activations.softmax(x, 2));
    }
}
