// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.nn.data.Datasets;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.BinaryCounts;
import dev.nabla.nn.metrics.RocCurve;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomDataGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * The lecture's ROC explanation: TPR and FPR of the always-negative, always-positive and random
 * classifiers, its 100-person threshold cases, then ROC curves with their AUC for logistic
 * regression and an MLP on the breast cancer data (positive = malignant), with the random
 * classifier's diagonal.
 */
final class RocExample implements Example {
    private static final int HIDDEN = 16;

    /** The figures the test checks. */
    record Result(BinaryCounts alwaysNegative, BinaryCounts alwaysPositive, BinaryCounts random08,
            BinaryCounts random05, BinaryCounts case1, BinaryCounts case2, double randomAuc, double logisticAuc,
            double mlpAuc, Path png) {}

    @Override
    public String name() {
        return "roc";
    }

    @Override
    public String summary() {
        return "TPR and FPR of trivial and random classifiers, the lecture's threshold cases, ROC curves and AUC";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        PrintStream out = run.report();
        Dataset[] split = breastCancer(run.seed());
        int[] labels = labels(split[1]);
        int n = labels.length;
        out.printf(Locale.ROOT, "Breast cancer, positive = malignant: %d training, %d held-out tumours (%d positive)%n",
                split[0].size(), n, Arrays.stream(labels).sum());
        BinaryCounts neg = BinaryCounts.of(new double[n], labels, 0.5);
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        BinaryCounts pos = BinaryCounts.of(ones, labels, 0.5);
        out.printf(Locale.ROOT, "  always negative: TPR %.3f FPR %.3f%n", neg.tpr(), neg.fpr());
        out.printf(Locale.ROOT, "  always positive: TPR %.3f FPR %.3f%n", pos.tpr(), pos.fpr());
        Random random = random(run.seed(), out);
        BinaryCounts[] cases = lectureCases(run.seed());
        out.println("The lecture's 100 people (50 positive), scores spread the same in both classes:");
        out.printf(Locale.ROOT, "  threshold 0.8: %s%n", counts(cases[0]));
        out.printf(Locale.ROOT, "  threshold 0.5: %s%n", counts(cases[1]));

        int epochs = run.pick(60, 25);
        RocCurve logistic = roc(split, Sequential.of(Dense.of(30, 1)), epochs, 0.01, run.seed());
        Layer mlp = Sequential.of(Dense.of(30, HIDDEN, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(HIDDEN, 1));
        RocCurve net = roc(split, mlp, epochs, 0.003, run.seed());
        out.printf(Locale.ROOT, "ROC on the held-out tumours, models trained with Adam for %d epochs:%n"
                + "  logistic regression: AUC %.4f%n  MLP 30-%d-1 (ReLU):    AUC %.4f%n", epochs, logistic.auc(),
                HIDDEN, net.auc());

        Path png = run.file("roc.png");
        Figures.save(rocChart(logistic, net, neg, pos, random, n), png, 760, 640);
        out.println("  figure: " + png.getFileName());
        out.println("  caption: both classifiers hug the top-left corner (AUC near 1); random scores lie on the"
                + " diagonal.");
        return new Result(neg, pos, random.at08(), random.at05(), cases[0], cases[1], random.auc(), logistic.auc(),
                net.auc(), png);
    }

    /** A random classifier's counts at two thresholds, and its AUC. */
    private record Random(BinaryCounts at08, BinaryCounts at05, double auc) {}

    /** Scores drawn independently of the class, so TPR = FPR up to noise. */
    private static Random random(long seed, PrintStream out) {
        int people = 10_000;
        Well19937c rng = new Well19937c(seed);
        double[] scores = new double[people];
        int[] truth = new int[people];
        for (int i = 0; i < people; i++) {
            truth[i] = i % 2;
            scores[i] = rng.nextDouble();
        }
        Random r = new Random(BinaryCounts.of(scores, truth, 0.8), BinaryCounts.of(scores, truth, 0.5),
                RocCurve.of(scores, truth).auc());
        out.printf(Locale.ROOT, "Random scores in [0, 1), %d people, half positive:%n", people);
        out.printf(Locale.ROOT, "  threshold 0.8: TPR %.3f FPR %.3f%n", r.at08().tpr(), r.at08().fpr());
        out.printf(Locale.ROOT, "  threshold 0.5: TPR %.3f FPR %.3f%n", r.at05().tpr(), r.at05().fpr());
        out.printf(Locale.ROOT, "  AUC %.3f%n", r.auc());
        return r;
    }

    /**
     * The lecture's scenario: 100 people, 50 positive, and a classifier whose scores tell nothing
     * about the class. Each class gets the same 50 evenly spread scores (i + 0.5) / 50, handed out
     * in a seeded random order; so 20% of each class score at least 0.8 and half at least 0.5.
     */
    static BinaryCounts[] lectureCases(long seed) {
        int half = 50;
        double[] scores = new double[2 * half];
        int[] labels = new int[2 * half];
        Well19937c rng = new Well19937c(seed);
        for (int c = 0; c < 2; c++) {
            int[] order = new RandomDataGenerator(rng).nextPermutation(half, half);
            for (int i = 0; i < half; i++) {
                scores[c * half + i] = (order[i] + 0.5) / half;
                labels[c * half + i] = 1 - c;
            }
        }
        return new BinaryCounts[] {BinaryCounts.of(scores, labels, 0.8), BinaryCounts.of(scores, labels, 0.5)};
    }

    private static String counts(BinaryCounts c) {
        return String.format(Locale.ROOT, "TP=%d FP=%d TN=%d FN=%d, TPR %d/%d = %.1f, FPR %d/%d = %.1f",
                c.tp(), c.fp(), c.tn(), c.fn(), c.tp(), c.positives(), c.tpr(), c.fp(), c.negatives(), c.fpr());
    }

    /** Stratified 25% held out, standardised with the training split's statistics, 1 = malignant. */
    static Dataset[] breastCancer(long seed) {
        Dataset all = Datasets.breastCancer();
        double[] benign = all.y().toArray();
        double[] malignant = new double[benign.length];
        for (int i = 0; i < benign.length; i++) {
            malignant[i] = 1 - benign[i];
        }
        Dataset flipped = new Dataset(all.x(), Tensor.of(Shape.of(malignant.length, 1), malignant));
        Dataset[] split = flipped.stratifiedSplit(0.25, seed);
        double[][] stats = split[0].columnStats();
        return new Dataset[] {split[0].standardize(stats[0], stats[1]), split[1].standardize(stats[0], stats[1])};
    }

    private static RocCurve roc(Dataset[] split, Layer model, int epochs, double lr, long seed) {
        Trainer t = new Trainer(model, Losses::binaryCrossEntropyWithLogits, Optimizer.adam(), new ParamStore());
        t.fit(split[0], TrainOptions.defaults().epochs(epochs).batchSize(32).seed(seed).schedule(Schedule.constant(lr))
                .verbosity(TrainOptions.Verbosity.QUIET));
        return RocCurve.of(t.predict(split[1].x()), split[1].y());
    }

    private static JFreeChart rocChart(RocCurve logistic, RocCurve net, BinaryCounts neg, BinaryCounts pos,
            Random random, int n) {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(String.format(Locale.ROOT, "logistic regression (AUC %.3f)", logistic.auc()),
                new double[][] {logistic.fprs(), logistic.tprs()});
        series.put(String.format(Locale.ROOT, "MLP 30-%d-1 (AUC %.3f)", HIDDEN, net.auc()),
                new double[][] {net.fprs(), net.tprs()});
        series.put("random classifier (TPR = FPR)", new double[][] {{0, 1}, {0, 1}});
        series.put("always negative, always positive", new double[][] {{neg.fpr(), pos.fpr()}, {neg.tpr(), pos.tpr()}});
        series.put("random scores at thresholds 0.8 and 0.5",
                new double[][] {{random.at08().fpr(), random.at05().fpr()},
                        {random.at08().tpr(), random.at05().tpr()}});
        JFreeChart chart = Figures.lines("ROC curves on " + n + " held-out tumours (positive = malignant)",
                "false positive rate FP / (FP + TN)", "true positive rate TP / (TP + FN)", series);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(-0.02, 1.02);
        plot.getRangeAxis().setRange(-0.02, 1.02);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setSeriesPaint(2, Color.GRAY);
        r.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 5f}, 0f));
        for (int i = 3; i < 5; i++) {
            r.setSeriesLinesVisible(i, false);
            r.setSeriesShapesVisible(i, true);
            r.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        r.setSeriesPaint(3, Color.BLACK);
        r.setSeriesPaint(4, Figures.PALETTE.get(3));
        return chart;
    }

    static int[] labels(Dataset d) {
        double[] y = d.y().toArray();
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (int) y[i];
        }
        return out;
    }
}
