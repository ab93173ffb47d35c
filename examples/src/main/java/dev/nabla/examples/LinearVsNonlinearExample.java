// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.data.Toy2D;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "linear activation functions produce linear decisions no matter the network
 * size": on two half moons, a network of four hidden layers with the identity as activation
 * draws a straight boundary, no better than logistic regression, because a product of affine
 * maps is one affine map; the same network with ReLU bends its boundary around the moons.
 * Figure: the three boundaries side by side.
 */
final class LinearVsNonlinearExample implements Example {
    /** The hidden layers of both deep networks. */
    static final int[] HIDDEN = {16, 16, 16, 16};

    /**
     * What the example measured, for tests.
     *
     * @param linear logistic regression's training accuracy
     * @param identity the deep identity network's
     * @param relu the deep ReLU network's
     * @param affineGap the largest difference on the plot's grid between the identity network's
     *     class-1 score and the affine map through its values at (0, 0), (1, 0) and (0, 1)
     */
    record Result(double linear, double identity, double relu, double affineGap) {}

    @Override
    public String name() {
        return "linear-vs-nonlinear";
    }

    @Override
    public String summary() {
        return "a deep network with identity activations draws a straight boundary, with ReLU it does not";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        result(run);
    }

    /**
     * Runs the example.
     *
     * @param run the run
     * @return what it printed
     * @throws Exception if the figure cannot be written
     */
    Result result(ExampleRun run) throws Exception {
        Dataset data = Toy2D.moons(300, 0.12, run.seed());
        int epochs = run.pick(300, 100);
        int cells = run.pick(120, 80);
        ToyNets.Fit linear = fit(new int[0], "identity", data, epochs, run.seed());
        ToyNets.Fit identity = fit(HIDDEN, "identity", data, epochs, run.seed());
        ToyNets.Fit relu = fit(HIDDEN, "relu", data, epochs, run.seed());
        double[] bounds = Toy2D.bounds(data, 0.3);
        Tensor grid = ToyNets.gridPoints(bounds, cells);
        double[] line = affineOf(identity);
        Result r = new Result(ToyNets.accuracy(linear, data), ToyNets.accuracy(identity, data),
                ToyNets.accuracy(relu, data), affineGap(identity, line, grid));

        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Two half moons, %d points (noise 0.12); %d epochs of Adam; hidden layers %s.%n",
                data.size(), epochs, Arrays.toString(HIDDEN));
        out.println("Training accuracy:");
        out.printf(Locale.ROOT, "  logistic regression (no hidden layer):  %.3f%n", r.linear());
        out.printf(Locale.ROOT, "  %d hidden layers, identity activation:   %.3f%n", HIDDEN.length, r.identity());
        out.printf(Locale.ROOT, "  %d hidden layers, ReLU activation:       %.3f%n", HIDDEN.length, r.relu());
        out.printf(Locale.ROOT, "The identity network's class-1 score is the affine map %s:%n",
                ToyNets.affine(line, "x1", "x2"));
        out.printf(Locale.ROOT, "  largest difference from it over %d grid points: %.1e%n", grid.shape().dim(0),
                r.affineGap());

        double[][] pts = Toy2D.points(data);
        int[] labels = Toy2D.labels(data);
        String deep = HIDDEN.length + " x " + HIDDEN[0];
        List<JFreeChart> panels = List.of(
                panel("logistic regression", r.linear(), linear, pts, labels, bounds, cells),
                panel(deep + " identity units", r.identity(), identity, pts, labels, bounds, cells),
                panel(deep + " ReLU units", r.relu(), relu, pts, labels, bounds, cells));
        Figures.grid("Linear activations give linear decisions however deep; ReLU does not", panels, 3, 420, 400,
                run.file("linear-vs-nonlinear.png"));
        out.println("  figure: linear-vs-nonlinear.png");
        out.println("  caption: stacked identity layers draw the same straight boundary as logistic regression; ReLU"
                + " layers bend it around the moons.");
        return r;
    }

    private static ToyNets.Fit fit(int[] hidden, String activation, Dataset data, int epochs, long seed) {
        return ToyNets.train(ToyNets.mlp(2, hidden, activation, 2), data, epochs, 50, 0.01, seed);
    }

    private static JFreeChart panel(String what, double accuracy, ToyNets.Fit fit, double[][] pts, int[] labels,
            double[] bounds, int cells) {
        String title = String.format(Locale.ROOT, "%s: accuracy %.2f", what, accuracy);
        return Figures.decisionSurface(title, pts, labels,
                ToyNets.surface(fit, UnaryOperator.identity(), bounds, cells), bounds, cells);
    }

    /** The class-1 minus class-0 score read at (0,0), (1,0) and (0,1): {@code {w1, w2, b}} if the model is affine. */
    private static double[] affineOf(ToyNets.Fit fit) {
        Tensor corners = Tensor.fromRows(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1});
        double[] s = scoreDifference(fit, corners);
        return new double[] {s[1] - s[0], s[2] - s[0], s[0]};
    }

    private static double affineGap(ToyNets.Fit fit, double[] line, Tensor grid) {
        double[] s = scoreDifference(fit, grid);
        double[] p = grid.toArray();
        double worst = 0;
        for (int k = 0; k < s.length; k++) {
            double affine = line[0] * p[2 * k] + line[1] * p[2 * k + 1] + line[2];
            worst = Math.max(worst, Math.abs(s[k] - affine));
        }
        return worst;
    }

    private static double[] scoreDifference(ToyNets.Fit fit, Tensor x) {
        double[] scores = fit.trainer().predict(x).toArray();
        double[] d = new double[scores.length / 2];
        for (int k = 0; k < d.length; k++) {
            d[k] = scores[2 * k + 1] - scores[2 * k];
        }
        return d;
    }
}
