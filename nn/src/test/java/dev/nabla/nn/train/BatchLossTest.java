// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Batch;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Lbfgs;
import dev.nabla.nn.optim.Optimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Losses and metrics that see the batch: adapters, targets or none, derivatives by the input, the model elsewhere. */
class BatchLossTest {
    private static TrainOptions quiet(int epochs, int batch) {
        return TrainOptions.defaults().epochs(epochs).batchSize(batch).seed(5).schedule(Schedule.constant(0.01))
                .verbosity(TrainOptions.Verbosity.QUIET);
    }

    private static Layer mlp() {
        return Sequential.of(Dense.of(1, 8), Activation.of("tanh", Node::tanh), Dense.of(8, 1));
    }

    /** y = sin(3 x) on [-1, 1]. */
    private static Dataset wave(int n) {
        Tensor x = Tensor.linspace(-1, 1, n).reshape(n, 1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(3 * x.get(i, 0));
        }
        return new Dataset(x, Tensor.of(Shape.of(n, 1), y));
    }

    @Test
    void anAdaptedLossTrainsExactlyAsTheBinaryOne() {
        Dataset data = wave(32);
        ParamStore a = new ParamStore();
        ParamStore b = new ParamStore();
        History ha = new Trainer(mlp(), Losses::mse, Optimizer.adam(), a).fit(data, quiet(20, 8));
        History hb = new Trainer(mlp(), Loss.of(Losses::mse), Optimizer.adam(), b).fit(data, quiet(20, 8));
        assertEquals(ha.get("loss"), hb.get("loss"));
        assertEquals(a.snapshot(), b.snapshot());
    }

    @Test
    void aLossMayReadTheTargetItself() {
        Dataset data = wave(16);
        Trainer t = new Trainer(mlp(), (Loss) b -> b.prediction().sub(b.target()).abs().mean(), Optimizer.adam(),
                new ParamStore());
        t.fit(data, quiet(3, 16));
        double mae = 0;
        double[] p = t.predict(data.x()).toArray();
        for (int i = 0; i < 16; i++) {
            mae += Math.abs(p[i] - data.y().get(i, 0)) / 16;
        }
        assertEquals(mae, t.evaluate(data).get("loss"), 1e-12);
    }

