// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.awt.Color;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.jfree.chart.JFreeChart;

/**
 * Overfitting and three cures: a 1-32-32-1 tanh network has far more weights than its 20 noisy
 * samples of sin x, so without help it fits the noise (training error below the noise, held-out
 * error rising). The same network is trained again with an L2 penalty on its weights, with
 * dropout after each hidden layer, and with early stopping on the held-out loss.
 */
final class RegularizationExample implements Example {
    static final int SAMPLES = 20;
    static final double NOISE = 0.3;
    static final double LAMBDA = 1e-2;
    static final double DROPOUT = 0.1;
    static final double LR = 0.03;
    /** Epochs between two points of a curve. */
    static final int EVERY = 5;

    /**
     * One option's run.
     *
     * @param label the option
     * @param epochs the epochs trained (fewer when stopped early)
     * @param train the training MSE, eval mode, no penalty, after training (best weights for early stopping)
     * @param validation the held-out MSE after training
     * @param bestEpoch the epoch of the smallest held-out MSE measured
     * @param curves epochs, training MSE and held-out MSE every {@link #EVERY} epochs
     * @param fit the network's output on a grid, {@code {xs, ys}}
     */
    record Run(String label, int epochs, double train, double validation, int bestEpoch, double[][] curves,
            double[][] fit) {
        double gap() {
            return validation - train;
        }
    }

    @Override
    public String name() {
        return "regularization";
    }

    @Override
    public String summary() {
        return "overfitting 20 noisy samples, and its cures: L2, dropout, early stopping (train and validation curves)";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<Run> measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        Dataset train = TrainingData.regression(SAMPLES, -3, 3, NOISE, run.seed(), Math::sin);
        Dataset validation = TrainingData.regression(100, -3, 3, NOISE, run.seed() + 1, Math::sin);
        int epochs = run.pick(600, 300);
        out.printf("%d samples of sin x + N(0, %s^2) on [-3, 3], a 1-32-32-1 tanh network (%d parameters),%n", SAMPLES,
                NOISE, 32 + 32 + 32 * 32 + 32 + 32 + 1);
        out.printf("Adam at rate %s on the full batch, up to %d epochs; held-out: %d more noisy samples.%n", LR, epochs,
                validation.size());
        List<Run> runs = new ArrayList<>();
        for (String option : List.of("none", "L2", "dropout", "early stopping")) {
            runs.add(train(option, train, validation, epochs, run.seed()));
        }
        out.printf("  %-15s %6s %10s %10s %8s %11s%n", "regularisation", "epochs", "train MSE", "held-out", "gap",
                "best epoch");
        for (Run r : runs) {
            out.printf("  %-15s %6d %10.4f %10.4f %8.4f %11d%n", r.label(), r.epochs(), r.train(), r.validation(),
                    r.gap(), r.bestEpoch());
        }
        out.printf("  (MSE of the fit; the noise alone gives %.2f; L2 lambda %s on the weights, dropout rate %s,%n",
                NOISE * NOISE, LAMBDA, DROPOUT);
        out.printf("   early stopping with patience %d epochs, restoring the best weights)%n", epochs / 10);
        draw(run, runs, train, epochs);
        out.println("  figure: regularization.png");
        out.println("  caption: without help the training MSE falls far below the held-out MSE; L2, dropout and early"
                + " stopping narrow that gap.");
        return runs;
    }

