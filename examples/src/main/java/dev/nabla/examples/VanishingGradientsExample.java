// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.examples.plot.TrainingCharts;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.diagnostics.ActivationStats;
import dev.nabla.nn.diagnostics.Diagnostics;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The vanishing gradient problem, measured: the norm of the loss's gradient by each layer's
 * weights in a deep network (10 hidden layers of 64 units on the digits) at initialisation, for
 * sigmoid with small N(0, 0.01^2) weights, sigmoid with large N(0, 1) weights (saturated), tanh
 * with Xavier and ReLU with He initialisation; then the share of dead ReLU units after training
 * with a sane and with a too-high learning rate.
 */
final class VanishingGradientsExample implements Example {
    static final int DEPTH = 10;
    static final int WIDTH = 64;

    /** One way to build the deep network. */
    record Setup(String label, String activation, UnaryOperator<Node> fn, Init init) {}

    /** What the example measured, for tests. */
    record Result(Map<String, double[]> norms, double[] deadSane, double[] deadHigh, double saneLr, double highLr) {}

    static List<Setup> setups() {
        return List.of(new Setup("sigmoid, N(0, 0.01^2)", "sigmoid", Activations::sigmoid, Init.normal(0.01)),
                new Setup("sigmoid, N(0, 1)", "sigmoid", Activations::sigmoid, Init.normal(1.0)),
                new Setup("tanh, Xavier", "tanh", Activations::tanh, Init.xavierNormal()),
                new Setup("ReLU, He", "relu", Activations::relu, Init.he()));
    }

    @Override
    public String name() {
        return "vanishing-gradients";
    }