    /**
     * {@code mean(u'')^2 + u(0)^2} built with Grad.grad twice and the model applied at a constant,
     * against central differences of the trained network's predictions.
     */
    @Test
    void secondDerivativesByTheInputAreOrdinaryGradCalls() {
        int n = 9;
        Dataset points = Dataset.withoutTargets(Tensor.linspace(-1, 1, n).reshape(n, 1));
        Loss curvature = b -> {
            Node x = b.input();
            Node ddu = Grad.grad(Grad.grad(b.prediction().sum(), x).sum(), x);
            return ddu.square().mean().add(b.model(b.graph().constant(Tensor.zeros(1, 1))).square().sum());
        };
        Trainer t = new Trainer(mlp(), curvature, Optimizer.adam(), new ParamStore());
        History h = t.fit(points, quiet(30, n));
        assertTrue(h.get("loss").get(29) < h.get("loss").get(0), h.get("loss").toString());
        double hStep = 1e-4;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double x = -1 + 2.0 * i / (n - 1);
            double[] u = t.predict(Tensor.fromArray(new double[] {x - hStep, x, x + hStep}, 3, 1)).toArray();
            double ddu = (u[0] - 2 * u[1] + u[2]) / (hStep * hStep);
            expected += ddu * ddu / n;
        }
        double u0 = t.predict(Tensor.zeros(1, 1)).item();
        expected += u0 * u0;
        assertEquals(expected, t.evaluate(points).get("loss"), 1e-6 * Math.max(1, expected));
    }

    @Test
    void metricsSeeTheBatchAndComeWithEvaluation() {
        Dataset data = wave(16);
        Trainer t = new Trainer(mlp(), Losses::mse, Optimizer.adam(), new ParamStore())
                .metric("mae", b -> b.prediction().sub(b.target()).abs().mean());
        t.fit(data, quiet(2, 16).validation(data));
        Map<String, Double> m = t.evaluate(data);
        double[] p = t.predict(data.x()).toArray();
        double mae = 0;
        for (int i = 0; i < 16; i++) {
            mae += Math.abs(p[i] - data.y().get(i, 0)) / 16;
        }
        assertEquals(mae, m.get("mae"), 1e-12);
        // Added after the graph is built: the evaluation plan is compiled again with it.
        t.metric("u0", b -> b.model(b.graph().constant(Tensor.zeros(1, 1))).sum());
        assertEquals(t.predict(Tensor.zeros(1, 1)).item(), t.evaluate(data).get("u0"), 1e-15);
        says(() -> t.metric("loss", b -> b.prediction().sum()), "Trainer.metric", "\"loss\" is blank or taken");
        says(() -> t.metric("mae", b -> b.prediction().sum()), "\"mae\" is blank or taken");
        says(() -> t.metric("wide", b -> b.prediction()), "the metric \"wide\" gave", "expected a scalar");
    }

    @Test
    void validationLogsTheMetrics() {
        Dataset data = wave(16);
        Trainer t = new Trainer(mlp(), Losses::mse, Optimizer.adam(), new ParamStore())
                .metric("max_error", b -> b.prediction().sub(b.target()).abs().max());
        History h = t.fit(data, quiet(2, 16).validation(data));
        assertEquals(2, h.get("val_max_error").size(), h.names().toString());
    }

    @Test
    void dataWithoutTargetsTrainsALossThatReadsNone() {
        Dataset points = Dataset.withoutTargets(Tensor.linspace(0, 1, 10).reshape(10, 1));
        assertFalse(points.hasTargets());
        assertTrue(wave(3).hasTargets());
        assertEquals(Shape.of(4, 0), points.rows(new int[] {0, 2, 4, 6}).y().shape());
        Trainer t = new Trainer(mlp(), (Loss) b -> b.prediction().sub(1.0).square().mean(), Optimizer.adam(),
                new ParamStore());
        History h = t.fit(points, quiet(50, 5));
        assertTrue(h.get("loss").get(49) < h.get("loss").get(0) / 4, h.get("loss").toString());
        assertEquals(Map.of("loss", t.evaluate(points).get("loss")), t.evaluate(points));
    }

    @Test
    void aLossThatReadsAbsentTargetsIsRefusedWhenTheGraphIsBuilt() {
        Dataset points = Dataset.withoutTargets(Tensor.ones(4, 1));
        Trainer t = new Trainer(mlp(), Losses::mse, Optimizer.adam(), new ParamStore());
        says(() -> t.fit(points, quiet(1, 4)), "Batch.target: this batch has no targets", "Dataset.withoutTargets");
        says(() -> Dataset.withoutTargets(null), "Dataset.withoutTargets", "x");
        says(() -> Dataset.withoutTargets(Tensor.scalar(1)), "x is a scalar");
    }

    @Test
    void aLossMustBeAScalar() {
        Trainer t = new Trainer(mlp(), (Loss) Batch::prediction, Optimizer.adam(), new ParamStore());
        says(() -> t.fit(wave(4), quiet(1, 4)), "TrainingGraph.build: the loss gave", "expected a scalar", ".mean()");
    }

    @Test
    void lbfgsAfterAdamOnTheSameParamsLowersTheLossAndLeavesAdamsStateAlone() {
        Dataset data = wave(24);
        ParamStore store = new ParamStore();
        Trainer t = new Trainer(mlp(), Losses::mse, Optimizer.adam(), store);
        t.fit(data, quiet(20, 24));
        double afterAdam = t.evaluate(data).get("loss");
        Map<String, Tensor> adamState = Map.of("dense_1/W/adam_m", store.get("dense_1/W/adam_m"),
                "dense_1/W/adam_t", store.get("dense_1/W/adam_t"));
        Lbfgs.Result r = t.minimize(data, Lbfgs.defaults().maxIterations(200));
        assertTrue(r.loss() < afterAdam / 100, afterAdam + " -> " + r);
        assertEquals(r.loss(), t.evaluate(data).get("loss"), 1e-15, "the store holds L-BFGS's final point");
        adamState.forEach((name, v) -> assertEquals(v, store.get(name), name));
        t.fit(data, quiet(1, 24));   // Adam goes on from there
        says(() -> t.minimize(null, Lbfgs.defaults()), "Trainer.minimize", "data");
        says(() -> t.minimize(data, null), "Trainer.minimize", "lbfgs");
    }

    @Test
    void lbfgsRefinesAFloat32ModelInItsOwnType() {
        Dataset data = wave(24);
        ParamStore store = new ParamStore();
        Trainer t = new Trainer(mlp(), Losses::mse, Optimizer.adam(), store, dev.nabla.graph.DType.FLOAT32);
        t.fit(data, quiet(20, 24));
        double afterAdam = t.evaluate(data).get("loss");
        Lbfgs.Result r = t.minimize(data, Lbfgs.defaults().maxIterations(100));
        assertTrue(r.loss() < afterAdam / 10, afterAdam + " -> " + r);
        assertEquals(dev.nabla.graph.DType.FLOAT32, store.get("dense_2/W").dtype());
    }

    /** A loss may name its node; the graph keeps that name instead of "loss". */
    @Test
    void aLossOfOnesOwnMayBeNamed() {
        Trainer t = new Trainer(mlp(), (Loss) b -> b.prediction().square().mean().named("energy"), Optimizer.sgd(),
                new ParamStore());
        assertTrue(Double.isFinite(t.evaluate(wave(4)).get("loss")));
    }

    @Test
    void aBatchChecksItsNodes() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Layer model = mlp();
        Node x = g.input("x", Shape.UNKNOWN, 1);
        Batch b = Batch.of(model, ctx, x, model.apply(x, ctx));
        assertFalse(b.hasTarget());
        Node y = g.input("y", Shape.UNKNOWN, 1);
        assertTrue(b.withTarget(y).hasTarget());
        assertEquals(y, b.withTarget(y).target());
        Graph other = new Graph();
        says(() -> Batch.of(model, ctx, other.input("x", 1), x), "Batch.of: the input", "another graph");
        says(() -> b.withTarget(other.input("y", 1)), "Batch.withTarget: the target", "another graph");
        says(() -> b.model(other.input("z", 1)), "Batch.model: the points", "another graph");
        says(() -> Batch.of(null, ctx, x, x), "Batch.of", "model");
        assertTrue(b.toString().contains("no target"), b.toString());
        Node again = b.model(g.constant(Tensor.fromArray(new double[] {0.5, -2, 3}, 3, 1)));
        ParamStore store = Params.initialize(model, new ParamStore(), 3);
        List<Tensor> out = new Session(store).run(Map.of(x, Tensor.fromArray(new double[] {0.5, -2, 3}, 3, 1)),
                b.prediction(), again);
        assertEquals(out.get(0), out.get(1), "the model elsewhere has the same weights");
    }

    private static void says(Executable call, String... parts) {
        NablaException e = assertThrows(NablaException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "\"" + p + "\" not in: " + e.getMessage());
        }
    }
}
