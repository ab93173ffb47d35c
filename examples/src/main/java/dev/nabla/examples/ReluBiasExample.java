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
 * The lecture's advice "use slightly positive initial bias to avoid dead ReLU": networks of
 * {@link VanishingGradientsExample} on the digits (plain SGD, batch 32) trained from biases 0 and
 * from biases 0.01, with the same weights, and the share of dead units (never active on the
 * training set) measured before training and after every epoch. Two networks: the dead-ReLU
 * demo's (2 hidden layers of 64, He weights), where pre-activations are of order 1 and a bias of
 * 0.01 is lost in them, and 6 hidden layers of 64 with small N(0, 0.01^2) weights, where the
 * pre-activations of the deeper layers are far smaller than 0.01.
 */
final class ReluBiasExample implements Example {
    static final double BIAS = 0.01;
    static final double LR = 0.1;

    /** One network: its weights' initialisation and its number of hidden layers, run from both biases. */
    record Net(String label, Init init, int depth) {}

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

    static List<Net> nets() {
        return List.of(new Net("2 layers, He", Init.he(), 2), new Net("6 layers, N(0, 0.01^2)", Init.normal(0.01), 6));
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
     * @return for each network of {@link #nets()}, the run from bias 0 then the one from 0.01
     * @throws Exception if the figure cannot be written
     */
    List<Run> measure(ExampleRun run) throws Exception {
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        Dataset train = digits.train();
        int epochs = run.pick(10, 4);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Dead ReLU units (never active on the %d training digits), hidden layers of %d,"
                + " plain SGD, rate %s, batch 32, %d epochs;%n  same weights for both biases; share of all hidden"
                + " units before training, after the last epoch, and averaged over the epochs:%n",
                train.size(), VanishingGradientsExample.WIDTH, LR, epochs);
        out.printf(Locale.ROOT, "  %-36s %7s %7s %7s  %s%n", "network, initial bias", "start", "end", "mean",
                "training");
        List<Run> runs = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Net net : nets()) {
            for (double bias : new double[] {0, BIAS}) {
                String label = net.label() + ", bias " + (bias == 0 ? "0" : Double.toString(bias));
                Run r = train(label, net.init(), bias, LR, net.depth(), train, epochs, run.seed(), out);
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
        out.println("  caption: where pre-activations are much smaller than 0.01 (deep net, small weights) bias 0.01"
                + " keeps units alive; with He weights it changes nothing.");
        out.println("  (the 6-layer net with small weights barely learns at this rate: its gradients vanish, see"
                + " vanishing-gradients)");
        return runs;
    }

    /**
     * Trains one network epoch by epoch, measuring its dead units, and prints one line.
     *
     * @param label the line's and the curve's name
     * @param init the weights' initialisation
     * @param bias every hidden and output bias's first value
     * @param lr the learning rate
     * @param depth the number of hidden layers
     * @param train the training data, also the data deadness is judged on
     * @param epochs passes over the data
     * @param seed the seed of the weights and of the shuffling
     * @param out where the line goes
     * @return the run
     */
    static Run train(String label, Init init, double bias, double lr, int depth, Dataset train, int epochs, long seed,
            PrintStream out) {
        Layer model = VanishingGradientsExample.deep("relu", Activations::relu, init, Init.constant(bias), depth);
        ParamStore store = Params.initialize(model, new ParamStore(), seed);
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.sgd(), store);
        double[] dead = new double[epochs + 1];
        dead[0] = dead(model, store, train);
        String end = "";
        for (int e = 1; e <= epochs; e++) {
            try {
                var history = trainer.fit(train, TrainOptions.defaults().epochs(1).batchSize(32).seed(seed + e)
                        .schedule(Schedule.constant(lr)).verbosity(TrainOptions.Verbosity.QUIET));
                end = String.format(Locale.ROOT, "final loss %.3f", history.get("loss").get(0));
            } catch (NablaException ex) {
                // The loss stopped being finite; the weights it left are measured all the same.
                end = "diverged in epoch " + e;
            }
            dead[e] = dead(model, store, train);
        }
        Run r = new Run(label, dead);
        out.printf(Locale.ROOT, "  %-36s %6.1f%% %6.1f%% %6.1f%%  %s%n", label, 100 * dead[0], 100 * r.last(),
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
                "Dead ReLU units during training, initial bias 0 against 0.01 (hidden layers of 64, digits, SGD)",
                "epoch (0 = before training)", "dead hidden units (% of the network's hidden units)", curves));
        // Each network in one colour, bias 0.01 dashed; markers keep curves that coincide (at 0%) visible.
        java.awt.Shape[] marks = {new java.awt.geom.Rectangle2D.Double(-5, -5, 10, 10),
            new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6)};
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r =
                (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int i = 0; i < curves.size(); i++) {
            TrainingCharts.colour(chart, i, Figures.PALETTE.get(i / 2));
            r.setSeriesShapesVisible(i, true);
            r.setSeriesShape(i, marks[i % 2]);
            r.setSeriesShapesFilled(i, i % 2 == 1);
            if (i % 2 == 1) {
                TrainingCharts.dashed(chart, i);
            }
        }
        chart.getXYPlot().getRangeAxis().setLowerBound(0);
        Figures.save(TrainingCharts.legendRight(chart), run.file("relu-bias.png"), 1000, 520);
    }
}
