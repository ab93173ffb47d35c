// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.examples.Minimisers.Problem;
import dev.nabla.examples.Minimisers.Run;
import dev.nabla.nn.data.Datasets;
import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.PowersOfTenAxis;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Second-order optimisation from double backward: logistic regression on two iris species
 * (versicolor against virginica, four standardised features and a bias) minimised by Newton's
 * method with the exact Hessian ({@code Grad.hessian}), by Newton steps solved with conjugate
 * gradients on Hessian-vector products ({@code Grad.hvp}, the Hessian never formed), and by
 * gradient descent with the step {@code 1/L}.
 */
final class SecondOrderExample implements Example {
    /** Stop when the gradient's Euclidean norm is at most this. */
    static final double TOLERANCE = 1e-6;
    /** Differences of losses near 0.06 below this are rounding, not progress; they are not drawn. */
    private static final double FLOOR = 1e-14;

    /** What the test checks. */
    record Result(Run newton, Run newtonCg, Run gd, double hessianError, double hvpError, Path png) {}

    /** The problem with the design matrix, for the textbook Hessian. */
    private record Logistic(Problem problem, double[][] x) {}

    @Override
    public String name() {
        return "second-order";
    }

    @Override
    public String summary() {
        return "Newton with exact Hessians and with Hessian-vector products vs gradient descent, logistic regression";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        Logistic lr = logistic();
        Problem p = lr.problem();
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Logistic regression, iris versicolor vs virginica: %d samples, 4 standardised"
                + " features + bias%n", lr.x().length);
        out.printf(Locale.ROOT, "Stop when ||grad|| <= %.0e, start at theta = 0%n", TOLERANCE);
        // For the logistic loss H(theta) <= H(0) = X^T X / 4n, so L = its largest eigenvalue bounds the curvature.
        double lipschitz = max(eigenvalues(p.hessian(new double[5])));
        Run newton = Minimisers.newton(p, 50, TOLERANCE);
        Run newtonCg = Minimisers.newtonCg(p, 50, TOLERANCE);
        Run gd = Minimisers.gradientDescent(p, 1 / lipschitz, run.pick(200_000, 40_000), TOLERANCE);