    private static Run train(String option, Dataset train, Dataset validation, int epochs, long seed) {
        Sequential model = net(option.equals("dropout") ? DROPOUT : 0, seed);
        BinaryOperator<Node> loss = option.equals("L2") ? (p, t) -> Losses.mse(p, t).add(Losses.l2(LAMBDA,
                model.params().stream().filter(q -> q.name().endsWith("/W")).map(q -> q.node(p.graph()))
                        .toArray(Node[]::new))) : Losses::mse;
        Trainer trainer = new Trainer(model, loss, Optimizer.adam(), new ParamStore());
        List<double[]> points = new ArrayList<>();
        TrainOptions options = TrainOptions.defaults().epochs(epochs).batchSize(train.size()).seed(seed)
                .schedule(Schedule.constant(LR)).verbosity(TrainOptions.Verbosity.QUIET)
                .callback((epoch, logs, control) -> {
                    if ((epoch + 1) % EVERY == 0) {
                        points.add(new double[] {epoch + 1, mse(trainer.predict(train.x()), train.y()),
                                mse(trainer.predict(validation.x()), validation.y())});
                    }
                });
        if (option.equals("early stopping")) {
            options = options.validation(validation).patience(epochs / 10).restoreBest(true);
        }
        History h = trainer.fit(train, options);
        double[][] curves = new double[3][points.size()];
        int best = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int k = 0; k < 3; k++) {
                curves[k][i] = points.get(i)[k];
            }
            best = curves[2][i] < curves[2][best] ? i : best;
        }
        Tensor grid = Tensor.linspace(-3, 3, 200).reshape(200, 1);
        double[][] fit = {grid.toArray(), trainer.predict(grid).toArray()};
        return new Run(option, h.epochs(), mse(trainer.predict(train.x()), train.y()),
                mse(trainer.predict(validation.x()), validation.y()), points.isEmpty() ? 0 : (int) curves[0][best],
                curves, fit);
    }

    /** Two hidden tanh layers of 32, each followed by dropout at {@code rate} when it is positive. */
    static Sequential net(double rate, long seed) {
        List<Layer> layers = new ArrayList<>();
        int in = 1;
        for (int i = 0; i < 2; i++) {
            layers.add(Dense.of(in, 32));
            layers.add(Activation.of("tanh", Activations::tanh));
            if (rate > 0) {
                layers.add(Dropout.of(rate, seed));
            }
            in = 32;
        }
        layers.add(Dense.of(in, 1));
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    static double mse(Tensor pred, Tensor target) {
        double[] p = pred.toArray();
        double[] t = target.toArray();
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += (p[i] - t[i]) * (p[i] - t[i]);
        }
        return sum / p.length;
    }

    private static void draw(ExampleRun run, List<Run> runs, Dataset train, int epochs) throws java.io.IOException {
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (Run r : runs) {
            for (int k = 1; k < 3; k++) {
                for (double v : r.curves()[k]) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (Run r : runs) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("training MSE", new double[][] {r.curves()[0], r.curves()[1]});
            series.put("held-out MSE", new double[][] {r.curves()[0], r.curves()[2]});
            String stopped = r.epochs() < epochs ? String.format(" (stopped at %d)", r.epochs()) : "";
            JFreeChart c = TrainingCharts.logY(Figures.lines(String.format("%s%s: gap %.3f", r.label(), stopped, r.gap()),
                    "epoch", "MSE (log scale)", series));
            c.getXYPlot().getDomainAxis().setRange(0, epochs);
            panels.add(TrainingCharts.yRange(c, low / 1.2, high * 1.2));
        }
        for (Run r : runs) {
            panels.add(fitPanel(r, train));
        }
        Figures.grid("Overfitting 20 noisy samples, and three cures (top: MSE during training; bottom: the fitted function)",
                panels, 4, 420, 360, run.file("regularization.png"));
    }

    /** The fitted function over the training samples and the true sin x. */
    private static JFreeChart fitPanel(Run r, Dataset train) {
        double[] truth = java.util.Arrays.stream(r.fit()[0]).map(Math::sin).toArray();
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("training samples", new double[][] {train.x().toArray(), train.y().toArray()});
        series.put("sin x", new double[][] {r.fit()[0], truth});
        series.put("network", r.fit());
        JFreeChart c = Figures.lines(String.format("%s: the fit (held-out MSE %.3f)", r.label(), r.validation()), "x",
                "y", series);
        TrainingCharts.dots(c, 0);
        TrainingCharts.colour(c, 0, Color.DARK_GRAY);
        TrainingCharts.colour(c, 1, Color.GRAY);
        TrainingCharts.dashed(c, 1);
        TrainingCharts.colour(c, 2, Figures.PALETTE.get(1));
        return TrainingCharts.yRange(c, -2, 2);
    }
}
