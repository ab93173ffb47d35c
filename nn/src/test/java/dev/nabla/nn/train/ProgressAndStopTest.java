// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's progress output (the live bar and the per-epoch lines) and a callback that stops training. */
class ProgressAndStopTest {
    private static Dataset linear(int n) {
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = Math.sin(i);
            x[2 * i + 1] = Math.cos(3 * i);
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5;
        }
        return new Dataset(Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n, 1), y));
    }

    @Test
    void onATerminalTheBarCountsSamplesAndShowsTheRunningLoss() {
        List<String> frames = new ArrayList<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ProgressReporter p = new ProgressReporter(TrainOptions.Verbosity.AUTO, 2, true, frames::add,
                new PrintStream(lines, true, StandardCharsets.UTF_8));
        p.startEpoch(0, 100);
        p.step(60, 0.25);
        p.step(40, 0.125);
        p.endEpoch(Map.of("loss", 0.125));
        String last = frames.get(frames.size() - 1);
        assertTrue(last.startsWith("epoch 1/2"), last);
        assertTrue(last.contains("100%") && last.contains("100/100"), "the last frame shows the epoch done: " + last);
        assertTrue(last.contains("loss 0.1250"), "the last frame shows the running loss: " + last);
        String printed = lines.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("epoch 1/2  loss 0.1250"), printed);
    }

    @Test
    void offATerminalEachEpochIsOneLineAndQuietPrintsNothing() {
        List<String> frames = new ArrayList<>();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ProgressReporter auto = new ProgressReporter(TrainOptions.Verbosity.AUTO, 3, false, frames::add,
                new PrintStream(lines, true, StandardCharsets.UTF_8));
        for (int e = 0; e < 3; e++) {
            auto.startEpoch(e, 10);
            auto.step(10, 1.0 / (e + 1));
            auto.endEpoch(Map.of("loss", 1.0 / (e + 1)));
        }
        assertTrue(frames.isEmpty(), "no bar off a terminal: " + frames);
        String[] printed = lines.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, printed.length);
        assertTrue(printed[2].startsWith("epoch 3/3  loss 0.3333"), printed[2]);

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        ProgressReporter quiet = new ProgressReporter(TrainOptions.Verbosity.QUIET, 1, true, frames::add,
                new PrintStream(none, true, StandardCharsets.UTF_8));
        quiet.startEpoch(0, 10);
        quiet.step(10, 0.5);
        quiet.endEpoch(Map.of("loss", 0.5));
        assertTrue(frames.isEmpty() && none.size() == 0, "quiet printed something");
    }

    @Test
    void aCallbackThatStopsEndsTrainingAfterItsEpochAndKeepsThatEpochsWeights() {
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), store);
        List<Map<String, Tensor>> seen = new ArrayList<>();
        History h = trainer.fit(linear(64), TrainOptions.defaults().epochs(20).batchSize(16)
                .verbosity(TrainOptions.Verbosity.QUIET)
                .callback((epoch, logs, control) -> {
                    seen.add(store.snapshot());
                    if (epoch == 2) {
                        control.stop();
                    }
                }));
        assertEquals(3, h.epochs(), "epochs 0, 1 and 2 ran; the stop came at the end of epoch 2");
        assertEquals(3, seen.size(), "the callback ran once per epoch that ran");
        assertEquals(seen.get(2), store.snapshot(), "no step ran after the stop");
        assertFalse(seen.get(1).equals(seen.get(2)), "epoch 2 trained");
    }
}
