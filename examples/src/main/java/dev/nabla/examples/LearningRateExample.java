// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Init;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The learning rate, too small, about right and too large: plain SGD trains the same ReLU
 * network on the digits from the same initial weights at three rates.
 */
final class LearningRateExample implements Example {
    static final double[] RATES = {0.001, 0.1, 1.5};
    static final String[] VERDICTS = {"too small", "about right", "too large"};

    @Override
    public String name() {
        return "learning-rate";
    }

    @Override
    public String summary() {
        return "plain SGD with a learning rate too small, about right and too large";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<LossTrace> measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        int epochs = run.pick(15, 3);
        out.printf("Digits, %d training samples; 2 hidden ReLU layers of 64, He init; plain SGD, batch 32, %d epochs:%n",
                digits.train().size(), epochs);
        out.printf("  %-22s %19s %10s %9s%n", "learning rate", "final loss", "best loss", "held-out");
        List<LossTrace> traces = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (int i = 0; i < RATES.length; i++) {
            Trainer trainer = new Trainer(VanishingGradientsExample.deep("relu", Activations::relu, Init.he(), 2),
                    Losses::softmaxCrossEntropy, Optimizer.sgd(), new ParamStore());
            String label = RATES[i] + " (" + VERDICTS[i] + ")";
            LossTrace t = LossTrace.train(label, trainer, digits.train(), digits.train(), epochs, 32, RATES[i],
                    digits.train().size() / 4, run.seed());
            traces.add(t);
            curves.put("learning rate " + label + (t.diverged() ? ", diverged" : ""), t.byEpoch());
            String last = t.diverged() ? String.format("diverged in epoch %d", (int) t.epochs()[t.epochs().length - 1] + 1)
                    : String.format("%.4f", t.last());
            String accuracy = t.diverged() ? "-"
                    : String.format("%.1f%%", 100 * trainer.evaluate(digits.test()).get("accuracy"));
            out.printf("  %-22s %19s %10.4f %9s%n", label, last, t.best(), accuracy);
        }
        out.println("  (losses: cross-entropy on the training samples; held-out: accuracy on the other 25%;");
        out.println("   diverged: the loss stopped being finite and training was stopped)");
        JFreeChart chart = TrainingCharts.logY(Figures.lines(
                "Learning rate: too small, about right, too large (plain SGD, digits)", "epoch",
                "training loss (cross-entropy, log scale)", curves));
        // A diverging run reaches losses like 1e200; the axis stops at ten times the starting loss.
        double low = traces.stream().mapToDouble(LossTrace::best).min().orElse(1e-3);
        TrainingCharts.yRange(chart, low / 1.5, 10 * traces.get(0).loss()[0]);
        Figures.save(chart, run.file("learning-rate.png"), 900, 520);
        out.println("  figure: learning-rate.png");
        out.println("  caption: too small barely moves, about right falls steadily, too large jumps up and diverges.");
        return traces;
    }
}
