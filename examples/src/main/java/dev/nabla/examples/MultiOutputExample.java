// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.awt.Color;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.JFreeChart;

/**
 * One network, three outputs: a shared hidden layer of tanh units feeds three linear outputs
 * that regress sin x, cos x and sin x cos x from the same noisy samples, trained with the
 * lecture's multi-output MSE {@code (1/N) sum_i sum_o (yhat_o - y_o)^2}. The same targets are
 * also fitted by three separate single-output networks of the same width, for comparison.
 */
final class MultiOutputExample implements Example {
    static final int HIDDEN = 32;
    static final String[] NAMES = {"sin x", "cos x", "sin x cos x"};
    static final DoubleUnaryOperator[] TARGETS = {Math::sin, Math::cos, x -> Math.sin(x) * Math.cos(x)};

    /**
     * One way of fitting the three targets.
     *
     * @param mse per-output test MSE
     * @param params trainable scalars, all networks together
     * @param seconds training time
     */
    record Fit(double[] mse, long params, double seconds) {
        double total() {
            return Arrays.stream(mse).sum();
        }
    }

    /**
     * What the example measured, for tests.
     *
     * @param shared the one network with three outputs
     * @param separate three networks with one output each
     * @param lossMse {@code Losses.mse} of the shared network on the test data, through the trainer
     */
    record Result(Fit shared, Fit separate, double lossMse) {}

    @Override
    public String name() {
        return "multi-output";
    }

    @Override
    public String summary() {
        return "one network with a shared hidden layer regresses three targets with the multi-output MSE";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    Result measure(ExampleRun run) throws Exception {
        Dataset train = TrainingData.regression(256, -Math.PI, Math.PI, 0.1, run.seed(), TARGETS);
        Dataset test = TrainingData.regression(200, -Math.PI, Math.PI, 0.0, run.seed() + 1, TARGETS);
        int epochs = run.pick(400, 120);
        TrainOptions options = TrainOptions.defaults().epochs(epochs).batchSize(32).seed(run.seed())
                .schedule(Schedule.constant(0.01)).verbosity(TrainOptions.Verbosity.QUIET);

        Sequential model = net(NAMES.length);
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::mse, Optimizer.adam(), store);
        long start = System.nanoTime();
        trainer.fit(train, options);
        Fit shared = new Fit(perOutputMse(trainer.predict(test.x()), test.y()), Params.count(model),
                (System.nanoTime() - start) / 1e9);
        double lossMse = trainer.evaluate(test).get("loss");

        double[] mse = new double[NAMES.length];
        long params = 0;
        start = System.nanoTime();
        for (int o = 0; o < NAMES.length; o++) {
            Sequential single = net(1);
            Trainer t = new Trainer(single, Losses::mse, Optimizer.adam(), new ParamStore());
            t.fit(column(train, o), options);
            mse[o] = perOutputMse(t.predict(test.x()), column(test, o).y())[0];
            params += Params.count(single);
        }
        Fit separate = new Fit(mse, params, (System.nanoTime() - start) / 1e9);

        PrintStream out = run.report();
        out.printf("Targets %s, %s, %s of x on [-pi, pi]; %d training samples with noise sd 0.1;%n", NAMES[0], NAMES[1],
                NAMES[2], train.size());
        out.printf("Adam, learning rate 0.01, %d epochs; test MSE on %d noise-free points:%n", epochs, test.size());
        table(out, shared, separate);
        out.printf("The total is the lecture's multi-output MSE: Losses.mse on the test set gives %.5f.%n", lossMse);
        draw(run, model, store, trainer, train, test);
        out.println("  figure: multi-output.png");
        out.println("  caption: one shared hidden layer fits all three targets; the last panel shows the 32 tanh units"
                + " the outputs are weighted sums of.");
        return new Result(shared, separate, lossMse);
    }

    private static void table(PrintStream out, Fit shared, Fit separate) {
        out.printf("  %-12s %16s %24s%n", "output", "shared network", "three separate networks");
        for (int o = 0; o < NAMES.length; o++) {
            out.printf("  %-12s %16.5f %24.5f%n", NAMES[o], shared.mse()[o], separate.mse()[o]);
        }
        out.printf("  %-12s %16.5f %24.5f%n", "total", shared.total(), separate.total());
        out.printf("  %-12s %16d %24d%n", "parameters", shared.params(), separate.params());
        out.printf("  %-12s %16.2f %24.2f%n", "seconds", shared.seconds(), separate.seconds());
    }

