// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.Activations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * The lecture's "exp function can be expensive to compute", timed: ReLU against sigmoid, tanh and
 * ELU on a large array, as Nabla graphs run by a compiled plan and as plain Java loops (where
 * ReLU is one comparison and the others call {@link Math#exp} or {@link Math#tanh}). Each is
 * warmed up, then timed several times, and the median reported in nanoseconds per element.
 * The numbers depend on the machine, the JVM and what else runs; they are printed, never asserted.
 */
final class ActivationCostExample implements Example {
    /**
     * One activation's timings.
     *
     * @param name the activation
     * @param graphNs the median nanoseconds per element of the compiled graph
     * @param loopNs the median nanoseconds per element of the plain loop
     * @param maxDifference the largest difference between the graph's and the loop's outputs
     */
    record Timing(String name, double graphNs, double loopNs, double maxDifference) {}

    /** One activation, as a graph and as a scalar function. */
    private record Contender(String name, UnaryOperator<Node> graph, DoubleUnaryOperator scalar) {}

    private static List<Contender> contenders() {
        return List.of(new Contender("ReLU", Activations::relu, v -> Math.max(v, 0)),
                new Contender("sigmoid", Activations::sigmoid, v -> 1 / (1 + Math.exp(-v))),
                new Contender("tanh", Activations::tanh, Math::tanh),
                new Contender("ELU", x -> Activations.elu(x, 1.0), v -> v > 0 ? v : Math.expm1(v)));
    }

    @Override
    public String name() {
        return "activation-cost";
    }

    @Override
    public String summary() {
        return "exp is expensive: ReLU against sigmoid, tanh and ELU timed on a large array (ns per element)";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        measure(run);
    }

    List<Timing> measure(ExampleRun run) throws Exception {
        int n = run.pick(1 << 21, 1 << 18);
        int warmups = run.pick(10, 4);
        int repeats = run.pick(15, 7);
        Tensor input = Tensor.randomNormal(run.seed(), 0, 3, n);
        double[] values = input.toArray();
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "%d float64 values from N(0, 3^2); %d warm-up runs, then the median of %d timed runs;%n",
                n, warmups, repeats);
        out.println("  machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to"
                + " the JVM, Java " + System.getProperty("java.version"));
        out.println("  these numbers depend on the machine, the JVM and the load; compare rows, not machines.");
        out.printf(Locale.ROOT, "  %-9s %15s %15s %17s %16s%n", "function", "graph ns/elem", "loop ns/elem",
                "loop / ReLU loop", "graph vs loop");
        List<Timing> timings = new java.util.ArrayList<>();
        for (Contender c : contenders()) {
            Graph g = new Graph();
            Node x = g.input("x", n);
            Plan plan = new Session(new ParamStore()).compile(c.graph().apply(x));
            double[] fromGraph = plan.run(Map.of(x, input)).get(0).toArray();
            double[] fromLoop = new double[n];
            double graphNs = median(warmups, repeats, () -> plan.run(Map.of(x, input))) / n;
            double loopNs = median(warmups, repeats, () -> loop(c.scalar(), values, fromLoop)) / n;
            double diff = 0;
            for (int i = 0; i < n; i++) {
                diff = Math.max(diff, Math.abs(fromGraph[i] - fromLoop[i]));
            }
            timings.add(new Timing(c.name(), graphNs, loopNs, diff));
        }
        double relu = timings.get(0).loopNs();
        for (Timing t : timings) {
            out.printf(Locale.ROOT, "  %-9s %15.2f %15.2f %16.1fx %16s%n", t.name(), t.graphNs(), t.loopNs(),
                    t.loopNs() / relu, String.format(Locale.ROOT, "max |diff| %.0e", t.maxDifference()));
        }
        out.println("  (the graph runs each function as its primitive ops, one pass over the array per op, so its"
                + " ReLU is a comparison and a select)");
        draw(run, timings, n);
        out.println("  figure: activation-cost.png");
        out.println("  caption: in the plain loops sigmoid, tanh and ELU, which call exp, cost several times ReLU's"
                + " one comparison per element.");
        return timings;
    }

    private static void loop(DoubleUnaryOperator f, double[] in, double[] out) {
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
    }

    /** The median nanoseconds of {@code repeats} runs after {@code warmups} untimed ones. */
    private static double median(int warmups, int repeats, Runnable task) {
        for (int i = 0; i < warmups; i++) {
            task.run();
        }
        double[] ns = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            task.run();
            ns[i] = System.nanoTime() - start;
        }
        Arrays.sort(ns);
        return ns[repeats / 2];
    }

    /** The CPU's model name from /proc/cpuinfo, or a note that it is unknown. */
    static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(info)) {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException e) {
            // No model name then; the report says so.
        }
        return "CPU model unknown (no /proc/cpuinfo)";
    }

    private static void draw(ExampleRun run, List<Timing> timings, int n) throws IOException {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Map<String, Double> graph = new LinkedHashMap<>();
        Map<String, Double> loop = new LinkedHashMap<>();
        for (Timing t : timings) {
            graph.put(t.name(), t.graphNs());
            loop.put(t.name(), t.loopNs());
        }
        bars.put("Nabla graph, compiled plan", graph);
        bars.put("plain Java loop", loop);
        Figures.save(Figures.bars(String.format(Locale.ROOT, "Cost of an activation on %,d float64 values (median; %s)",
                n, cpuModel()), "activation function", "time per element (ns, median of runs)", bars, false),
                run.file("activation-cost.png"), 1000, 520);
    }
}
