// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.data.Toy2D;
import dev.nabla.examples.plot.Fields;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.train.Dataset;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.UnaryOperator;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "handcrafted features vs learned features" on two concentric circles: logistic
 * regression on the raw inputs fails (no line separates the circles), on the handcrafted feature
 * {@code x1^2 + x2^2} (the squared radius) it works, and a small MLP learns features of its own
 * that work as well. Figures: the three decision boundaries side by side, and each hidden unit's
 * activation over the input plane.
 */
final class LearnedFeaturesExample implements Example {
    /** Hidden units of the MLP: four half-planes are enough to fence in the inner circle. */
    static final int UNITS = 4;

    /** Training accuracies of the three models, for tests. */
    record Result(double raw, double handcrafted, double mlp) {}

    @Override
    public String name() {
        return "learned-features";
    }

    @Override
    public String summary() {
        return "handcrafted vs learned features: logistic regression on raw inputs, on x1^2 + x2^2, and an MLP";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        result(run);
    }

    /**
     * Runs the example.
     *
     * @param run the run
     * @return the accuracies it printed
     * @throws Exception if a figure cannot be written
     */
    Result result(ExampleRun run) throws Exception {
        Dataset data = Toy2D.circles(300, 0.08, 0.5, run.seed());
        int epochs = run.pick(400, 150);
        Dataset crafted = new Dataset(squaredRadius(data.x()), data.y());
        ToyNets.Fit raw = ToyNets.train(ToyNets.mlp(2, new int[0], "identity", 2), data, epochs, 300, 0.05,
                run.seed());
        ToyNets.Fit hand = ToyNets.train(ToyNets.mlp(3, new int[0], "identity", 2), crafted, epochs, 300, 0.05,
                run.seed());
        ToyNets.Fit mlp = ToyNets.train(ToyNets.mlp(2, new int[] {UNITS}, "tanh", 2), data, epochs, 300, 0.05,
                run.seed());
        Result r = new Result(ToyNets.accuracy(raw, data), ToyNets.accuracy(hand, crafted),
                ToyNets.accuracy(mlp, data));
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Two concentric circles, %d points (radii 1 and 0.5, noise 0.08), %d epochs of Adam.%n",
                data.size(), epochs);
        out.println("Training accuracy:");
        out.printf(Locale.ROOT, "  logistic regression on the raw inputs x1, x2:       %.3f%n", r.raw());
        out.printf(Locale.ROOT, "  logistic regression on x1, x2 and x1^2 + x2^2:      %.3f%n", r.handcrafted());
        out.printf(Locale.ROOT, "  MLP 2-%d-2 (tanh) learning its own features:         %.3f%n", UNITS, r.mlp());
        out.printf(Locale.ROOT, "  handcrafted class-1 score: %s%n",
                ToyNets.affine(weights(hand), "x1", "x2", "(x1^2 + x2^2)"));
        out.println("Learned features (class-1 score = sum of weight * unit + bias):");
        for (int u = 0; u < UNITS; u++) {
            out.printf(Locale.ROOT, "  unit %d = tanh(%s), weight %+.2f%n", u + 1, affineOfUnit(mlp, u),
                    outWeight(mlp, u));
        }
        draw(run, data, r, raw, hand, mlp);
        out.println("  figures: learned-features-boundaries.png, learned-features-units.png");
        out.println("  caption: boundaries: a line cannot separate the circles, the handcrafted x1^2 + x2^2 or a small"
                + " MLP can (shading: predicted class);");
        out.println("           units: each hidden unit is a soft half-plane; the output weights combine them into the"
                + " closed boundary.");
        return r;
    }

    private static void draw(ExampleRun run, Dataset data, Result r, ToyNets.Fit raw, ToyNets.Fit hand,
            ToyNets.Fit mlp) throws IOException {
        int cells = run.pick(120, 80);
        double[] bounds = Toy2D.bounds(data, 0.25);
        double[][] pts = Toy2D.points(data);
        int[] labels = Toy2D.labels(data);
        List<JFreeChart> panels = List.of(
                Figures.decisionSurface(String.format(Locale.ROOT, "raw x1, x2: accuracy %.2f", r.raw()), pts, labels,
                        ToyNets.surface(raw, UnaryOperator.identity(), bounds, cells), bounds, cells),
                Figures.decisionSurface(String.format(Locale.ROOT, "x1, x2, x1^2 + x2^2: accuracy %.2f",
                        r.handcrafted()), pts, labels,
                        ToyNets.surface(hand, LearnedFeaturesExample::squaredRadius, bounds, cells), bounds, cells),
                Figures.decisionSurface(String.format(Locale.ROOT, "MLP, %d tanh units: accuracy %.2f", UNITS,
                        r.mlp()), pts, labels, ToyNets.surface(mlp, UnaryOperator.identity(), bounds, cells), bounds,
                        cells));
        Figures.grid("Logistic regression on raw inputs, on a handcrafted feature, and an MLP (class 1 = inner circle)",
                panels, 3, 420, 420, run.file("learned-features-boundaries.png"));
        Figures.grid("The MLP's learned features: each hidden unit's activation (filled: outer circle, hollow: inner)",
                units(mlp, data, bounds, cells), UNITS, 400, 380, run.file("learned-features-units.png"));
    }

    private static List<JFreeChart> units(ToyNets.Fit mlp, Dataset data, double[] bounds, int cells) {
        double[] h = ToyNets.prefix(mlp, 2, ToyNets.gridPoints(bounds, cells)).toArray();
        List<JFreeChart> charts = new ArrayList<>();
        for (int u = 0; u < UNITS; u++) {
            double[] values = new double[cells * cells];
            for (int k = 0; k < values.length; k++) {
                values[k] = h[k * UNITS + u];
            }
            DoubleBinaryOperator field = ToyNets.lookup(values, bounds, cells);
            String title = String.format(Locale.ROOT, "unit %d, output weight %+.2f", u + 1, outWeight(mlp, u));
            charts.add(Fields.field(title, "activation", field, -1, 1, bounds, cells, Toy2D.points(data),
                    Toy2D.labels(data)));
        }
        return charts;
    }

    /** The handcrafted features: the inputs and their squared radius, {@code [n, 2] -> [n, 3]}. */
    static Tensor squaredRadius(Tensor x) {
        double[] v = x.toArray();
        int n = x.shape().dim(0);
        double[] f = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double a = v[2 * i];
            double b = v[2 * i + 1];
            f[3 * i] = a;
            f[3 * i + 1] = b;
            f[3 * i + 2] = a * a + b * b;
        }
        return Tensor.of(Shape.of(n, 3), f);
    }

    /** The class-1 score minus the class-0 score of a one-layer model, as weights then bias. */
    private static double[] weights(ToyNets.Fit fit) {
        Dense d = (Dense) ((Sequential) fit.model()).layers().get(0);
        Tensor w = fit.store().get(d.w().name());
        Tensor b = fit.store().get(d.b().name());
        int in = w.shape().dim(0);
        double[] out = new double[in + 1];
        for (int i = 0; i < in; i++) {
            out[i] = w.get(i, 1) - w.get(i, 0);
        }
        out[in] = b.get(1) - b.get(0);
        return out;
    }

    private static String affineOfUnit(ToyNets.Fit mlp, int unit) {
        Dense d = (Dense) ((Sequential) mlp.model()).layers().get(0);
        Tensor w = mlp.store().get(d.w().name());
        Tensor b = mlp.store().get(d.b().name());
        return ToyNets.affine(new double[] {w.get(0, unit), w.get(1, unit), b.get(unit)}, "x1", "x2");
    }

    /** How much a hidden unit adds to the class-1 score over the class-0 score. */
    private static double outWeight(ToyNets.Fit mlp, int unit) {
        Dense d = (Dense) ((Sequential) mlp.model()).layers().get(2);
        Tensor w = mlp.store().get(d.w().name());
        return w.get(unit, 1) - w.get(unit, 0);
    }
}
