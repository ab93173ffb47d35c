// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The optimizers of the lecture on one problem: SGD, SGD with momentum, Nesterov momentum,
 * AdaGrad, RMSProp and Adam train the same network from the same initial weights on the digits,
 * each at its customary learning rate: 0.01, or 0.001 for RMSProp and Adam, which the legend and
 * the caption say, since a rate 10x lower is a handicap the curves alone do not show.
 */
final class OptimizersExample implements Example {
    /** One optimizer and the rate it is run at. */
    record Choice(String label, Optimizer optimizer, double lr) {}

    static List<Choice> choices() {
        return List.of(new Choice("SGD", Optimizer.sgd(), 0.01),
                new Choice("momentum 0.9", Optimizer.momentum(0.9), 0.01),
                new Choice("Nesterov 0.9", Optimizer.nesterov(0.9), 0.01),
                new Choice("AdaGrad", Optimizer.adagrad(), 0.01),
                new Choice("RMSProp", Optimizer.rmsprop(), 0.001),
                new Choice("Adam", Optimizer.adam(), 0.001));
    }

    @Override
    public String name() {
        return "optimizers";
    }

    @Override
    public String summary() {
        return "SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam on the same network and data";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<LossTrace> measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        Dataset train = TrainingData.head(digits.train(), run.pick(digits.train().size(), 640));
        int epochs = run.pick(15, 4);
        out.printf("Digits, %d training samples; a 64-64-64-10 tanh network, batch 32, %d epochs, same start:%n",
                train.size(), epochs);
        out.printf("  %-14s %6s %11s %10s %8s%n", "optimizer", "rate", "final loss", "held-out", "seconds");
        List<LossTrace> traces = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Choice c : choices()) {
            Sequential model = Sequential.of(Dense.of(64, 64), Activation.of("tanh", Activations::tanh), Dense.of(64, 64),
                    Activation.of("tanh", Activations::tanh), Dense.of(64, 10));
            Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, c.optimizer(), new ParamStore());
            LossTrace t = LossTrace.train(c.label(), trainer, train, train, epochs, 32, c.lr(), train.size() / 4,
                    run.seed());
            double accuracy = trainer.evaluate(digits.test()).get("accuracy");
            traces.add(t);
            curves.put(c.label() + ", rate " + c.lr() + (c.lr() < 0.01 ? " (10x lower, its usual rate)" : ""),
                    t.byEpoch());
            out.printf("  %-14s %6s %11.4f %9.1f%% %8.2f%n", c.label(), c.lr(), t.last(), 100 * accuracy, t.totalSeconds());
        }
        out.println("  (final loss: cross-entropy on the training samples; held-out: accuracy on the other 25%)");
        JFreeChart chart = TrainingCharts.logY(Figures.lines("Optimizers on the same network and data (digits, batch 32)",
                "epoch (passes over the training data)", "training loss (cross-entropy, log scale)", curves));
        // Nesterov's curve lies almost on plain momentum's; dashed and drawn on top, both stay visible.
        chart.getXYPlot().setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        Figures.save(TrainingCharts.legendRight(TrainingCharts.dashed(chart, 2)), run.file("optimizers.png"), 1100, 520);
        out.println("  figure: optimizers.png");
        out.println("  caption: every method with momentum or adaptive rates beats plain SGD; RMSProp and Adam run at"
                + " their usual rate 0.001, 10x below the others', so Adam's slower fall is partly its smaller rate.");
        return traces;
    }
}
