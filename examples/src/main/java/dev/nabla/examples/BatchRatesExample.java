// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.nn.train.Dataset;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "mini-batches allow [...] larger learning rates": the network of
 * {@link GdSgdMiniBatchExample} trained by full-batch GD, single-sample SGD and mini-batch SGD at
 * learning rates from 0.01 to 30, each for the same number of epochs from the same weights. A
 * rate is stable when training ends below the loss it started from; the largest stable rate of
 * each variant is printed, and the final loss is plotted against the rate.
 */
final class BatchRatesExample implements Example {
    static final double[] RATES = {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30};

    /**
     * One variant's sweep.
     *
     * @param label the variant
     * @param batch its batch size
     * @param finalLoss the training loss after the last epoch at each of {@link #RATES}; infinite if training diverged
     * @param start the loss before training, the same for every rate
     */
    record Sweep(String label, int batch, double[] finalLoss, double start) {
        /** @return the largest rate that ends below the starting loss, or NaN if none does */
        double largestStable() {
            double best = Double.NaN;
            for (int i = 0; i < RATES.length; i++) {
                if (finalLoss[i] < start) {
                    best = RATES[i];
                }
            }
            return best;
        }
    }

    @Override
    public String name() {
        return "batch-rates";
    }

    @Override
    public String summary() {
        return "final loss against learning rate for full-batch GD, SGD and mini-batch SGD: the largest stable rate of each";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<Sweep> measure(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        Dataset train = GdSgdMiniBatchExample.trainingSplit(run);
        int epochs = run.pick(10, 4);
        out.printf(Locale.ROOT, "Breast cancer, %d training samples, the 30-16-2 tanh network of gd-sgd-minibatch, plain"
                + " SGD, %d epochs from the same weights at every rate;%n  training loss (cross-entropy) after the last"
                + " epoch; 'inf': the loss stopped being finite:%n", train.size(), epochs);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-20s", "variant \\ rate"));
        for (double r : RATES) {
            head.append(String.format(Locale.ROOT, " %7s", ReportText.plain(r)));
        }
        out.println(head.append("  largest stable"));
        List<Sweep> sweeps = List.of(sweep("full-batch GD", train.size(), train, epochs, run.seed(), out),
                sweep("SGD, batch 1", 1, train, epochs, run.seed(), out),
                sweep("mini-batch, batch 32", 32, train, epochs, run.seed(), out));
        out.printf(Locale.ROOT, "  (stable: ends below the starting loss %.3f)%n", sweeps.get(0).start());
        draw(run, sweeps, epochs);
        out.println("  figure: batch-rates.png");
        out.printf(Locale.ROOT, "  caption: the largest stable rate is %s for single samples, %s for batches of 32 and %s"
                + " for the full batch: averaged gradients are less noisy.%n", stable(sweeps.get(1)),
                stable(sweeps.get(2)), stable(sweeps.get(0)));
        return sweeps;
    }

    private static String stable(Sweep s) {
        return Double.isNaN(s.largestStable()) ? "none" : ReportText.plain(s.largestStable());
    }

    private static Sweep sweep(String label, int batch, Dataset train, int epochs, long seed, PrintStream out) {
        double[] last = new double[RATES.length];
        double start = Double.NaN;
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-20s", label));
        for (int i = 0; i < RATES.length; i++) {
            LossTrace t = GdSgdMiniBatchExample.descend(label, batch, train, epochs, RATES[i], train.size(), seed);
            start = t.loss()[0];
            last[i] = t.last();
            row.append(Double.isFinite(last[i]) ? String.format(Locale.ROOT, " %7.3f", last[i]) : "     inf");
        }
        Sweep s = new Sweep(label, batch, last, start);
        out.println(row.append("  ").append(stable(s)));
        return s;
    }

    private static void draw(ExampleRun run, List<Sweep> sweeps, int epochs) throws java.io.IOException {
        // A diverged run has no loss to draw, and a huge one would squash the rest: both go at ten times the start.
        double ceiling = 10 * sweeps.get(0).start();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Sweep s : sweeps) {
            double[][] xy = new double[2][RATES.length];
            for (int i = 0; i < RATES.length; i++) {
                xy[0][i] = RATES[i];
                xy[1][i] = Math.min(ceiling, s.finalLoss()[i]);
            }
            curves.put(s.label() + " (largest stable rate " + stable(s) + ")", xy);
        }
        curves.put("loss before training", new double[][] {{RATES[0], RATES[RATES.length - 1]},
                {sweeps.get(0).start(), sweeps.get(0).start()}});
        JFreeChart chart = TrainingCharts.logX(TrainingCharts.logY(Figures.lines(
                "Final loss against learning rate after " + epochs + " epochs (breast cancer, 30-16-2 tanh network)",
                "learning rate (log scale)", "final training loss (cross-entropy, log scale; above 10x the start: at the top)",
                curves)));
        TrainingCharts.dashed(chart, sweeps.size());
        TrainingCharts.colour(chart, sweeps.size(), java.awt.Color.GRAY);
        if (chart.getXYPlot().getRenderer() instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r) {
            for (int i = 0; i < sweeps.size(); i++) {
                r.setSeriesShapesVisible(i, true);
            }
        }
        Figures.save(TrainingCharts.legendRight(chart), run.file("batch-rates.png"), 1100, 540);
    }
}
