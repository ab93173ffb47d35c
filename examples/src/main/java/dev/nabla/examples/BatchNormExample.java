// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
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

/**
 * Batch normalisation as a trick that tames a deep network: the same deep sigmoid network on
 * the digits, trained with the same plain SGD and learning rate, with and without a batch-norm
 * layer before each activation.
 */
final class BatchNormExample implements Example {
    static final int DEPTH = 6;
    static final int WIDTH = 64;
    static final double LR = 0.1;

    /**
     * What the example measured, for tests.
     *
     * @param without the curve without batch norm
     * @param with the curve with batch norm
     * @param accuracyWithout held-out accuracy without batch norm
     * @param accuracyWith held-out accuracy with batch norm
     */
    record Result(LossTrace without, LossTrace with, double accuracyWithout, double accuracyWith) {}

    @Override
    public String name() {
        return "batchnorm";
    }

    @Override
    public String summary() {
        return "a deep sigmoid network with and without batch norm, same SGD and learning rate";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    Result measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        // A multiple of the batch size: a last batch of 2 samples would jolt the running statistics.
        Dataset train = TrainingData.head(digits.train(), run.pick(digits.train().size() / 32 * 32, 640));
        int epochs = run.pick(15, 4);
        out.printf("Digits, %d training samples; %d hidden sigmoid layers of %d units, Xavier init;%n", train.size(),
                DEPTH, WIDTH);
        out.printf("plain SGD, batch 32, learning rate %s, %d epochs for both:%n", LR, epochs);
        List<LossTrace> traces = new ArrayList<>();
        double[] accuracy = new double[2];
        for (int k = 0; k < 2; k++) {
            boolean bn = k == 1;
            Trainer trainer = new Trainer(deep(bn), Losses::softmaxCrossEntropy, Optimizer.sgd(), new ParamStore());
            LossTrace t = LossTrace.train(bn ? "with batch norm" : "without batch norm", trainer, train, train, epochs,
                    32, LR, train.size() / 4, run.seed());
            accuracy[k] = trainer.evaluate(digits.test()).get("accuracy");
            traces.add(t);
            out.printf("  %-19s final training loss %.4f, held-out accuracy %.1f%%, %.1f s%n", t.label(), t.last(),
                    100 * accuracy[k], t.totalSeconds());
        }
        out.printf("  (a constant guess of the 10 classes has loss ln 10 = %.4f)%n", Math.log(10));
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            curves.put(String.format("%s (held-out accuracy %.1f%%)", traces.get(k).label(), 100 * accuracy[k]),
                    traces.get(k).byEpoch());
        }
        Figures.save(TrainingCharts.logY(Figures.lines(String.format(
                "Batch normalisation: %d hidden sigmoid layers, plain SGD at learning rate %s (digits)", DEPTH, LR),
                "epoch", "training loss (cross-entropy, log scale)", curves)), run.file("batchnorm.png"), 900, 520);
        out.println("  figure: batchnorm.png");
        out.println("  caption: the deep sigmoid net stalls near the starting loss without batch norm and keeps"
                + " falling with it, at the same rate.");
        return new Result(traces.get(0), traces.get(1), accuracy[0], accuracy[1]);
    }

    /** {@link #DEPTH} dense layers, each optionally batch-normalised, each followed by a sigmoid. */
    static Sequential deep(boolean batchNorm) {
        List<Layer> layers = new ArrayList<>();
        int in = 64;
        for (int i = 0; i < DEPTH; i++) {
            layers.add(Dense.of(in, WIDTH));
            if (batchNorm) {
                layers.add(BatchNorm.of(WIDTH));
            }
            layers.add(Activation.of("sigmoid", Activations::sigmoid));
            in = WIDTH;
        }
        layers.add(Dense.of(in, 10));
        return Sequential.of(layers.toArray(Layer[]::new));
    }
}
