// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Params;
import dev.nabla.nn.train.Dataset;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "non-linearities allow us to approximate arbitrarily complex functions": one
 * hidden tanh layer of 1, 3, 10 and 50 units fitted to the wiggly {@code f(x) = sin(3x) + 0.3 x^2}
 * on [-2, 2]. The wider the layer, the more bends the fit can make and the lower its training
 * MSE. Figure: each fit drawn over the target, its MSE in the panel's title.
 */
final class UniversalApproximationExample implements Example {
    /** The hidden widths, as in the issue. */
    static final int[] WIDTHS = {1, 3, 10, 50};
    private static final double LOW = -2;
    private static final double HIGH = 2;

    @Override
    public String name() {
        return "universal-approximation";
    }

    @Override
    public String summary() {
        return "one hidden tanh layer of 1, 3, 10 and 50 units fitting sin(3x) + 0.3 x^2: the MSE falls with width";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        mses(run);
    }

    /** The target function. */
    static double target(double x) {
        return Math.sin(3 * x) + 0.3 * x * x;
    }

    /**
     * Runs the example.
     *
     * @param run the run
     * @return the training MSE of each width in {@link #WIDTHS}
     * @throws Exception if the figure cannot be written
     */
    double[] mses(ExampleRun run) throws Exception {
        Dataset data = sample(200, run.seed());
        int epochs = run.pick(1500, 400);
        int curve = run.pick(400, 160);
        Tensor xs = Tensor.linspace(LOW, HIGH, curve).reshape(curve, 1);
        double[] target = new double[curve];
        for (int i = 0; i < curve; i++) {
            target[i] = target(xs.get(i, 0));
        }
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Target f(x) = sin(3x) + 0.3 x^2 on [-2, 2], %d random points; one hidden tanh layer,"
                + " %d epochs of Adam.%n", data.size(), epochs);
        out.println("  units  params  training MSE");
        double[] mse = new double[WIDTHS.length];
        List<JFreeChart> panels = new ArrayList<>();
        for (int k = 0; k < WIDTHS.length; k++) {
            int w = WIDTHS[k];
            ToyNets.Fit fit = ToyNets.train(ToyNets.mlp(1, new int[] {w}, "tanh", 1), data, epochs, 50, 0.01,
                    run.seed());
            mse[k] = fit.trainer().evaluate(data).get("loss");
            out.printf(Locale.ROOT, "  %5d  %6d  %.5f%n", w, Params.count(fit.model()), mse[k]);
            Map<String, double[][]> series = new LinkedHashMap<>();
            series.put("target f(x)", new double[][] {xs.toArray(), target});
            series.put("network", new double[][] {xs.toArray(), fit.trainer().predict(xs).toArray()});
            String title = String.format(Locale.ROOT, "%d tanh unit%s: training MSE %.4f", w, w == 1 ? "" : "s",
                    mse[k]);
            panels.add(Figures.lines(title, "x", "y", series));
        }
        Figures.grid("One hidden layer fitting f(x) = sin(3x) + 0.3 x^2: wider layers bend more", panels, 2, 520, 360,
                run.file("universal-approximation.png"));
        out.println("  figure: universal-approximation.png");
        out.println("  caption: one tanh unit makes one bend; with more units the single hidden layer follows the"
                + " target ever more closely.");
        return mse;
    }

    /** Points drawn uniformly from [-2, 2] with their exact target values, {@code x [n, 1], y [n, 1]}. */
    static Dataset sample(int n, long seed) {
        Well19937c rng = new Well19937c(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = LOW + (HIGH - LOW) * rng.nextDouble();
            y[i] = target(x[i]);
        }
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n, 1), y));
    }
}
