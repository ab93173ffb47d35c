// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.diagnostics.ActivationStats;
import dev.nabla.nn.diagnostics.Diagnostics;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's advice "use slightly positive initial bias to avoid dead ReLU": the dead-ReLU
 * network of {@link VanishingGradientsExample} (2 hidden layers of 64 ReLUs on the digits, plain
 * SGD, batch 32) trained from biases 0 and from biases 0.01, with the same weights, and the share
 * of dead units (never active on the training set) measured before training and after every epoch.
 * Two weight scales: He's, the demo's, and small N(0, 0.01^2) weights, where pre-activations are
 * about as small as the bias.
 */
final class ReluBiasExample implements Example {
    static final double BIAS = 0.01;
    static final double LR = 0.5;

    /** One weight initialisation, run from both biases. */
    record Weights(String label, Init init) {}

    /**
     * One run.
     *
     * @param label the weights and the bias
     * @param dead the share of dead hidden units, before training then after each epoch
     */
    record Run(String label, double[] dead) {
        double last() {
            return dead[dead.length - 1];
        }

        double mean() {
            return java.util.Arrays.stream(dead).average().orElse(Double.NaN);
        }
    }

    static List<Weights> weights() {
        return List.of(new Weights("He", Init.he()), new Weights("N(0, 0.01^2)", Init.normal(0.01)));
    }

    @Override
    public String name() {
        return "relu-bias";
    }

    @Override
    public String summary() {
        return "dead ReLU units over training from initial biases 0 and 0.01";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    /**
     * Runs the example.
     *
     * @param run the run
     * @return for each weight scale of {@link #weights()}, the run from bias 0 then the one from 0.01
     * @throws Exception if the figure cannot be written
     */
    List<Run> measure(ExampleRun run) throws Exception {
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        Dataset train = digits.train();
        int epochs = run.pick(10, 4);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Dead ReLU units (never active on the %d training digits), 2 hidden layers of %d,"
                + " plain SGD, rate %s, batch 32;%n  same weights for both biases; share of all %d hidden units:%n",
                train.size(), VanishingGradientsExample.WIDTH, LR, 2 * VanishingGradientsExample.WIDTH);
        out.printf(Locale.ROOT, "  %-28s %8s %8s %12s  %s%n", "weights, initial bias", "start", "end", "mean",
                "training");
        List<Run> runs = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Weights w : weights()) {
            for (double bias : new double[] {0, BIAS}) {
                String label = w.label() + " weights, bias " + (bias == 0 ? "0" : Double.toString(bias));
                Run r = train(label, w.init(), bias, train, epochs, run.seed(), out);
                runs.add(r);
                double[][] xy = new double[2][r.dead().length];
                for (int e = 0; e < xy[0].length; e++) {
                    xy[0][e] = e;
                    xy[1][e] = 100 * r.dead()[e];
                }
                curves.put(label, xy);
            }
        }
        draw(curves, run);
        out.println("  figure: relu-bias.png");
        out.println("  caption: starting the biases at 0.01 instead of 0 leaves fewer units dead, most of all when"
                + " the weights are small.");
        return runs;
    }

    private static Run train(String label, Init init, double bias, Dataset train, int epochs, long seed,
            PrintStream out) {
        Layer model = VanishingGradientsExample.deep("relu", Activations::relu, init, Init.constant(bias), 2);
        ParamStore store = Params.initialize(model, new ParamStore(), seed);
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.sgd(), store);
        double[] dead = new double[epochs + 1];
        dead[0] = dead(model, store, train);
        String end = "";
        for (int e = 1; e <= epochs; e++) {
            try {
                var history = trainer.fit(train, TrainOptions.defaults().epochs(1).batchSize(32).seed(seed + e)
                        .schedule(Schedule.constant(LR)).verbosity(TrainOptions.Verbosity.QUIET));
                end = String.format(Locale.ROOT, "final loss %.3f", history.get("loss").get(0));
            } catch (NablaException ex) {
                // The loss stopped being finite; the weights it left are measured all the same.
                end = "diverged in epoch " + e;
            }
            dead[e] = dead(model, store, train);
        }
        Run r = new Run(label, dead);
        out.printf(Locale.ROOT, "  %-28s %7.1f%% %7.1f%% %11.1f%%  %s%n", label, 100 * dead[0], 100 * r.last(),
                100 * r.mean(), end);
        return r;
    }

    /** The share of all hidden units that are dead on the data. */
    private static double dead(Layer model, ParamStore store, Dataset data) {
        return Diagnostics.activationStats(model, store, data).stream().mapToDouble(ActivationStats::deadFraction)
                .average().orElse(Double.NaN);
    }

    private static void draw(Map<String, double[][]> curves, ExampleRun run) throws java.io.IOException {
        JFreeChart chart = TrainingCharts.integerX(Figures.lines(
                "Dead ReLU units during training, initial bias 0 against 0.01 (2 hidden layers of 64, digits)",
                "epoch (0 = before training)", "dead hidden units (% of all 128)", curves));
        // Each weight scale in one colour, bias 0.01 dashed.
        for (int i = 0; i < curves.size(); i++) {
            TrainingCharts.colour(chart, i, Figures.PALETTE.get(i / 2));
            if (i % 2 == 1) {
                TrainingCharts.dashed(chart, i);
            }
        }
        chart.getXYPlot().getRangeAxis().setLowerBound(0);
        Figures.save(TrainingCharts.legendRight(chart), run.file("relu-bias.png"), 1000, 520);
    }
}