    @Override
    public String summary() {
        return "per-layer gradient norms of a 10-layer net by activation and init; dead ReLUs at a high learning rate";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    Result measure(ExampleRun run) throws Exception {
        TrainingData.Split digits = TrainingData.digits(0.25, run.seed());
        Map<String, double[]> norms = gradientNorms(run, TrainingData.head(digits.train(), run.pick(512, 128)));
        double sane = 0.1;
        double high = 1.0;
        int epochs = run.pick(10, 3);
        PrintStream out = run.report();
        out.printf("Dead ReLU units (never active on the %d training digits) after %d epochs of SGD, batch 32:%n",
                digits.train().size(), epochs);
        double[] deadSane = deadFractions(digits.train(), sane, epochs, run.seed(), out);
        double[] deadHigh = deadFractions(digits.train(), high, epochs, run.seed(), out);
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("learning rate " + sane, percents(deadSane));
        bars.put("learning rate " + high, percents(deadHigh));
        Figures.save(TrainingCharts.barLabels(Figures.bars("Dead ReLU units after " + epochs
                + " epochs of SGD (2 hidden layers of 64, He init, digits)", "hidden layer",
                "dead units (% of the layer's 64)", bars, false), 0, 100), run.file("dead-relu.png"), 900, 500);
        out.println("  figures: gradient-norms.png, dead-relu.png");
        out.println("  caption: gradient-norms: with small sigmoid weights the gradient shrinks by orders of magnitude"
                + " towards the input; tanh/Xavier and ReLU/He stay level;");
        out.println("           dead-relu: after training at the high rate many more ReLU units never activate than at"
                + " the sane rate.");
        return new Result(norms, deadSane, deadHigh, sane, high);
    }

    /** Measures, prints and draws each setup's per-layer weight-gradient norms at initialisation. */
    private static Map<String, double[]> gradientNorms(ExampleRun run, Dataset batch) throws java.io.IOException {
        PrintStream out = run.report();
        out.printf("Gradient norm ||dL/dW|| per layer at initialisation, %d hidden layers of %d units,%n", DEPTH, WIDTH);
        out.printf("softmax cross-entropy on %d digits (layer %d is the output layer):%n", batch.size(), DEPTH + 1);
        out.printf("  %-22s %9s %9s %9s %11s %10s%n", "activation, init", "layer 1", "layer " + DEPTH,
                "layer " + (DEPTH + 1), "ratio 1:" + DEPTH, "saturated");
        Map<String, double[]> norms = new LinkedHashMap<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (Setup s : setups()) {
            Layer model = deep(s.activation(), s.fn(), s.init(), DEPTH);
            ParamStore store = Params.initialize(model, new ParamStore(), run.seed());
            double[] w = weightNorms(Diagnostics.gradientNorms(model, Losses::softmaxCrossEntropy, store, batch));
            norms.put(s.label(), w);
            double[][] xy = new double[2][w.length];
            for (int i = 0; i < w.length; i++) {
                xy[0][i] = i + 1;
                xy[1][i] = w[i];
            }
            curves.put(s.label(), xy);
            double saturated = Diagnostics.activationStats(model, store, batch).stream()
                    .mapToDouble(ActivationStats::saturatedFraction).average().orElse(Double.NaN);
            out.printf("  %-22s %9.1e %9.1e %9.1e %11.1e %10s%n", s.label(), w[0], w[DEPTH - 1], w[DEPTH],
                    w[0] / w[DEPTH - 1], Double.isNaN(saturated) ? "n/a" : String.format("%.0f%%", 100 * saturated));
        }
        out.println("  (saturated: share of hidden outputs within 0.01 of a sigmoid or tanh asymptote)");
        Figures.save(TrainingCharts.integerX(TrainingCharts.logY(Figures.lines(
                "Vanishing gradients: ||dL/dW|| per layer at initialisation (10 hidden layers of 64 units, digits)",
                "layer (1 = input side, 11 = output layer)", "gradient norm ||dL/dW|| (log scale)", curves))),
                run.file("gradient-norms.png"), 1000, 560);
        return norms;
    }

    /** {@code depth} hidden layers of {@link #WIDTH} units, then 10 class scores. */
    static Sequential deep(String activation, UnaryOperator<Node> fn, Init init, int depth) {
        return deep(activation, fn, init, Init.zeros(), depth);
    }

    /** {@code depth} hidden layers of {@link #WIDTH} units whose biases start at {@code bias}, then 10 class scores. */
    static Sequential deep(String activation, UnaryOperator<Node> fn, Init init, Init bias, int depth) {
        List<Layer> layers = new ArrayList<>();
        int in = 64;
        for (int i = 0; i < depth; i++) {
            layers.add(Dense.of(in, WIDTH, init, bias));
            layers.add(Activation.of(activation, fn));
            in = WIDTH;
        }
        layers.add(Dense.of(in, 10, init, Init.zeros()));
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    private static double[] weightNorms(Map<String, Double> norms) {
        return norms.entrySet().stream().filter(e -> e.getKey().endsWith("/W")).mapToDouble(Map.Entry::getValue).toArray();
    }

    /** Trains a 2-hidden-layer ReLU net with plain SGD and returns each layer's dead fraction. */
    private static double[] deadFractions(Dataset train, double lr, int epochs, long seed, PrintStream out) {
        Layer model = deep("relu", Activations::relu, Init.he(), 2);
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.sgd(), store);
        String end;
        try {
            History history = trainer.fit(train, TrainOptions.defaults().epochs(epochs).batchSize(32).seed(seed)
                    .schedule(Schedule.constant(lr)).verbosity(TrainOptions.Verbosity.QUIET));
            end = String.format("final training loss %.3f", history.get("loss").get(history.epochs() - 1));
        } catch (NablaException e) {
            // A rate this high can also blow the loss up; the weights it left are measured all the same.
            end = "training diverged (loss not finite)";
        }
        List<ActivationStats> stats = Diagnostics.activationStats(model, store, train);
        double[] dead = stats.stream().mapToDouble(ActivationStats::deadFraction).toArray();
        double all = java.util.Arrays.stream(dead).average().orElse(0);
        StringBuilder per = new StringBuilder();
        for (double d : dead) {
            per.append(per.length() == 0 ? "" : " ").append(String.format("%.0f%%", 100 * d));
        }
        out.printf("  learning rate %-4s dead %.1f%% (per layer %s), %s%n", lr, 100 * all, per, end);
        return dead;
    }

    private static Map<String, Double> percents(double[] fractions) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < fractions.length; i++) {
            m.put("layer " + (i + 1), 100 * fractions[i]);
        }
        return m;
    }
}
