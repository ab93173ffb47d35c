// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.optim.Lbfgs;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A physics-informed network: a tanh MLP {@code u(x)} trained so that {@code u'' + u = 0} on
 * [0, 2 pi] with {@code u(0) = 0} and {@code u'(0) = 1}, whose solution is {@code sin x}. The loss
 * sees the batch: it differentiates the prediction twice by the input with {@code Grad.grad} and
 * applies the model at the boundary point. No data, no targets; full-batch Adam, then L-BFGS on
 * the same params.
 */
final class PinnExample implements Example {
    /** The domain's right end; over a whole period the network must bend both ways. */
    static final double END = 2 * Math.PI;
    /** Where the error is measured: 1,001 evenly spaced points of the domain, ends included. */
    static final int TEST_POINTS = 1001;
    /** Collocation points, where the equation is enforced. */
    private static final int POINTS = 100;
    private static final int WIDTH = 20;
    private static final double RATE = 3e-3;

    /** What the test checks. */
    record Result(double maxError, double adamLoss, Lbfgs.Result lbfgs, Path png) {}

    @Override
    public String name() {
        return "pinn";
    }

    @Override
    public String summary() {
        return "physics-informed network: u'' + u = 0, u(0) = 0, u'(0) = 1, Adam then L-BFGS, against sin x";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    /** The loss of the equation at the batch's points plus both initial conditions at x = 0. */
    static Loss physics() {
        return b -> {
            Node x = b.input();
            Node u = b.prediction();
            Node ddu = Grad.grad(Grad.grad(u.sum(), x).sum(), x);
            Node x0 = b.graph().constant(Tensor.zeros(1, 1));
            Node u0 = b.model(x0);
            Node du0 = Grad.grad(u0.sum(), x0);
            return ddu.add(u).square().mean().add(u0.square().sum()).add(du0.sub(1.0).square().sum());
        };
    }

    static Result compute(ExampleRun run) throws IOException {
        int adamSteps = run.pick(1000, 400);
        int lbfgsIterations = run.pick(1000, 600);
        Layer model = Sequential.of(Dense.of(1, WIDTH), Activation.of("tanh", Node::tanh),
                Dense.of(WIDTH, WIDTH), Activation.of("tanh", Node::tanh), Dense.of(WIDTH, 1));
        Trainer trainer = new Trainer(model, physics(), Optimizer.adam(), new ParamStore());
        Dataset points = Dataset.withoutTargets(Tensor.linspace(0, END, POINTS).reshape(POINTS, 1));
        History adam = trainer.fit(points, TrainOptions.defaults().epochs(adamSteps).batchSize(POINTS).seed(run.seed())
                .schedule(Schedule.constant(RATE)).verbosity(TrainOptions.Verbosity.QUIET));
        Lbfgs.Result lbfgs = trainer.minimize(points, Lbfgs.defaults().maxIterations(lbfgsIterations));
        double[] xs = Tensor.linspace(0, END, TEST_POINTS).toArray();
        double[] u = trainer.predict(Tensor.linspace(0, END, TEST_POINTS).reshape(TEST_POINTS, 1)).toArray();
        double worst = 0;
        for (int i = 0; i < TEST_POINTS; i++) {
            worst = Math.max(worst, Math.abs(u[i] - Math.sin(xs[i])));
        }
        List<Double> adamLosses = adam.get("loss");
        double adamLoss = adamLosses.get(adamLosses.size() - 1);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "u'' + u = 0 on [0, 2 pi], u(0) = 0, u'(0) = 1 (solution sin x): tanh MLP 1-%d-%d-1,"
                + " %d collocation points, no targets%n", WIDTH, WIDTH, POINTS);
        out.printf(Locale.ROOT, "  Adam, %d full-batch steps at rate %.0e: loss %.2e%n", adamSteps, RATE, adamLoss);
        out.printf(Locale.ROOT, "  then L-BFGS (strong Wolfe, history %d): %d iterations, %d evaluations, loss %.2e"
                + " (stopped: %s)%n", Lbfgs.defaults().history(), lbfgs.iterations(), lbfgs.evaluations(), lbfgs.loss(),
                lbfgs.stop());
        out.printf(Locale.ROOT, "pinn: max |u - sin x| = %.1e on %,d points%n", worst, TEST_POINTS);
        Path png = run.file("pinn.png");
        draw(xs, u, adamLosses, lbfgs.losses(), png);
        out.println("  figure: " + png.getFileName());
        out.println("  caption: the network lies on sin x over the whole period, and L-BFGS takes the loss Adam"
                + " left down by more than a decade.");
        return new Result(worst, adamLoss, lbfgs, png);
    }

    private static void draw(double[] xs, double[] u, List<Double> adam, List<Double> lbfgs, Path png)
            throws IOException {
        double[] sin = new double[xs.length];
        double[] error = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            sin[i] = Math.sin(xs[i]);
            // A log axis has no 0; where u equals sin x to the last bit the floor stands in.
            error[i] = Math.max(1e-12, Math.abs(u[i] - sin[i]));
        }
        Map<String, double[][]> solution = new LinkedHashMap<>();
        solution.put("network u(x)", new double[][] {xs, u});
        solution.put("sin x", new double[][] {xs, sin});
        Map<String, double[][]> losses = new LinkedHashMap<>();
        losses.put("Adam", steps(adam, 1));
        // The L-BFGS curve starts where Adam ended.
        losses.put("L-BFGS", steps(lbfgs, adam.size()));
        Figures.grid("Physics-informed network for u'' + u = 0, u(0) = 0, u'(0) = 1",
                List.of(TrainingCharts.dashed(Figures.lines("Solution", "x", "u", solution), 1),
                        TrainingCharts.logY(Figures.lines("Error |u - sin x|", "x", "error (log scale)",
                                Map.of("|u - sin x|", new double[][] {xs, error}))),
                        TrainingCharts.logY(Figures.lines("Loss: Adam, then L-BFGS", "step or iteration",
                                "loss (log scale)", losses))), 3, 480, 420, png);
    }

    private static double[][] steps(List<Double> values, int first) {
        List<double[]> xy = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            xy.add(new double[] {first + i, values.get(i)});
        }
        return new double[][] {xy.stream().mapToDouble(p -> p[0]).toArray(), xy.stream().mapToDouble(p -> p[1]).toArray()};
    }
}
