// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.FilterImages;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.data.FashionMnist;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.ConfusionMatrix;
import dev.nabla.nn.metrics.Metrics;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;

/**
 * A LeNet-style convolutional network with batch norm on Fashion-MNIST, read where the user has it (Debian's
 * package, or {@code --data DIR}): test accuracy and training time per epoch on the machine that
 * runs it, the learned first-layer filters, and the confusion matrix with the class names. Without
 * the files it says how to get them and ends.
 */
final class CnnFashionExample implements Example {
    static final double LR = 2e-3;
    static final int BATCH = 64;
    /** Images per forward pass when measuring, so a test pass never holds all 10,000 images' activations. */
    private static final int CHUNK = 500;

    /**
     * What the test checks.
     *
     * @param found whether the files were there; if not, nothing else is set
     * @param trainSize how many training images were used
     * @param accuracy test accuracy after each epoch
     * @param seconds training time of each epoch
     * @param confusion the last epoch's confusion matrix on the test images
     */
    record Result(boolean found, int trainSize, double[] accuracy, double[] seconds, ConfusionMatrix confusion,
            Path filtersPng, Path confusionPng) {}

    @Override
    public String name() {
        return "cnn-fashion";
    }

    @Override
    public String summary() {
        return "a LeNet-style CNN on Fashion-MNIST (--data DIR): test accuracy and time per epoch, filters, confusion";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        PrintStream out = run.report();
        Path dir = run.dataOr(FashionMnist.DEBIAN_DIRECTORY);
        Files.createDirectories(run.out());
        if (!FashionMnist.available(dir)) {
            out.println("Fashion-MNIST is not in " + dir + ", so this example stops here. To run it, "
                    + FashionMnist.howToGet() + ".");
            return new Result(false, 0, new double[0], new double[0], null, null, null);
        }
        FashionMnist data = FashionMnist.read(dir);
        Dataset train = run.quick() ? TrainingData.head(data.train(), 3000) : data.train();
        Dataset test = run.quick() ? TrainingData.head(data.test(), 1000) : data.test();
        int epochs = run.pick(5, 1);
        Layer model = ConvNets.fashion();
        out.printf(Locale.ROOT, "Fashion-MNIST from %s: %d training and %d test images [1, 28, 28]%s%n", dir,
                train.size(), test.size(), run.quick() ? " (quick: the first of each)" : "");
        out.printf(Locale.ROOT, "CNN: %s; %d parameters%n", ConvNets.FASHION, Params.count(model));
        out.printf(Locale.ROOT, "Adam, cosine schedule from %s over %d epoch%s of batches of %d; float64 on %s, %d"
                + " cores%n", ReportText.plain(LR), epochs, epochs == 1 ? "" : "s", BATCH, cpu(),
                Runtime.getRuntime().availableProcessors());
        List<Tensor> chunks = chunks(test.x());
        double[] accuracy = new double[epochs];
        double[] seconds = new double[epochs];
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store);
        long[] mark = {System.nanoTime()};
        Tensor[] last = new Tensor[1];
        trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(BATCH).seed(run.seed())
                .schedule(Schedule.cosine(LR, epochs, 0)).verbosity(TrainOptions.Verbosity.QUIET)
                .callback((epoch, logs, control) -> {
                    seconds[epoch] = (System.nanoTime() - mark[0]) / 1e9;
                    last[0] = predict(trainer, chunks);
                    accuracy[epoch] = Metrics.accuracy(last[0], test.y());
                    out.printf(Locale.ROOT, "  epoch %d: training loss %.4f, %.1f s (%.2f ms per image), test accuracy"
                            + " %.4f%n", epoch + 1, logs.get("loss"), seconds[epoch], 1e3 * seconds[epoch] / train.size(),
                            accuracy[epoch]);
                    mark[0] = System.nanoTime();
                }));
        ConfusionMatrix cm = ConfusionMatrix.of(test.y(), last[0], 10);
        List<String> names = FashionMnist.classes();
        int[] byRecall = IntStream.range(0, 10).boxed().sorted((a, b) -> Double.compare(cm.recall(a), cm.recall(b)))
                .mapToInt(Integer::intValue).toArray();
        out.printf(Locale.ROOT, "  test accuracy %.4f after %d epoch%s (target 0.91 after at most 5 on the full set);"
                + " hardest classes: %s %.3f, %s %.3f recall%n", cm.accuracy(), epochs, epochs == 1 ? "" : "s",
                names.get(byRecall[0]), cm.recall(byRecall[0]), names.get(byRecall[1]), cm.recall(byRecall[1]));
        Path filtersPng = run.file("filters.png");
        double wmax = FilterImages.save("First-layer filters, 16 of 5x5", CnnDigitsExample.slices(
                store.get(model.params().get(0).name())), 8, filtersPng);
        Path cmPng = run.file("confusion.png");
        JFreeChart chart = DigitsExample.confusionChart(cm, names, String.format(Locale.ROOT,
                "CNN on Fashion-MNIST, %d test images (accuracy %.3f)", cm.total(), cm.accuracy()), "class");
        ValueAxis predicted = chart.getXYPlot().getDomainAxis();
        predicted.setVerticalTickLabels(true);
        Figures.save(chart, cmPng, 860, 820);
        out.println("  figures: " + filtersPng.getFileName() + ", " + cmPng.getFileName());
        out.printf(Locale.ROOT, "  caption: filters.png: the 16 learned 5x5 filters of the first layer (red weights"
                + " add, blue subtract, full colour at |w| = %.2f): look for oriented edges and smooth blobs;%n", wmax);
        int[] pair = mostConfused(cm);
        out.printf(Locale.ROOT, "           confusion.png: test images by true and predicted class; the largest count"
                + " off the diagonal, %d, is %s taken for %s%n", cm.count(pair[0], pair[1]), names.get(pair[0]),
                names.get(pair[1]));
        return new Result(true, train.size(), accuracy, seconds, cm, filtersPng, cmPng);
    }

    /** The true and predicted class of the largest off-diagonal count. */
    private static int[] mostConfused(ConfusionMatrix cm) {
        int[] best = {0, 1};
        for (int i = 0; i < cm.classes(); i++) {
            for (int j = 0; j < cm.classes(); j++) {
                if (i != j && cm.count(i, j) > cm.count(best[0], best[1])) {
                    best = new int[] {i, j};
                }
            }
        }
        return best;
    }

    /** The images in consecutive chunks of {@link #CHUNK}, cut once, since each {@code Dataset.rows} copies all. */
    private static List<Tensor> chunks(Tensor x) {
        int n = x.shape().dim(0);
        int width = x.size() / n;
        double[] all = x.toArray();
        List<Tensor> chunks = new ArrayList<>();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int[] dims = x.shape().dims();
            dims[0] = to - from;
            chunks.add(Tensor.fromArray(Arrays.copyOfRange(all, from * width, to * width), dims));
        }
        return chunks;
    }

    /** The scores of every chunk, stacked in order. */
    private static Tensor predict(Trainer trainer, List<Tensor> chunks) {
        List<double[]> parts = new ArrayList<>();
        int rows = 0;
        for (Tensor c : chunks) {
            parts.add(trainer.predict(c).toArray());
            rows += c.shape().dim(0);
        }
        double[] all = new double[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return Tensor.fromArray(all, rows, all.length / rows);
    }

    /** The processor's model name as Linux reports it, or the architecture elsewhere. */
    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no permission: the architecture is the best name left.
        }
        return System.getProperty("os.arch");
    }
}
