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

    /** The model wired into one graph: its inputs, logits and loss. */
    private record Wiring(Graph g, Context ctx, Node ids, Node targets, SortTransformer.Built built, Node loss) {
        static Wiring of(SortTransformer model) {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node ids = g.input("ids", Shape.UNKNOWN, SortingTask.TIME);
            Node targets = g.input("targets", Shape.UNKNOWN);
            SortTransformer.Built built = model.build(ids, ctx);
            // Only the sorted positions are scored: the unsorted digits are random, not predictable.
            Node sorted = built.logits().slice(1, SortingTask.LENGTH, SortingTask.TIME).reshape(-1, SortingTask.VOCAB);
            return new Wiring(g, ctx, ids, targets, built, Losses.softmaxCrossEntropy(sorted, targets));
        }
    }

    static Result compute(ExampleRun run) throws IOException {
        PrintStream out = run.report();
        int steps = run.pick(1200, 150);
        // About 40 points on the curve whatever the length.
        int chunk = Math.max(5, steps / 40);
        SortingTask task = new SortingTask(run.pick(2000, 500), run.seed());
        SortTransformer model = new SortTransformer(WIDTH, HEADS, LAYERS, run.seed());
        List<Param> params = model.params();
        Wiring w = Wiring.of(model);
        Optimizer adam = Optimizer.adam();
        ParamStore store = adam.initialize(params, Params.initialize(params, new ParamStore(), run.seed()));
        Session session = new Session(store, run.seed());
        out.printf(Locale.ROOT, "Task: %d digits 0-9, then a separator, then the same digits sorted; the model reads"
                + " %d tokens under a causal mask and is scored on the %d sorted positions%n", SortingTask.LENGTH,
                SortingTask.TIME, SortingTask.LENGTH);
        out.printf(Locale.ROOT, "Model: decoder-only, width %d, %d blocks of %d heads (pre-norm, MLP %d, GELU),"
                + " learned positions; %d parameters%n", WIDTH, LAYERS, HEADS, 4 * WIDTH, count(store, params));
        out.printf(Locale.ROOT, "Training: Adam, %d steps of %d fresh sequences, rate warmed up over %d steps to %s"
                + " then cosine to %s; float64, %d threads on %s%n", steps, BATCH, steps / 20, ReportText.plain(LR),
                ReportText.plain(LR / 30), session.threads(), cpuModel());
        double[] losses = train(w, session, adam, params, task, steps, chunk, out);
        Plan eval = session.compile(w.built().logits());
        int[][] held = task.heldOut();
        int[][] decoded = SortDecoding.greedy(eval, w.ids(), w.ctx(), held);
        double[] perPosition = SortDecoding.perPosition(held, decoded);
        double exact = SortDecoding.exactMatch(held, decoded);
        double forced = SortDecoding.teacherForcedExactMatch(eval, w.ids(), w.ctx(), held);
        report(held.length, perPosition, exact, forced, out);
        Path curvePng = run.file("training-curve.png");
        saveCurve(losses, chunk, curvePng);
        Path attentionPng = run.file("attention.png");
        String shown = SortAttention.save(model, session, w.ids(), w.ctx(), w.built(), held[0], attentionPng, out);
        out.println("  figures: " + curvePng.getFileName() + ", " + attentionPng.getFileName());
        out.printf(Locale.ROOT, "  caption: training-curve.png: the mean cross-entropy per %d steps falls from %.3f"
                + " (ln 11 = 2.398 is a uniform guess over the 11 tokens) to %.4f;%n", chunk, losses[0],
                losses[losses.length - 1]);
        out.println("           attention.png: " + shown);
        return new Result(perPosition, exact, forced, losses, chunk, curvePng, attentionPng);
    }

    /** Trains on fresh batches with warm-up and cosine decay; returns the mean loss of each chunk of steps. */
    private static double[] train(Wiring w, Session session, Optimizer adam, List<Param> params, SortingTask task,
            int steps, int chunk, PrintStream out) {
        Schedule schedule = Schedule.warmup(Schedule.cosine(LR, steps, LR / 30), steps / 20);
        Plan step = session.compile(List.of(w.loss()), adam.minimize(w.ctx(), params, w.loss()));
        double[] losses = new double[steps / chunk];
        long start = System.nanoTime();
        for (int s = 0; s < losses.length * chunk; s++) {
            Tensor[] batch = SortingTask.teacherForced(task.trainingRows(BATCH));
            double l = step.run(Map.of(w.ids(), batch[0], w.targets(), batch[1], w.ctx().training(), Context.TRAIN,
                    adam.learningRate(w.g()), Tensor.scalar(schedule.rate(s, s)))).get(0).item();
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
        return losses;
    }

    private static void report(int heldOut, double[] perPosition, double exact, double forced, PrintStream out) {
        out.printf(Locale.ROOT, "Held-out: %d sequences never drawn for training; greedy decoding, one position at a"
                + " time, fed its own predictions%n", heldOut);
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
    }

    private static void saveCurve(double[] losses, int chunk, Path png) throws IOException {
        double[] xs = new double[losses.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i + 1) * chunk;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("training loss", new double[][] {xs, losses});
        Figures.save(TrainingCharts.logY(Figures.lines("Sorting 8 digits: cross-entropy on the sorted positions",
                "training step", "mean loss per " + chunk + " steps (log)", series)), png, 800, 500);
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
