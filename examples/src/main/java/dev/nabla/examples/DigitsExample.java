// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.nn.data.Datasets;
import dev.nabla.examples.plot.DigitImages;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.ConfusionMatrix;
import dev.nabla.nn.metrics.Metrics;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;

/**
 * The digits classifier: an MLP on the 8x8 handwritten digits, its held-out accuracy, the
 * confusion matrix as a heat map, and some of the digits it gets wrong.
 */
final class DigitsExample implements Example {
    static final double LR = 2e-3;

    /** What the test checks. */
    record Result(double accuracy, ConfusionMatrix confusion, int wrong, Path confusionPng, Path wrongPng) {}

    @Override
    public String name() {
        return "digits";
    }

    @Override
    public String summary() {
        return "an MLP on the 8x8 digits: test accuracy, confusion matrix heat map, misclassified digits";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, run.seed());
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        int hidden = 128;
        Layer model = Sequential.of(Dense.of(64, hidden, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(hidden, 10));
        int epochs = run.pick(30, 12);
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore());
        trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(32).seed(run.seed())
                .schedule(Schedule.constant(LR)).verbosity(TrainOptions.Verbosity.QUIET));
        Tensor logits = trainer.predict(test.x());
        int[] predicted = Metrics.argmax(logits);
        ConfusionMatrix cm = ConfusionMatrix.of(test.y(), logits, 10);
        int[] truth = RocExample.labels(test);

        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Digits: %d training, %d held-out (stratified 25%%), pixels standardised%n",
                train.size(), test.size());
        out.printf(Locale.ROOT, "MLP 64-%d-10 (ReLU), %d parameters, Adam %s, %d epochs of batches of 32%n", hidden,
                Params.count(model), ReportText.plain(LR), epochs);
        Path wrongPng = run.file("misclassified.png");
        int wrong = drawMistakes(split[1].x().toArray(), truth, predicted, wrongPng);
        out.printf(Locale.ROOT, "  test accuracy %.4f (%d of %d wrong)%n", cm.accuracy(), wrong, cm.total());
        out.printf(Locale.ROOT, "  macro precision %.3f, recall %.3f, F1 %.3f%n", cm.macroPrecision(),
                cm.macroRecall(), cm.macroF1());
        int worst = 0;
        for (int c = 1; c < 10; c++) {
            worst = cm.recall(c) < cm.recall(worst) ? c : worst;
        }
        out.printf(Locale.ROOT, "  lowest recall: digit %d, %.3f%n", worst, cm.recall(worst));
        Path cmPng = run.file("confusion.png");
        List<String> digits = IntStream.range(0, 10).mapToObj(String::valueOf).toList();
        Figures.save(confusionChart(cm, digits, String.format(Locale.ROOT,
                "Confusion matrix, %d held-out digits (accuracy %.3f)", cm.total(), cm.accuracy()), "digit"), cmPng, 620, 600);
        out.println("  figures: " + cmPng.getFileName() + ", " + wrongPng.getFileName());
        out.println("  caption: confusion.png: the diagonal holds the correct answers, the few off-diagonal counts"
                + " show which digits get confused;");
        out.println("           misclassified.png: the held-out digits the network got wrong, with the true and"
                + " predicted labels.");
        return new Result(cm.accuracy(), cm, wrong, cmPng, wrongPng);
    }

    /** Draws up to ten misclassified digits from their raw pixels; returns how many were wrong in all. */
    private static int drawMistakes(double[] raw, int[] truth, int[] predicted, Path png) throws IOException {
        List<double[]> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] != truth[i]) {
                wrong++;
                if (images.size() < 10) {
                    images.add(Arrays.copyOfRange(raw, i * 64, (i + 1) * 64));
                    captions.add("true " + truth[i] + "\npredicted " + predicted[i]);
                }
            }
        }
        DigitImages.save("Misclassified held-out digits (" + images.size() + " of " + wrong + ")", images, 16,
                captions, 5, png);
        return wrong;
    }

    /**
     * The heat map with each cell's count written in it, rows labelled top to bottom with the class names.
     *
     * @param names the class names, by index
     * @param noun what a class is, for the axes: "predicted digit", "true digit"
     */
    static JFreeChart confusionChart(ConfusionMatrix cm, List<String> names, String title, String noun) {
        int[][] counts = cm.counts();
        int k = counts.length;
        double[][] m = new double[k][k];
        int max = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = counts[i][j];
                max = Math.max(max, counts[i][j]);
            }
        }
        JFreeChart chart = Figures.heatMap(title, "predicted " + noun, "true " + noun, m);
        XYPlot plot = chart.getXYPlot();
        // heatMap puts row 0 at the top; the axis must say so, or its numbers would count from the bottom.
        String[] cols = new String[k];
        String[] rows = new String[k];
        for (int i = 0; i < k; i++) {
            cols[i] = names.get(i);
            rows[i] = names.get(k - 1 - i);
        }
        plot.setDomainAxis(symbols("predicted " + noun, cols));
        plot.setRangeAxis(symbols("true " + noun, rows));
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (counts[i][j] > 0) {
                    XYTextAnnotation a = new XYTextAnnotation(String.valueOf(counts[i][j]), j, k - 1 - i);
                    a.setFont(font);
                    a.setPaint(counts[i][j] > max / 2 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(a);
                }
            }
        }
        return chart;
    }

    private static SymbolAxis symbols(String label, String[] names) {
        SymbolAxis axis = new SymbolAxis(label, names);
        axis.setRange(-0.5, names.length - 0.5);
        axis.setGridBandsVisible(false);
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return axis;
    }
}
