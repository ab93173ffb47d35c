// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** y = 2 x0 - x1 + 0.5, plus nothing: a linear model can fit it exactly. */
    private static Dataset linear(int n, long seed) {
        Tensor x = Tensor.randomNormal(seed, 0, 1, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * x.get(i, 0) - x.get(i, 1) + 0.5;
        }
        return new Dataset(x, Tensor.of(Shape.of(n, 1), y));
    }

    private static TrainOptions quiet() {
        return TrainOptions.defaults().verbosity(TrainOptions.Verbosity.QUIET);
    }

    @Test
    void gradientDescentStochasticAndMiniBatchAllFitALinearModel() {
        Dataset data = linear(64, 1);
        for (int batch : new int[] {64, 1, 8}) {
            ParamStore store = new ParamStore();
            Trainer t = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), store);
            History h = t.fit(data, quiet().epochs(batch == 64 ? 300 : 40).batchSize(batch).schedule(Schedule.constant(0.05)));
            assertTrue(h.get("loss").get(h.epochs() - 1) < 1e-6, "batch " + batch + ": " + h);
            assertArrayEquals(new double[] {2, -1}, store.get("dense/W").toArray(), 1e-3, "batch " + batch);
        }
    }

    /** The same run in float32: weights stay float32, losses follow float64's, and checkpoints keep the type. */
    @Test
    void aFloat32TrainerFollowsTheFloat64Run(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset data = linear(48, 11);
        List<Double> wide = null;
        for (DType type : DType.values()) {
            ParamStore store = new ParamStore();
            Layer mlp = Sequential.of(Dense.of(2, 8), Activation.of("tanh", Node::tanh), Dense.of(8, 1));
            Trainer t = new Trainer(mlp, Losses::mse, Optimizer.adam(), store, type);
            History h = t.fit(data, quiet().epochs(20).batchSize(8).seed(3).schedule(Schedule.constant(0.02)));
            assertEquals(type, store.get("dense_2/W").dtype());
            assertEquals(type, t.predict(data.x()).dtype());
            if (type == DType.FLOAT64) {
                wide = h.get("loss");
                continue;
            }
            List<Double> narrow = h.get("loss");
            assertTrue(narrow.get(19) < narrow.get(0) / 10, "float32 training lowers the loss: " + narrow);
            for (int e = 0; e < 20; e++) {
                assertEquals(wide.get(e), narrow.get(e), 1e-4 * wide.get(0), "epoch " + e);
            }
            java.nio.file.Path file = dir.resolve("w.ckpt");
            dev.nabla.nn.io.Checkpoint.save(file, store);
            Tensor saved = store.get("dense_2/W");
            store.put("dense_2/W", Tensor.zeros(8, 1).to(DType.FLOAT32));
            dev.nabla.nn.io.Checkpoint.load(file, store, mlp.params());
            assertEquals(saved, store.get("dense_2/W"), "a float32 value comes back bit for bit, as float32");
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        Dataset data = linear(40, 2);
        double[] first = null;
        for (int run = 0; run < 2; run++) {
            ParamStore store = new ParamStore();
            Layer mlp = Sequential.of(Dense.of(2, 8), Activation.of("tanh", Node::tanh), Dense.of(8, 1));
            new Trainer(mlp, Losses::mse, Optimizer.adam(), store).fit(data, quiet().epochs(5).batchSize(4).seed(9));
            double[] w = store.get("dense_2/W").toArray();
            if (first != null) {
                assertArrayEquals(first, w, 0.0);
            }
            first = w;
        }
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        Dataset data = linear(32, 3);
        Dataset val = linear(16, 4);
        ParamStore store = new ParamStore();
        Trainer t = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), store);
        // A rate this large makes the loss oscillate and grow, so the best epoch is an early one.
        History h = t.fit(data, quiet().epochs(50).batchSize(32).schedule(Schedule.constant(1.02)).validation(val).patience(3));
        List<Double> losses = h.get("val_loss");
        int best = losses.indexOf(losses.stream().min(Double::compare).orElseThrow());
        assertTrue(h.epochs() < 50, "stopped early: " + h.epochs());
        assertEquals(losses.get(best), t.evaluate(val).get("loss"), 1e-9 * Math.max(1, losses.get(best)));
    }

    @Test
    void dropLastSkipsTheSmallerFinalBatch() {
        Dataset data = linear(10, 6);
        for (boolean drop : new boolean[] {false, true}) {
            int[] steps = new int[1];
            Schedule counting = (epoch, step) -> {
                steps[0]++;
                return 0.01;
            };
            new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), new ParamStore())
                    .fit(data, quiet().epochs(2).batchSize(4).schedule(counting).dropLast(drop));
            assertEquals(drop ? 4 : 6, steps[0], "steps with dropLast " + drop);
        }
    }

    @Test
    void schedulesFollowTheirFormulas() {
        assertEquals(0.1 * 0.5 * 0.5, Schedule.step(0.1, 2, 0.5).rate(5, 0), 1e-15);
        assertEquals(0.1 * Math.pow(0.9, 3), Schedule.exponential(0.1, 0.9).rate(3, 0), 1e-15);
        assertEquals(0.1, Schedule.cosine(0.1, 10, 0).rate(0, 0), 1e-15);
        assertEquals(0.05, Schedule.cosine(0.1, 10, 0).rate(5, 0), 1e-15);
        assertEquals(0.0, Schedule.cosine(0.1, 10, 0).rate(10, 0), 1e-15);
        assertEquals(0.1 / 4, Schedule.warmup(Schedule.constant(0.1), 4).rate(0, 0), 1e-15);
        assertEquals(0.1, Schedule.warmup(Schedule.constant(0.1), 4).rate(0, 4), 1e-15);
        Schedule plateau = Schedule.reduceOnPlateau(0.1, 0.5, 1);
        plateau.epochEnd(0, 1.0);
        plateau.epochEnd(1, 1.0);
        assertEquals(0.1, plateau.rate(2, 0), 1e-15);
        plateau.epochEnd(2, 1.0);
        assertEquals(0.05, plateau.rate(3, 0), 1e-15);
    }

    @Test
    void aDivergingRunStopsWithAClearError() {
        Dataset data = linear(32, 5);
        Trainer t = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), new ParamStore());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.nabla.graph.NablaException.class,
                () -> t.fit(data, quiet().epochs(500).batchSize(32).schedule(Schedule.constant(50.0))));
        assertTrue(e.getMessage().contains("learning rate 50.0"), e.getMessage());
    }
}