        double[] opt = newton.theta();
        double[][] h = p.hessian(opt);
        double hessErr = maxAbsDiff(h, textbookHessian(lr.x(), opt));
        double[] dir = {0.3, -1.1, 0.7, 0.2, -0.5};
        double hvpErr = maxAbsDiff(new double[][] {p.hvp(opt, dir)},
                new double[][] {MatrixUtils.createRealMatrix(h).operate(dir)});
        double[] eig = eigenvalues(h);
        out.printf(Locale.ROOT, "  Grad.hessian vs X^T diag(p(1-p)) X / n at the optimum: max diff %.1e%n", hessErr);
        out.printf(Locale.ROOT, "  Grad.hvp vs Grad.hessian times v: max diff %.1e%n", hvpErr);
        out.printf(Locale.ROOT, "  Hessian at the optimum: condition number %.0f; GD step 1/L = %.3f%n",
                max(eig) / min(eig), 1 / lipschitz);
        out.printf(Locale.ROOT, "  minimum loss %.6f%n", newton.losses().get(newton.losses().size() - 1));
        for (Run r : List.of(newton, newtonCg, gd)) {
            String products = r.hvps() > 0 ? ", " + r.hvps() + " Hessian-vector products" : "";
            out.printf(Locale.ROOT, "  %-36s %s%n", r.name() + ":", r.iterations() >= 0
                    ? r.iterations() + " iterations" + products
                    : "not there after " + (r.losses().size() - 1) + " iterations");
        }
        Path png = run.file("second-order.png");
        double best = newton.losses().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        List<Run> runs = List.of(newton, newtonCg, gd);
        Figures.grid("Logistic regression on iris (versicolor vs virginica): Newton vs gradient descent",
                List.of(chart("loss - minimum loss", "loss - min", runs, best, false),
                        chart("gradient norm (dashed: the tolerance)", "||grad||", runs, 0, true)), 2, 560, 480, png);
        out.println("  figure: " + png.getFileName());
        out.println("  caption: Newton (exact Hessian or Hessian-vector products, the same steps) converges in a"
                + " handful of iterations, gradient descent needs thousands.");
        return new Result(newton, newtonCg, gd, hessErr, hvpErr, png);
    }

    private static Logistic logistic() {
        double[] xs = Datasets.iris().x().toArray();
        double[] ys = Datasets.iris().y().toArray();
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) {
            if (ys[i] >= 1) {
                rows.add(Arrays.copyOfRange(xs, 4 * i, 4 * i + 4));
                labels.add(ys[i] - 1);
            }
        }
        int n = rows.size();
        double[][] x = standardisedWithBias(rows);
        double[] flat = new double[n * 5];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, 5 * i, 5);
        }
        Graph g = new Graph();
        Node theta = g.input("theta", 5);
        Node v = g.input("v", 5);
        Node z = g.constant(Tensor.of(Shape.of(n, 5), flat)).matmul(theta.reshape(5, 1)).reshape(n);
        Node y = g.constant(Tensor.of(Shape.of(n), labels.stream().mapToDouble(Double::doubleValue).toArray()));
        // Cross-entropy of the sigmoid, smooth everywhere. The stable logits form is built from max and
        // abs, whose kinks at z = 0 drop the second derivative there: its Hessian at theta = 0 is 0.
        Node loss = Losses.binaryCrossEntropy(Activations.sigmoid(z), y).named("loss");
        Node grad = Grad.grad(loss, theta);
        Node hess = Grad.hessian(loss, theta);
        Node hv = Grad.hvp(loss, List.of(theta), List.of(v)).get(0);
        Session s = new Session(new ParamStore());
        return new Logistic(new Problem(theta, v, s.compile(loss, grad), s.compile(hess), s.compile(hv)), x);
    }

    private static double[][] standardisedWithBias(List<double[]> rows) {
        int n = rows.size();
        double[][] x = new double[n][5];
        for (int c = 0; c < 4; c++) {
            double mean = 0;
            double sq = 0;
            for (double[] r : rows) {
                mean += r[c] / n;
            }
            for (double[] r : rows) {
                sq += (r[c] - mean) * (r[c] - mean) / n;
            }
            for (int i = 0; i < n; i++) {
                x[i][c] = (rows.get(i)[c] - mean) / Math.sqrt(sq);
            }
        }
        for (double[] r : x) {
            r[4] = 1;
        }
        return x;
    }

    /** The textbook Hessian of the mean logistic loss: {@code X^T diag(p (1 - p)) X / n}. */
    private static double[][] textbookHessian(double[][] x, double[] t) {
        int d = t.length;
        double[][] h = new double[d][d];
        for (double[] row : x) {
            double prob = 1 / (1 + Math.exp(-Minimisers.dot(row, t)));
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    h[i][j] += prob * (1 - prob) * row[i] * row[j] / x.length;
                }
            }
        }
        return h;
    }

    private static JFreeChart chart(String title, String yLabel, List<Run> runs, double offset, boolean tolerance) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        int longest = 1;
        for (Run r : runs) {
            List<Double> ys = tolerance ? r.gradNorms() : r.losses();
            List<double[]> pts = new ArrayList<>();
            // From iteration 1: a log axis has no 0, and every method starts at the same point.
            for (int k = 1; k < ys.size(); k++) {
                double y = ys.get(k) - offset;
                if (y > FLOOR) {
                    pts.add(new double[] {k, y});
                }
            }
            longest = Math.max(longest, ys.size() - 1);
            series.put(r.name(), new double[][] {pts.stream().mapToDouble(a -> a[0]).toArray(),
                    pts.stream().mapToDouble(a -> a[1]).toArray()});
        }
        if (tolerance) {
            series.put("tolerance", new double[][] {{1, longest}, {TOLERANCE, TOLERANCE}});
        }
        JFreeChart chart = Figures.lines(title, "iteration (log scale)", yLabel + " (log scale)", series);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis("iteration (log scale)", 1));
        plot.setRangeAxis(logAxis(yLabel + " (log scale)", FLOOR));
        style((XYLineAndShapeRenderer) plot.getRenderer(), tolerance);
        return chart;
    }

    /** Both Newton variants take the same steps: squares for one, larger rings on top for the other. */
    private static void style(XYLineAndShapeRenderer r, boolean tolerance) {
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        r.setSeriesShapesVisible(1, true);
        r.setSeriesLinesVisible(1, false);
        r.setSeriesShapesFilled(1, false);
        r.setSeriesShape(1, new Ellipse2D.Double(-6, -6, 12, 12));
        r.setUseOutlinePaint(false);
        if (tolerance) {
            r.setSeriesPaint(3, Color.GRAY);
            r.setSeriesStroke(3, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 5f}, 0f));
        }
    }

    private static LogAxis logAxis(String label, double smallest) {
        LogAxis axis = new PowersOfTenAxis(label);
        axis.setSmallestValue(smallest);
        return axis;
    }

    private static double[] eigenvalues(double[][] symmetric) {
        return new EigenDecomposition(MatrixUtils.createRealMatrix(symmetric)).getRealEigenvalues();
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }
}
