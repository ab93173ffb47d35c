// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.CsvDataset;
import dev.nabla.nn.data.CsvReader;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.ConfusionMatrix;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Your own data: a CSV file with a header line and the species as text, read with {@link CsvReader},
 * split 75/25 stratified with a fixed seed, standardised with the training split's statistics only,
 * and classified by a small MLP; prints held-out accuracy and a confusion matrix labelled with the
 * class names, and draws it.
 *
 * <p>The shipped file is iris as R writes it ({@code datasets/iris_species.csv} beside this class).
 * The examples' runner takes no file argument, so for a file of your own run this class:
 * <pre>{@code
 * java -cp examples/target/nabla-examples.jar dev.nabla.examples.CsvExample wine.csv --label quality --delimiter ';'
 * }</pre>
 */
public final class CsvExample implements Example {
    static final String RESOURCE = "datasets/iris_species.csv";
    static final double LR = 1e-2;
    static final int HIDDEN = 16;
    static final int BATCH = 16;

    /**
     * What the test checks.
     *
     * @param data what was read
     * @param train the standardised training split
     * @param test the standardised held-out split
     * @param confusion the held-out confusion matrix
     * @param png the drawn matrix
     */
    record Result(CsvDataset data, Dataset train, Dataset test, ConfusionMatrix confusion, Path png) {}

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public String summary() {
        return "your own data: a CSV file with a header and species names, read, split, standardised and classified";
    }

    @Override
    public void run(ExampleRun run) throws IOException {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException {
        try (InputStream in = CsvExample.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("csv: resource " + RESOURCE + " is missing from the class path");
            }
            Reader text = new InputStreamReader(in, StandardCharsets.UTF_8);
            return classify(CsvReader.defaults().read(text, "iris_species.csv"), "iris_species.csv", run.pick(150, 60), run);
        }
    }

    /**
     * Splits, standardises, trains and reports.
     *
     * @param data what a reader read; its labels must be classes
     * @param source the file's name, for the report
     * @param epochs passes over the training split
     * @param run the seed, output folder and report
     * @return the numbers and the figure
     */
    static Result classify(CsvDataset data, String source, int epochs, ExampleRun run) throws IOException {
        int classes = data.classes().size();
        if (classes < 2) {
            throw new NablaException("csv: " + source + " has " + (classes == 0 ? "numeric targets (regression)"
                    : "one class") + "; this example classifies, so it needs a label column with two or more classes");
        }
        Dataset[] split = data.dataset().stratifiedSplit(0.25, run.seed());
        // Statistics of the training split only: the held-out rows must not leak into the scaling.
        double[][] stats = split[0].columnStats();
        Dataset train = split[0].standardize(stats[0], stats[1]);
        Dataset test = split[1].standardize(stats[0], stats[1]);
        int features = data.features().size();
        Layer model = Sequential.of(Dense.of(features, HIDDEN, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(HIDDEN, classes));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore());
        trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(BATCH).seed(run.seed())
                .schedule(Schedule.constant(LR)).verbosity(TrainOptions.Verbosity.QUIET));
        Tensor logits = trainer.predict(test.x());
        ConfusionMatrix cm = ConfusionMatrix.of(test.y(), logits, classes);

        PrintStream out = run.report();
        out.printf(Locale.ROOT, "%s: %d rows; features %s; label \"%s\" with classes %s (numbered in sorted order)%n",
                source, data.dataset().size(), data.features(), data.label(), data.classes());
        out.printf(Locale.ROOT, "stratified 75/25 split (seed %d): %d training, %d held-out rows; standardised with the"
                + " training rows' means and deviations%n", run.seed(), train.size(), test.size());
        out.printf(Locale.ROOT, "MLP %d-%d-%d (ReLU), %d parameters, Adam %s, %d epochs of batches of %d%n", features,
                HIDDEN, classes, Params.count(model), ReportText.plain(LR), epochs, BATCH);
        int right = 0;
        for (int c = 0; c < classes; c++) {
            right += cm.count(c, c);
        }
        out.printf(Locale.ROOT, "held-out accuracy %.4f (%d of %d wrong)%n%n", cm.accuracy(), cm.total() - right,
                cm.total());
        out.println(cm.format(data.classes()));
        Path png = run.file("confusion.png");
        String title = String.format(Locale.ROOT, "%s: confusion matrix, %d held-out rows (accuracy %.3f)", source,
                cm.total(), cm.accuracy());
        Figures.save(DigitsExample.confusionChart(cm, data.classes(), title, data.label()), png,
                Math.max(620, 80 * classes + 200), Math.max(600, 80 * classes + 180));
        out.println("figure: " + png.getFileName());
        out.println("  caption: rows are the true species, columns the predicted ones; the diagonal holds the held-out"
                + " rows classified right, any count off it a confusion between two species.");
        return new Result(data, train, test, cm, png);
    }

    /**
     * Classifies a CSV file of your own:
     * {@code CsvExample FILE [--label NAME] [--delimiter C] [--epochs N] [--seed N] [--out DIR]}; the
     * label is the last column unless named, every other column a feature, the file has a header line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        try {
            CommandLine cl = CommandLine.parse(args);
            CsvDataset data = cl.reader().read(cl.file());
            classify(data, cl.file().getFileName().toString(), cl.epochs(),
                    new ExampleRun(cl.out(), cl.seed(), false, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("usage: CsvExample FILE [--label NAME] [--delimiter C] [--epochs N] [--seed N] [--out DIR]"
                    + " (" + e.getMessage() + ")");
            System.exit(2);
        } catch (NablaException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The arguments of {@link #main}. */
    record CommandLine(Path file, CsvReader reader, int epochs, long seed, Path out) {
        static CommandLine parse(String[] args) {
            Path file = null;
            CsvReader reader = CsvReader.defaults();
            int epochs = 150;
            long seed = 42;
            Path out = Path.of("out", "csv");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    if (file != null) {
                        throw new IllegalArgumentException("a second file " + a);
                    }
                    file = Path.of(a);
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--label" -> reader = reader.label(v);
                    case "--delimiter" -> reader = reader.delimiter(v.equals("\\t") ? '\t' : single(v));
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unexpected argument " + a);
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no file");
            }
            return new CommandLine(file, reader, epochs, seed, out);
        }

        private static char single(String v) {
            if (v.length() != 1) {
                throw new IllegalArgumentException("--delimiter takes one character, or \\t; got " + v);
            }
            return v.charAt(0);
        }
    }
}
