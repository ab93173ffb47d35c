// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.nn.data.Datasets;
import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's three ways to descend: full-batch gradient descent (one step per epoch on the
 * average gradient), stochastic gradient descent (one sample per step) and mini-batch SGD, with
 * the same network, learning rate and initial weights on the breast cancer data. The training
 * loss over all samples is measured every 64 samples (every epoch for full-batch GD), and
 * plotted against the samples seen and against the parameter updates made.
 */
final class GdSgdMiniBatchExample implements Example {
    /** Samples between two loss measurements of SGD and mini-batch SGD. */
    static final int EVERY = 64;
    static final double LR = 0.1;

    @Override
    public String name() {
        return "gd-sgd-minibatch";
    }

    @Override
    public String summary() {
        return "full-batch GD, single-sample SGD and mini-batch SGD: loss against samples seen and against updates";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    /** The breast-cancer training rows (75%, stratified by the run's seed), standardised with their own statistics. */
    static Dataset trainingSplit(ExampleRun run) {
        Dataset[] parts = Datasets.breastCancer().stratifiedSplit(0.25, run.seed());
        double[][] stats = parts[0].columnStats();
        return parts[0].standardize(stats[0], stats[1]);
    }

    List<LossTrace> measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        Dataset train = trainingSplit(run);
        int epochs = run.pick(30, 3);
        out.printf("Breast cancer, %d training samples, a 30-16-2 tanh network, plain SGD, learning rate %s, %d epochs.%n",
                train.size(), LR, epochs);
        out.println("Loss on all training samples, measured every " + EVERY + " samples (GD: every epoch):");
        // A few untimed steps first, so that no variant pays for the JIT compiler warming up.
        descend("warm-up", 32, TrainingData.head(train, 128), 1, run.seed());
        List<LossTrace> curves = new ArrayList<>();
        curves.add(descend("full-batch GD", train.size(), train, epochs, run.seed()));
        curves.add(descend("SGD, batch 1", 1, train, epochs, run.seed()));
        curves.add(descend("mini-batch SGD, batch 32", 32, train, epochs, run.seed()));
        table(out, curves, new int[] {train.size(), 1, 32}, epochs);
        int[] batches = {train.size(), 1, 32};
        Map<String, double[][]> bySamples = new LinkedHashMap<>();
        Map<String, double[][]> bySteps = new LinkedHashMap<>();
        for (int i = 0; i < curves.size(); i++) {
            LossTrace c = curves.get(i);
            bySamples.put(c.label(), scaled(c, train.size(), 0));
            // A log axis has no place for the starting point, step 0.
            bySteps.put(c.label(), scaled(c, stepsPerEpoch(train.size(), batches[i]), 1));
        }
        String y = "training loss (cross-entropy, log scale)";
        JFreeChart left = TrainingCharts.logY(Figures.lines("Loss against samples seen",
                "training samples seen (" + train.size() + " per epoch)", y, bySamples));
        JFreeChart right = TrainingCharts.logX(TrainingCharts.logY(Figures.lines("Loss against parameter updates",
                "parameter updates (steps, log scale)", y, bySteps)));
        Figures.grid("Full-batch GD vs single-sample SGD vs mini-batch SGD (same network, learning rate " + LR + ")",
                List.of(left, right), 2, 640, 480, run.file("gd-sgd-minibatch.png"));
        out.println("  figure: gd-sgd-minibatch.png");
        out.println("  caption: per sample seen, SGD falls fastest but noisily; per update, full-batch GD and batches"
                + " of 32 fall alike and smoothly.");
        return curves;
    }

    /** Prints one line per variant; {@code batches[0]} is the full batch, the training set's size. */
    private static void table(PrintStream out, List<LossTrace> curves, int[] batches, int epochs) {
        double level = curves.stream().mapToDouble(LossTrace::last).max().orElseThrow();
        out.printf("  %-25s %6s %11s %8s %6s %10s %13s%n", "variant", "steps", "final loss", "seconds", "rises",
                "roughness", String.format("s to %.4f", level));
        for (int i = 0; i < curves.size(); i++) {
            LossTrace c = curves.get(i);
            out.printf("  %-25s %6d %11.4f %8.2f %5.0f%% %10.4f %13.3f%n", c.label(), stepsPerEpoch(batches[0], batches[i])
                    * epochs, c.last(), c.totalSeconds(), 100 * rises(c), roughness(c), c.secondsTo(level));
        }
        out.println("  (rises: share of measurements where the loss went up; roughness: mean |second difference|");
        out.println("   of log loss between measurements, near 0 for a smooth curve; last column: training");
        out.println("   seconds until the loss first fell to the worst variant's final loss)");
    }

    static int stepsPerEpoch(int n, int batch) {
        return (n + batch - 1) / batch;
    }

    /** The share of measurements where the loss went up since the previous one. */
    static double rises(LossTrace c) {
        double[] loss = c.loss();
        int up = 0;
        for (int i = 1; i < loss.length; i++) {
            up += loss[i] > loss[i - 1] ? 1 : 0;
        }
        return up / (double) Math.max(1, loss.length - 1);
    }

    /**
     * The mean of |log l(i+1) - 2 log l(i) + log l(i-1)|: how much the curve bends from one
     * measurement to the next. A smooth decay, fast or slow, scores near 0; noise scores high.
     */
    static double roughness(LossTrace c) {
        double[] loss = c.loss();
        double sum = 0;
        for (int i = 1; i + 1 < loss.length; i++) {
            sum += Math.abs(Math.log(loss[i + 1]) - 2 * Math.log(loss[i]) + Math.log(loss[i - 1]));
        }
        return loss.length < 3 ? 0 : sum / (loss.length - 2);
    }

    /** Trains from the same initial weights (same seed, same names), measuring every {@link #EVERY} samples. */
    private static LossTrace descend(String label, int batch, Dataset train, int epochs, long seed) {
        return descend(label, batch, train, epochs, LR, EVERY, seed);
    }

    /**
     * Trains the example's network with plain SGD from the same initial weights for every call with the same seed.
     *
     * @param label the curve's name
     * @param batch samples per step
     * @param train the training data, also the data the loss is measured on
     * @param epochs passes over the data
     * @param lr the learning rate
     * @param every samples between two loss measurements
     * @param seed the seed of the weights and of the shuffling
     * @return the loss curve
     */
    static LossTrace descend(String label, int batch, Dataset train, int epochs, double lr, int every, long seed) {
        Layer model = Sequential.of(Dense.of(30, 16), Activation.of("tanh", Activations::tanh), Dense.of(16, 2));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.sgd(), new ParamStore());
        return LossTrace.train(label, trainer, train, train, epochs, batch, lr, every, seed);
    }

    /** The curve with x = epochs times a factor, from measurement {@code from} on. */
    private static double[][] scaled(LossTrace c, double factor, int from) {
        double[][] xy = new double[2][c.loss().length - from];
        for (int i = from; i < c.loss().length; i++) {
            xy[0][i - from] = c.epochs()[i] * factor;
            xy[1][i - from] = c.loss()[i];
        }
        return xy;
    }
}
