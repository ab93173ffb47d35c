// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.nn.LstmCell;
import dev.nabla.nn.RnnCell;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jfree.chart.JFreeChart;

/**
 * Memory over many steps: a plain RNN and an LSTM, same hidden size, optimizer, clipping and
 * steps, trained on the adding problem ({@link AddingProblem}); the plain cell stays near the
 * forgetful baseline, the LSTM carries the two marked values across the sequence. On a 2-core
 * AMD EPYC with other builds running (load 3 to 5), the full run (T = 50, 2000 steps) took 30 to
 * 36 s and the quick tour's (T = 30, 800 steps) 14 to 19 s, over seeds 1, 2, 3 and 42.
 */
final class RnnMemoryExample implements Example {
    static final int HIDDEN = 32;
    static final int HELD_OUT = 1000;

    /**
     * What the test checks.
     *
     * @param plain the plain RNN's curve
     * @param gated the LSTM's curve
     * @param baseline the held-out MSE of always predicting the mean sum 1 (1/6 in expectation)
     * @param figure the loss curves' figure
     */
    record Result(MemoryTraining.Curve plain, MemoryTraining.Curve gated, double baseline, Path figure) {}

    @Override
    public String name() {
        return "rnn-memory";
    }

    @Override
    public String summary() {
        return "the adding problem over 50 steps (30 in the quick tour): a plain RNN stays at the baseline, an LSTM"
                + " remembers";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    /**
     * The settings of a run: the quick tour trains on shorter sequences for fewer steps, enough
     * for the LSTM to leave the baseline (with seed 42, after about 500 steps at T = 30 and 850 at
     * T = 50).
     */
    static MemoryTraining.Setup setup(ExampleRun run) {
        return new MemoryTraining.Setup(run.pick(50, 30), 64, run.pick(2000, 800), 1e-2, 1.0, run.pick(50, 25));
    }

    static Result compute(ExampleRun run) throws IOException {
        MemoryTraining.Setup s = setup(run);
        PrintStream out = run.report();
        AddingProblem.Batch heldOut = AddingProblem.sample(HELD_OUT, s.steps(),
                new SplittableRandom(run.seed() + 1_000_003));
        double baseline = baseline(heldOut);
        out.printf(Locale.ROOT, "Adding problem, T = %d steps of (value ~ U(0,1), marker): one marker in each half,"
                + " target = the sum of the two marked values%n", s.steps());
        out.printf(Locale.ROOT, "Hidden size %d and a linear read-out of the last state for both cells; Adam lr %s,"
                + " global-norm clipping at %s, %d steps of fresh batches of %d; held-out MSE on %d sequences%n",
                HIDDEN, ReportText.plain(s.rate()), ReportText.plain(s.clip()), s.updates(), s.batch(), HELD_OUT);
        out.printf(Locale.ROOT, "CPU: %s, %d cores; seed %d%n", CnnFashionExample.cpu(),
                Runtime.getRuntime().availableProcessors(), run.seed());
        MemoryTraining.Curve plain = MemoryTraining.train("plain RNN (tanh)", RnnCell.of(2, HIDDEN).named("rnn"), s,
                heldOut, run.seed());
        report(out, plain);
        MemoryTraining.Curve gated = MemoryTraining.train("LSTM", LstmCell.of(2, HIDDEN).named("lstm"), s, heldOut,
                run.seed());
        report(out, gated);
        out.printf(Locale.ROOT, "  baseline, always predict the mean sum 1: held-out MSE %.4f (1/6 = %.4f in"
                + " expectation)%n", baseline, AddingProblem.BASELINE_MSE);
        out.printf(Locale.ROOT, "  held-out MSE after %d steps: plain RNN %.4f = %.2f x baseline, LSTM %.4f = %.4f x"
                + " baseline%n", s.updates(), plain.last(), plain.last() / baseline, gated.last(),
                gated.last() / baseline);
        Path figure = run.file("loss.png");
        Figures.save(chart(plain, gated, baseline, s), figure, 800, 500);
        out.println("  figures: " + figure.getFileName());
        out.printf(Locale.ROOT, "  caption: loss.png: held-out MSE (log scale) against optimizer steps; the dashed line"
                + " is the baseline of predicting the mean.%n           The plain RNN %s; the LSTM %s.%n",
                plain.last() > 0.5 * baseline ? "stays near the baseline: it does not hold a value for " + s.steps()
                        + " steps" : "also falls below the baseline in this run",
                gated.last() < 0.1 * baseline ? "drops far below it once its gates learn to store the marked values"
                        : "has not left the baseline far behind in this run");
        return new Result(plain, gated, baseline, figure);
    }

    /** The MSE of predicting 1 on these sequences. */
    static double baseline(AddingProblem.Batch b) {
        double sum = 0;
        int n = b.y().shape().dim(0);
        for (int i = 0; i < n; i++) {
            double d = b.y().get(i, 0) - 1;
            sum += d * d;
        }
        return sum / n;
    }

    private static void report(PrintStream out, MemoryTraining.Curve c) {
        out.printf(Locale.ROOT, "  %-17s held-out MSE %.4f at start, %.4f at the end (best %.4f); training %.1f s%n",
                c.label() + ":", c.heldOut()[0], c.last(), best(c), c.seconds());
    }

    private static double best(MemoryTraining.Curve c) {
        double b = Double.POSITIVE_INFINITY;
        for (double v : c.heldOut()) {
            b = Math.min(b, v);
        }
        return b;
    }

    private static JFreeChart chart(MemoryTraining.Curve plain, MemoryTraining.Curve gated, double baseline,
            MemoryTraining.Setup s) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(plain.label(), plain.xy());
        series.put(gated.label(), gated.xy());
        series.put("baseline: predict the mean", new double[][] {{0, s.updates()}, {baseline, baseline}});
        JFreeChart chart = Figures.lines(String.format(Locale.ROOT, "Adding problem, T = %d, hidden size %d: held-out"
                + " MSE", s.steps(), HIDDEN),
                "optimizer step (batch " + s.batch() + ")", "held-out MSE", series);
        return TrainingCharts.dashed(TrainingCharts.logY(chart), 2);
    }
}
