// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.random.Well19937c;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "no zero-centred output (zig-zagging dynamics in the gradient updates)" of the
 * sigmoid: a linear unit with two weights learns {@code y = x1 - x2} by single-sample SGD, once
 * with inputs that are sigmoid outputs (all positive) and once with tanh outputs of the same
 * pre-activations (either sign). With positive inputs, {@code dL/dw_i = delta * x_i} has the sign
 * of {@code delta} for both weights, so every step moves both weights up or both down, while the
 * target needs w1 up and w2 down: the path zig-zags.
 */
final class ZigZagExample implements Example {
    /** The teacher's weights, of opposite signs so that the path must move the weights apart. */
    static final double[] TARGET = {1.0, -1.0};
    static final double LR = 0.2;
    /** The loss to reach, as a fraction of the loss at the start. */
    static final double LEVEL = 0.01;

    /**
     * One input activation's run.
     *
     * @param label the activation feeding the unit
     * @param path the weights {@code {w1s, w2s}} after each step, the start first
     * @param loss the loss on all samples after each step, the start first
     * @param sameSign the fraction of steps whose two weight updates had the same sign
     * @param stepsToLevel the first step whose loss is at most {@link #LEVEL} times the start's, or -1
     */
    record Descent(String label, double[][] path, double[] loss, double sameSign, int stepsToLevel) {}

    @Override
    public String name() {
        return "zig-zag";
    }

    @Override
    public String summary() {
        return "sigmoid outputs are all positive, so a unit's weight updates share a sign and SGD zig-zags; tanh's do not";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<Descent> measure(ExampleRun run) throws Exception {
        int samples = 200;
        int steps = run.pick(1500, 600);
        double[] pre = Tensor.randomNormal(run.seed(), 0, 2, samples * 2).toArray();
        Descent sigmoid = descend("sigmoid inputs", pre, v -> 1 / (1 + Math.exp(-v)), steps, run.seed());
        Descent tanh = descend("tanh inputs", pre, Math::tanh, steps, run.seed());
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "A linear unit yhat = w1 x1 + w2 x2 learns y = x1 - x2 from %d samples by SGD, batch 1,"
                + " rate %s, from w = (0, 0);%n  x = g(u) with the same u ~ N(0, 2^2) for both g; loss 1/2 mean"
                + " (yhat - y)^2 over all samples:%n", samples, LR);
        out.printf(Locale.ROOT, "  %-15s %22s %20s %18s%n", "inputs", "same-sign updates", "steps to 1% of start",
                "w after " + steps);
        for (Descent d : List.of(sigmoid, tanh)) {
            int last = d.path()[0].length - 1;
            out.printf(Locale.ROOT, "  %-15s %21.1f%% %20s %18s%n", d.label(), 100 * d.sameSign(),
                    d.stepsToLevel() < 0 ? "not in " + steps : Integer.toString(d.stepsToLevel()),
                    String.format(Locale.ROOT, "(%.3f, %.3f)", d.path()[0][last], d.path()[1][last]));
        }
        draw(run, sigmoid, tanh);
        out.println("  figure: zig-zag.png");
        out.printf(Locale.ROOT, "  caption: with sigmoid inputs %.0f%% of steps move w1 and w2 the same way (tanh: %.0f%%),"
                + " so the path zig-zags towards (1, -1) and the loss falls slower.%n", 100 * sigmoid.sameSign(),
                100 * tanh.sameSign());
        return List.of(sigmoid, tanh);
    }