    /** One hidden layer of {@link #HIDDEN} tanh units and {@code outputs} linear outputs. */
    static Sequential net(int outputs) {
        return Sequential.of(Dense.of(1, HIDDEN), Activation.of("tanh", Activations::tanh), Dense.of(HIDDEN, outputs));
    }

    /** The mean over samples of each output's squared error. */
    static double[] perOutputMse(Tensor pred, Tensor target) {
        int n = pred.shape().dim(0);
        int outs = pred.shape().dim(1);
        double[] p = pred.toArray();
        double[] t = target.toArray();
        double[] mse = new double[outs];
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            mse[i % outs] += d * d / n;
        }
        return mse;
    }

    private static Dataset column(Dataset data, int o) {
        int n = data.size();
        int outs = data.y().shape().dim(1);
        double[] y = data.y().toArray();
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            col[i] = y[i * outs + o];
        }
        return new Dataset(data.x(), Tensor.fromArray(col, n, 1));
    }

    private static void draw(ExampleRun run, Sequential model, ParamStore store, Trainer trainer, Dataset train,
            Dataset test) throws java.io.IOException {
        int points = 200;
        Tensor grid = Tensor.linspace(-Math.PI, Math.PI, points).reshape(points, 1);
        double[] xs = grid.toArray();
        double[] pred = trainer.predict(grid).toArray();
        double[] trainX = train.x().toArray();
        double[] trainY = train.y().toArray();
        List<JFreeChart> panels = new ArrayList<>();
        for (int o = 0; o < NAMES.length; o++) {
            double[] truth = new double[points];
            double[] fit = new double[points];
            for (int i = 0; i < points; i++) {
                truth[i] = TARGETS[o].applyAsDouble(xs[i]);
                fit[i] = pred[i * NAMES.length + o];
            }
            double[] samples = new double[train.size()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = trainY[i * NAMES.length + o];
            }
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("training samples", new double[][] {trainX, samples});
            series.put("target " + NAMES[o], new double[][] {xs, truth});
            series.put("network output " + (o + 1), new double[][] {xs, fit});
            JFreeChart c = Figures.lines(String.format("Output %d: %s (test MSE %.4f)", o + 1, NAMES[o],
                    perOutputMse(trainer.predict(test.x()), test.y())[o]), "x", "y", series);
            TrainingCharts.dots(c, 0);
            TrainingCharts.colour(c, 0, new Color(0xBB, 0xBB, 0xBB));
            TrainingCharts.colour(c, 1, Color.BLACK);
            TrainingCharts.dashed(c, 1);
            TrainingCharts.colour(c, 2, Figures.PALETTE.get(o));
            panels.add(c);
        }
        panels.add(hiddenUnits(model, store, grid));
        Figures.grid("One network, three outputs: a shared hidden layer of " + HIDDEN
                + " tanh units, trained with the multi-output MSE", panels, 2, 600, 420, run.file("multi-output.png"));
    }

    /** The shared hidden layer's units over x: the features all three outputs are read from. */
    private static JFreeChart hiddenUnits(Sequential model, ParamStore store, Tensor grid) {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        int points = grid.shape().dim(0);
        Node x = g.input("x", points, 1);
        Node h = model.layers().get(1).apply(model.layers().get(0).apply(x, ctx), ctx);
        double[] v = new Session(store).run(Map.of(x, grid, ctx.training(), Context.EVAL), h).get(0).toArray();
        double[] xs = grid.toArray();
        Map<String, double[][]> units = new LinkedHashMap<>();
        for (int u = 0; u < HIDDEN; u++) {
            double[] ys = new double[points];
            for (int i = 0; i < points; i++) {
                ys[i] = v[i * HIDDEN + u];
            }
            units.put("unit " + (u + 1), new double[][] {xs, ys});
        }
        JFreeChart c = Figures.lines("The shared hidden layer: all " + HIDDEN + " tanh units over x", "x",
                "hidden unit output", units);
        c.removeLegend();
        for (int u = 0; u < HIDDEN; u++) {
            c.getXYPlot().getRenderer().setSeriesStroke(u, new java.awt.BasicStroke(1.2f));
        }
        return c;
    }
}
