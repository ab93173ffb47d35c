// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.data.Toy2D;
import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.train.Dataset;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;

/**
 * The lecture's "ReLU gives neural networks the power to fold the input space": ReLU networks of
 * growing size on two interleaved spirals, which no line separates. One hidden layer of 1, 3, 10
 * and 20 units, then two hidden layers of (10, 10) up to (100, 100); each panel titled as on the
 * slides with its training accuracy. The net is affine wherever the on/off pattern of its ReLU
 * units stays the same, so the report also counts the patterns met on the plotted grid: the
 * linear pieces the plane has been folded into.
 */
final class ReluFoldsExample implements Example {
    /** The networks, one hidden layer then two, as on the slides. */
    static final int[][] ONE_LAYER = {{1}, {3}, {10}, {20}};
    static final int[][] TWO_LAYERS = {{10, 10}, {20, 20}, {50, 50}, {100, 100}};

    /**
     * One network's measurements.
     *
     * @param hidden its hidden widths
     * @param accuracy its training accuracy
     * @param pieces the number of distinct ReLU on/off patterns over the plotted grid, which is the
     *     number of linear pieces the grid sees
     */
    record Net(int[] hidden, double accuracy, int pieces) {}

    @Override
    public String name() {
        return "relu-folds";
    }

    @Override
    public String summary() {
        return "ReLU networks of 1 to 20 units and of (10, 10) to (100, 100) units on two spirals, as on the slides";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        nets(run);
    }

    /**
     * Runs the example.
     *
     * @param run the run
     * @return the networks' measurements, one hidden layer first
     * @throws Exception if a figure cannot be written
     */
    List<Net> nets(ExampleRun run) throws Exception {
        Dataset data = Toy2D.spirals(400, 2, 0.03, run.seed());
        int epochs = run.pick(400, 100);
        int cells = run.pick(120, 80);
        double[] bounds = Toy2D.bounds(data, 0.15);
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "Two spirals of 2 turns, %d points (noise 0.03); %d epochs of Adam, batches of 50.%n",
                data.size(), epochs);
        out.println("  hidden units  params  training accuracy  linear pieces on the grid");
        List<Net> nets = new ArrayList<>();
        List<JFreeChart> panels = new ArrayList<>();
        for (int[][] group : new int[][][] {ONE_LAYER, TWO_LAYERS}) {
            for (int[] hidden : group) {
                ToyNets.Fit fit = ToyNets.train(ToyNets.mlp(2, hidden, "relu", 2), data, epochs, 50, 0.02,
                        run.seed());
                Net net = new Net(hidden, ToyNets.accuracy(fit, data), pieces(fit, ToyNets.gridPoints(bounds, cells)));
                nets.add(net);
                out.printf(Locale.ROOT, "  %12s  %6d  %17.3f  %d%n", widths(hidden), Params.count(fit.model()),
                        net.accuracy(), net.pieces());
                String title = String.format(Locale.ROOT, "%s: accuracy %.2f", slideTitle(hidden), net.accuracy());
                panels.add(Figures.decisionSurface(title, Toy2D.points(data), Toy2D.labels(data),
                        ToyNets.surface(fit, UnaryOperator.identity(), bounds, cells), bounds, cells));
            }
        }
        Figures.grid("1 hidden layer: ReLU NNs on two spirals (training accuracy)", panels.subList(0, 4), 2, 420, 420,
                run.file("relu-folds-1-layer.png"));
        Figures.grid("2 hidden layers: ReLU NNs on two spirals (training accuracy)", panels.subList(4, 8), 2, 420, 420,
                run.file("relu-folds-2-layers.png"));
        out.println("  figures: relu-folds-1-layer.png, relu-folds-2-layers.png");
        out.println("  caption: shading is the predicted class; more ReLU units fold the plane into more linear pieces"
                + " until the boundary follows the spirals.");
        return nets;
    }

    /** The slides' titles: "ReLU NN with 10 neuron(s)", "ReLU NN with (10, 10) neurons". */
    static String slideTitle(int[] hidden) {
        return "ReLU NN with " + widths(hidden) + (hidden.length == 1 ? " neuron(s)" : " neurons");
    }

    private static String widths(int[] hidden) {
        String list = IntStream.of(hidden).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return hidden.length == 1 ? list : "(" + list + ")";
    }

    /** Counts the distinct on/off patterns of all ReLU units over the grid's points. */
    private static int pieces(ToyNets.Fit fit, Tensor grid) {
        int n = grid.shape().dim(0);
        List<BitSet> patterns = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            patterns.add(new BitSet());
        }
        int offset = 0;
        int layers = ((Sequential) fit.model()).layers().size() / 2;
        for (int l = 1; l <= layers; l++) {
            Tensor h = ToyNets.prefix(fit, 2 * l, grid);
            int width = h.shape().dim(1);
            double[] v = h.toArray();
            for (int k = 0; k < n; k++) {
                for (int u = 0; u < width; u++) {
                    patterns.get(k).set(offset + u, v[k * width + u] > 0);
                }
            }
            offset += width;
        }
        Set<BitSet> distinct = new HashSet<>(patterns);
        return distinct.size();
    }
}
