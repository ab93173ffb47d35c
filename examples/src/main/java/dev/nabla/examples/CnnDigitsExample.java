// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.FilterImages;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.ConfusionMatrix;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A small convolutional network on the 8x8 digits read as one-channel images: held-out accuracy
 * over several seeds against the dense MLP of {@link DigitsExample}, the learned first-layer
 * filters, and the confusion matrix.
 */
final class CnnDigitsExample implements Example {
    static final double LR = 3e-3;
    /** What the dense MLP of {@link DigitsExample} reaches on the same split (README). */
    static final double MLP_ACCURACY = 0.980;

    /**
     * What the test checks.
     *
     * @param accuracies held-out accuracy per seed
     * @param median their median
     * @param confusion the first seed's confusion matrix
     */
    record Result(double[] accuracies, double median, ConfusionMatrix confusion, Path filtersPng, Path confusionPng) {}

    @Override
    public String name() {
        return "cnn-digits";
    }

    @Override
    public String summary() {
        return "a small CNN on the 8x8 digits as 1x8x8 images: held-out accuracy over seeds, learned filters, confusion";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        Dataset[] split = images(Datasets.digits()).stratifiedSplit(0.25, run.seed());
        Dataset train = split[0];
        Dataset test = split[1];
        int seeds = run.pick(5, 1);
        int epochs = run.pick(40, 12);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Digits as images [N, 1, 8, 8], pixels 0..16 scaled to [0, 1]: %d training, %d held-out"
                + " (stratified 25%%, split seed %d)%n", train.size(), test.size(), run.seed());
        Layer probe = ConvNets.digits();
        out.printf(Locale.ROOT, "CNN: %s; %d parameters%n", ConvNets.DIGITS, Params.count(probe));
        out.printf(Locale.ROOT, "Adam, cosine schedule from %s, %d epochs of batches of 32, %d seed%s of weights and"
                + " shuffling%n", ReportText.plain(LR), epochs, seeds, seeds == 1 ? "" : "s");
        double[] acc = new double[seeds];
        ConfusionMatrix first = null;
        Tensor filters = null;
        for (int s = 0; s < seeds; s++) {
            long seed = run.seed() + s;
            long start = System.nanoTime();
            Layer model = ConvNets.digits();
            ParamStore store = new ParamStore();
            Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store);
            trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(32).seed(seed)
                    .schedule(Schedule.cosine(LR, epochs, 0)).verbosity(TrainOptions.Verbosity.QUIET));
            ConfusionMatrix cm = ConfusionMatrix.of(test.y(), trainer.predict(test.x()), 10);
            acc[s] = cm.accuracy();
            out.printf(Locale.ROOT, "  seed %d: held-out accuracy %.4f (%d of %d wrong), %.1f s%n", seed, acc[s],
                    cm.total() - Math.round(acc[s] * cm.total()), cm.total(), (System.nanoTime() - start) / 1e9);
            if (s == 0) {
                first = cm;
                filters = store.get(model.params().get(0).name());
            }
        }
        double median = median(acc);
        out.printf(Locale.ROOT, "  median over %d seed%s: %.4f (the dense MLP of `digits`: %.3f; target for the CNN:"
                + " 0.985)%n", seeds, seeds == 1 ? "" : "s", median, MLP_ACCURACY);
        Path filtersPng = run.file("filters.png");
        double wmax = FilterImages.save("First-layer filters, 16 of 3x3 (seed " + run.seed() + ")", slices(filters), 8,
                filtersPng);
        Path cmPng = run.file("confusion.png");
        List<String> digits = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
        Figures.save(DigitsExample.confusionChart(first, digits, String.format(Locale.ROOT,
                "CNN confusion matrix, %d held-out digits (accuracy %.3f)", first.total(), first.accuracy()), "digit"),
                cmPng, 620, 600);
        out.println("  figures: " + filtersPng.getFileName() + ", " + cmPng.getFileName());
        out.printf(Locale.ROOT, "  caption: filters.png: each 3x3 square is one learned filter of the first layer (red"
                + " weights add, blue subtract, full colour at |w| = %.2f): each weighs a pixel against its"
                + " neighbours;%n", wmax);
        out.println("           confusion.png: the first seed's held-out predictions; off the diagonal, the digits"
                + " the CNN still confuses.");
        return new Result(acc, median, first, filtersPng, cmPng);
    }

    /** The digits' 64 pixels as one-channel 8x8 images, scaled from 0..16 to [0, 1]. */
    static Dataset images(Dataset digits) {
        double[] x = digits.x().toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 16;
        }
        return new Dataset(Tensor.of(Shape.of(digits.size(), 1, 8, 8), x), digits.y());
    }

    /** Each filter of a first-layer weight {@code [O, 1, k, k]} as a row-major array. */
    static List<double[]> slices(Tensor w) {
        int o = w.shape().dim(0);
        int taps = w.size() / o;
        double[] all = w.toArray();
        List<double[]> out = new ArrayList<>();
        for (int f = 0; f < o; f++) {
            out.add(Arrays.copyOfRange(all, f * taps, (f + 1) * taps));
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
