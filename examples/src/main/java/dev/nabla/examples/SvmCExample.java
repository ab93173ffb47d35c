// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.MarginChart;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.jfree.chart.JFreeChart;

/**
 * The role of C in a linear soft-margin SVM: {@code 1/2 ||w||^2 + C sum max(0, 1 - y (w.x + b))}
 * minimised by gradient descent on overlapping 2-D data, once with C high and once with C low,
 * drawn side by side with the boundary, both margins and the points inside them.
 */
final class SvmCExample implements Example {
    static final double C_HIGH = 10;
    static final double C_LOW = 0.01;

    /**
     * One trained SVM.
     *
     * @param c the trade-off constant
     * @param w the weights
     * @param b the bias
     * @param objective the objective at (w, b)
     * @param inside points with {@code |w.x + b| < 1}
     * @param violations points with {@code y (w.x + b) < 1}
     * @param errors points on the wrong side of the boundary
     */
    record Fit(double c, double[] w, double b, double objective, int inside, int violations, int errors) {
        double marginWidth() {
            return 2 / Math.hypot(w[0], w[1]);
        }

        double score(double[] p) {
            return w[0] * p[0] + w[1] * p[1] + b;
        }
    }

    /** What the test checks. */
    record Result(Fit high, Fit low, Path png) {}

    @Override
    public String name() {
        return "svm-c";
    }

    @Override
    public String summary() {
        return "a linear soft-margin SVM with C high and C low: boundary, margins, points inside them";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        int perClass = 100;
        double[][] x = new double[2 * perClass][];
        double[] y = new double[2 * perClass];
        Well19937c rng = new Well19937c(run.seed());
        for (int i = 0; i < x.length; i++) {
            y[i] = i < perClass ? 1 : -1;
            x[i] = new double[] {y[i] + rng.nextGaussian(), y[i] + rng.nextGaussian()};
        }
        int steps = run.pick(5000, 1500);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Two Gaussians, %d points each, means (1, 1) and (-1, -1), std 1 (they overlap)%n",
                perClass);
        out.printf(Locale.ROOT, "Gradient descent on 1/2 ||w||^2 + C sum max(0, 1 - y (w.x + b)), %d steps%n", steps);
        Fit high = train(x, y, C_HIGH, steps);
        Fit low = train(x, y, C_LOW, steps);
        for (Fit f : List.of(high, low)) {
            out.printf(Locale.ROOT, "  C %s = %s: w = (%.3f, %.3f), b = %.3f, objective %.3f%n",
                    f == high ? "high" : "low", plain(f.c()), f.w()[0], f.w()[1], f.b(), f.objective());
            out.printf(Locale.ROOT, "    margin width 2/||w|| = %.3f, inside the margin %d, violations %d,"
                    + " misclassified %d%n", f.marginWidth(), f.inside(), f.violations(), f.errors());
        }
        List<JFreeChart> panels = List.of(panel("C high", high, x, y), panel("C low", low, x, y));
        Path png = run.file("svm-c.png");
        Figures.grid("The role of C in a soft-margin SVM (same data, trained by gradient descent)", panels, 2, 560,
                600, png);
        out.println("  figure: " + png.getFileName());
        out.println("  caption: a high C keeps the margin narrow with few points inside; a low C widens it and lets"
                + " many points in.");
        return new Result(high, low, png);
    }

    /**
     * Minimises the objective by subgradient descent: step {@code a / sqrt(1 + t / 100)} with
     * {@code a} scaled by {@code 1 / (1 + C n)} so both C take comparable steps; hinge kinks make
     * the last iterate jitter, so the best iterate is kept.
     */
    static Fit train(double[][] x, double[] y, double c, int steps) {
        int n = x.length;
        Graph g = new Graph();
        Node xs = g.input("x", n, 2);
        Node ys = g.input("y", n);
        Node w = g.input("w", 2);
        Node b = g.input("b");
        Node scores = xs.matmul(w.reshape(2, 1)).reshape(n).add(b).named("scores");
        Node objective = Losses.svmObjective(w, scores, ys, c).named("objective");
        List<Node> grads = Grad.grad(objective, List.of(w, b), Grad.Unused.ERROR);
        Plan plan = new Session(new ParamStore()).compile(objective, grads.get(0), grads.get(1));
        double[] flat = new double[2 * n];
        for (int i = 0; i < n; i++) {
            flat[2 * i] = x[i][0];
            flat[2 * i + 1] = x[i][1];
        }
        Tensor xt = Tensor.of(Shape.of(n, 2), flat);
        Tensor yt = Tensor.of(Shape.of(n), y);
        double[] wv = {0, 0};
        double bv = 0;
        double best = Double.POSITIVE_INFINITY;
        double[] bestW = wv.clone();
        double bestB = 0;
        double a = 1.0 / (1 + c * n);
        for (int t = 0; t <= steps; t++) {
            List<Tensor> v = plan.run(Map.of(xs, xt, ys, yt, w, Tensor.of(Shape.of(2), wv), b, Tensor.scalar(bv)));
            if (v.get(0).item() < best) {
                best = v.get(0).item();
                bestW = wv.clone();
                bestB = bv;
            }
            double lr = a / Math.sqrt(1 + t / 100.0);
            double[] gw = v.get(1).toArray();
            wv[0] -= lr * gw[0];
            wv[1] -= lr * gw[1];
            bv -= lr * v.get(2).item();
        }
        return measure(c, bestW, bestB, best, x, y);
    }

    private static Fit measure(double c, double[] w, double b, double objective, double[][] x, double[] y) {
        Fit f = new Fit(c, w, b, objective, 0, 0, 0);
        int inside = 0;
        int violations = 0;
        int errors = 0;
        for (int i = 0; i < x.length; i++) {
            double s = f.score(x[i]);
            inside += Math.abs(s) < 1 ? 1 : 0;
            violations += y[i] * s < 1 ? 1 : 0;
            errors += y[i] * s <= 0 ? 1 : 0;
        }
        return new Fit(c, w, b, objective, inside, violations, errors);
    }

    private static JFreeChart panel(String label, Fit f, double[][] x, double[] y) {
        String title = String.format(Locale.ROOT, "%s (C = %s): margin width %.2f, %d points inside", label,
                plain(f.c()), f.marginWidth(), f.inside());
        return MarginChart.of(title, x, y, f.w(), f.b(), new double[] {-4.5, 4.5, -4.5, 4.5});
    }

    private static String plain(double v) {
        return ReportText.plain(v);
    }
}