    /** Single-sample SGD from w = 0 on inputs {@code g(pre)}, with the gradient from {@link Grad}. */
    private static Descent descend(String label, double[] pre, DoubleUnaryOperator g, int steps, long seed) {
        int n = pre.length / 2;
        double[] xs = new double[pre.length];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = g.applyAsDouble(pre[2 * i]);
            xs[2 * i + 1] = g.applyAsDouble(pre[2 * i + 1]);
            ys[i] = TARGET[0] * xs[2 * i] + TARGET[1] * xs[2 * i + 1];
        }
        Graph graph = new Graph();
        Node x = graph.input("x", Shape.UNKNOWN, 2);
        Node y = graph.input("y", Shape.UNKNOWN, 1);
        Node w = graph.input("w", 2, 1);
        Node loss = x.matmul(w).sub(y).square().mean().mul(0.5);
        Plan plan = new Session(new ParamStore()).compile(loss, Grad.grad(loss, w));
        Tensor allX = Tensor.fromArray(xs, n, 2);
        Tensor allY = Tensor.fromArray(ys, n, 1);
        double[][] path = new double[2][steps + 1];
        double[] losses = new double[steps + 1];
        double[] wv = {0, 0};
        losses[0] = plan.run(Map.of(x, allX, y, allY, w, Tensor.fromArray(wv.clone(), 2, 1))).get(0).item();
        Well19937c rng = new Well19937c(seed);
        int same = 0;
        int reached = -1;
        for (int s = 1; s <= steps; s++) {
            int i = rng.nextInt(n);
            Tensor one = Tensor.fromArray(new double[] {xs[2 * i], xs[2 * i + 1]}, 1, 2);
            double[] grad = plan.run(Map.of(x, one, y, Tensor.fromArray(new double[] {ys[i]}, 1, 1), w,
                    Tensor.fromArray(wv.clone(), 2, 1))).get(1).toArray();
            same += grad[0] * grad[1] > 0 ? 1 : 0;
            wv[0] -= LR * grad[0];
            wv[1] -= LR * grad[1];
            path[0][s] = wv[0];
            path[1][s] = wv[1];
            losses[s] = plan.run(Map.of(x, allX, y, allY, w, Tensor.fromArray(wv.clone(), 2, 1))).get(0).item();
            if (reached < 0 && losses[s] <= LEVEL * losses[0]) {
                reached = s;
            }
        }
        return new Descent(label, path, losses, same / (double) steps, reached);
    }

    private static void draw(ExampleRun run, Descent sigmoid, Descent tanh) throws java.io.IOException {
        Map<String, double[][]> paths = new LinkedHashMap<>();
        // The first 60 steps show the zig-zag; later steps pile up near the target.
        paths.put(sigmoid.label(), head(sigmoid.path(), 60));
        paths.put(tanh.label(), head(tanh.path(), 60));
        paths.put("target w = (1, -1)", new double[][] {{TARGET[0]}, {TARGET[1]}});
        JFreeChart left = Figures.lines("Weight path, first 60 SGD steps from (0, 0)", "weight w1 (dimensionless)",
                "weight w2 (dimensionless)", paths);
        TrainingCharts.dots(left, 2);
        if (left.getXYPlot().getRenderer() instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r) {
            r.setSeriesShapesVisible(0, true);
            r.setSeriesShapesVisible(1, true);
            r.setSeriesShape(2, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        }
        Map<String, double[][]> losses = new LinkedHashMap<>();
        losses.put(sigmoid.label(), steps(sigmoid.loss()));
        losses.put(tanh.label(), steps(tanh.loss()));
        JFreeChart right = TrainingCharts.logY(Figures.lines("Loss relative to the start", "SGD step (one sample each)",
                "loss / loss at the start (log scale)", losses));
        Figures.grid("Sigmoid outputs are not zero-centred: the weights of a unit move together and SGD zig-zags",
                List.of(left, right), 2, 640, 520, run.file("zig-zag.png"));
    }

    private static double[][] head(double[][] path, int steps) {
        int n = Math.min(path[0].length, steps + 1);
        return new double[][] {java.util.Arrays.copyOf(path[0], n), java.util.Arrays.copyOf(path[1], n)};
    }

    /** The loss divided by its start, against the step; points below 1e-12 of the start are left out. */
    private static double[][] steps(double[] loss) {
        int n = 0;
        while (n < loss.length && loss[n] > 1e-12 * loss[0]) {
            n++;
        }
        double[][] xy = new double[2][n];
        for (int i = 0; i < n; i++) {
            xy[0][i] = i;
            xy[1][i] = loss[i] / loss[0];
        }
        return xy;
    }
}
