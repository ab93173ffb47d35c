// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Schedule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small decoder-only transformer trained from scratch to sort 8 digits: teacher forcing under a
 * causal mask, cross-entropy on the 8 sorted positions, greedy autoregressive decoding of held-out
 * sequences, the training curve and one example's attention maps.
 */
final class TransformerSortExample implements Example {
    static final int WIDTH = 64;
    static final int HEADS = 4;
    static final int LAYERS = 2;
    static final int BATCH = 64;
    static final double LR = 3e-3;

    /**
     * What the test checks.
     *
     * @param perPosition greedy held-out accuracy at each sorted position
     * @param exactMatch the share of held-out sequences decoded with all 8 digits right
     * @param teacherForcedExactMatch the same share when every prefix is the true one
     * @param losses the mean training loss of each chunk of {@code chunk} steps
     * @param chunk training steps averaged into one point of the curve
     * @param curvePng the training curve
     * @param attentionPng the attention maps
     */
    record Result(double[] perPosition, double exactMatch, double teacherForcedExactMatch, double[] losses, int chunk,
            Path curvePng, Path attentionPng) {}

    @Override
    public String name() {
        return "transformer-sort";
    }

    @Override
    public String summary() {
        return "a decoder-only transformer learns to sort 8 digits: greedy held-out exact match, attention maps";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        PrintStream out = run.report();
        int steps = run.pick(1200, 150);
        // About 40 points on the curve whatever the length.
        int chunk = Math.max(5, steps / 40);
        SortingTask task = new SortingTask(run.pick(2000, 500), run.seed());
        SortTransformer model = new SortTransformer(WIDTH, HEADS, LAYERS, run.seed());
        List<Param> params = model.params();
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node ids = g.input("ids", Shape.UNKNOWN, SortingTask.TIME);
        Node targets = g.input("targets", Shape.UNKNOWN);
        SortTransformer.Built built = model.build(ids, ctx);
        Node logits = built.logits();
        Node sortedLogits = logits.slice(1, SortingTask.LENGTH, SortingTask.TIME).reshape(-1, SortingTask.VOCAB);
        Node loss = Losses.softmaxCrossEntropy(sortedLogits, targets);
        Optimizer adam = Optimizer.adam();
        ParamStore store = adam.initialize(params, Params.initialize(params, new ParamStore(), run.seed()));
        Session session = new Session(store, run.seed());
        out.printf(Locale.ROOT, "Task: %d digits 0-9, then a separator, then the same digits sorted; the model reads"
                + " %d tokens under a causal mask and is scored on the %d sorted positions%n", SortingTask.LENGTH,
                SortingTask.TIME, SortingTask.LENGTH);
        out.printf(Locale.ROOT, "Model: decoder-only, width %d, %d blocks of %d heads (pre-norm, MLP %d, GELU),"
                + " learned positions; %d parameters%n", WIDTH, LAYERS, HEADS, 4 * WIDTH, count(store, params));
        Schedule schedule = Schedule.warmup(Schedule.cosine(LR, steps, LR / 30), steps / 20);
        out.printf(Locale.ROOT, "Training: Adam, %d steps of %d fresh sequences, rate warmed up over %d steps to %s"
                + " then cosine to %s; float64, %d threads on %s%n", steps, BATCH, steps / 20, ReportText.plain(LR),
                ReportText.plain(LR / 30), session.threads(), cpuModel());
        Plan step = session.compile(List.of(loss), adam.minimize(ctx, params, loss));
        double[] losses = new double[steps / chunk];
        long start = System.nanoTime();
        for (int s = 0; s < losses.length * chunk; s++) {
            Tensor[] batch = SortingTask.teacherForced(task.trainingRows(BATCH));
            double l = step.run(Map.of(ids, batch[0], targets, batch[1], ctx.training(), Context.TRAIN,
                    adam.learningRate(g), Tensor.scalar(schedule.rate(s, s)))).get(0).item();
            if (!Double.isFinite(l)) {
                throw new IllegalStateException("transformer-sort: the training loss is " + l + " at step " + s);
            }
            losses[s / chunk] += l / chunk;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "  trained in %.1f s (%.1f ms a step); loss %.4f over the first %d steps, %.4f over the"
                + " last %d; %d held-out draws rejected from training%n", seconds,
                1e3 * seconds / (losses.length * chunk), losses[0], chunk, losses[losses.length - 1], chunk,
                task.rejected());

        Plan eval = session.compile(logits);
        int[][] held = task.heldOut();
        int[][] decoded = SortDecoding.greedy(eval, ids, ctx, held);
        double[] perPosition = SortDecoding.perPosition(held, decoded);
        double exact = SortDecoding.exactMatch(held, decoded);
        double forced = SortDecoding.teacherForcedExactMatch(eval, ids, ctx, held);
        out.printf(Locale.ROOT, "Held-out: %d sequences never drawn for training; greedy decoding, one position at a"
                + " time, fed its own predictions%n", held.length);
        StringBuilder row = new StringBuilder("  accuracy by sorted position:");
        for (double p : perPosition) {
            row.append(String.format(Locale.ROOT, " %.4f", p));
        }
        out.println(row);
        out.printf(Locale.ROOT, "  exact match (all %d right): %.4f (target 0.99; guessing among the 11 tokens:"
                + " (1/11)^8, about 5e-9); with the true prefix fed instead (teacher forcing): %.4f%n",
                SortingTask.LENGTH, exact, forced);
        out.println("  (the two exact matches must agree: a sequence is all right greedily exactly when it is all right"
                + " with the true prefix, since then every fed-back prefix is the true one)");

        Path curvePng = run.file("training-curve.png");
        Map<String, double[][]> series = new LinkedHashMap<>();
        double[] xs = new double[losses.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i + 1) * chunk;
        }
        series.put("training loss", new double[][] {xs, losses});
        Figures.save(TrainingCharts.logY(Figures.lines("Sorting 8 digits: cross-entropy on the sorted positions",
                "training step", "mean loss per " + chunk + " steps (log)", series)), curvePng, 800, 500);
        Path attentionPng = run.file("attention.png");
        String shown = SortAttention.save(model, session, ids, ctx, built, held[0], attentionPng, out);
        out.println("  figures: " + curvePng.getFileName() + ", " + attentionPng.getFileName());
        out.printf(Locale.ROOT, "  caption: training-curve.png: the mean cross-entropy per %d steps falls from %.3f"
                + " (ln 11 = 2.398 is a uniform guess over the 11 tokens) to %.4f;%n", chunk, losses[0],
                losses[losses.length - 1]);
        out.println("           attention.png: " + shown);
        return new Result(perPosition, exact, forced, losses, chunk, curvePng, attentionPng);
    }

    /** The CPU's model name from {@code /proc/cpuinfo}, or "unknown CPU". */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    private static long count(ParamStore store, List<Param> params) {
        long n = 0;
        for (Param p : params) {
            n += store.get(p.name()).size();
        }
        return n;
    }
}
