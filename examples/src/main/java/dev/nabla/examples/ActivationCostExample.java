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

    /** A whole-array loop, written out per function so that each loop's body is inlined on its own. */
    @FunctionalInterface
    private interface Loop {
        void apply(double[] in, double[] out);
    }

    /** One activation, as a graph and as a plain loop. */
    private record Contender(String name, UnaryOperator<Node> graph, Loop loop) {}

    private static List<Contender> contenders() {
        return List.of(new Contender("ReLU", Activations::relu, (in, out) -> {
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.max(in[i], 0);
            }
        }), new Contender("sigmoid", Activations::sigmoid, (in, out) -> {
            for (int i = 0; i < in.length; i++) {
                out[i] = 1 / (1 + Math.exp(-in[i]));
            }
        }), new Contender("tanh", Activations::tanh, (in, out) -> {
            for (int i = 0; i < in.length; i++) {
                out[i] = Math.tanh(in[i]);
            }
        }), new Contender("ELU", x -> Activations.elu(x, 1.0), (in, out) -> {
            for (int i = 0; i < in.length; i++) {
                out[i] = in[i] > 0 ? in[i] : Math.expm1(in[i]);
            }
        }));
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
        int n = run.pick(1 << 20, 1 << 18);
        int warmups = run.pick(5, 4);
        int repeats = run.pick(11, 7);
        Tensor input = Tensor.randomNormal(run.seed(), 0, 3, n);
        double[] values = input.toArray();
        PrintStream out = run.report();
        out.printf(Locale.ROOT, "%d float64 values from N(0, 3^2); %d warm-up rounds, then the median of %d timed rounds"
                + " (each round runs every function once, in turn);%n",
                n, warmups, repeats);
        out.println("  machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to"
                + " the JVM, Java " + System.getProperty("java.version"));
        out.println("  these numbers depend on the machine, the JVM and the load; compare rows, not machines.");
        out.printf(Locale.ROOT, "  %-9s %15s %15s %17s %16s%n", "function", "graph ns/elem", "loop ns/elem",
                "loop / ReLU loop", "graph vs loop");
        List<Contender> all = contenders();
        Graph g = new Graph();
        Node x = g.input("x", n);
        Plan[] plans = new Plan[all.size()];
        double[][] outs = new double[all.size()][n];
        Runnable[] tasks = new Runnable[2 * all.size()];
        for (int c = 0; c < all.size(); c++) {
            Plan plan = new Session(new ParamStore()).compile(all.get(c).graph().apply(x));
            Loop loop = all.get(c).loop();
            double[] target = outs[c];
            plans[c] = plan;
            tasks[2 * c] = () -> plan.run(Map.of(x, input));
            tasks[2 * c + 1] = () -> loop.apply(values, target);
        }
        // Every task is warmed up before any is timed, and the timed runs take turns, so that neither
        // the JIT compiler's progress nor a burst of load elsewhere favours the functions timed first.
        double[][] ns = new double[tasks.length][repeats];
        for (int r = -warmups; r < repeats; r++) {
            for (int t = 0; t < tasks.length; t++) {
                long start = System.nanoTime();
                tasks[t].run();
                if (r >= 0) {
                    ns[t][r] = System.nanoTime() - start;
                }
            }
        }
        List<Timing> timings = new java.util.ArrayList<>();
        for (int c = 0; c < all.size(); c++) {
            double[] fromGraph = plans[c].run(Map.of(x, input)).get(0).toArray();
            double diff = 0;
            for (int i = 0; i < n; i++) {
                diff = Math.max(diff, Math.abs(fromGraph[i] - outs[c][i]));
            }
            timings.add(new Timing(all.get(c).name(), median(ns[2 * c]) / n, median(ns[2 * c + 1]) / n, diff));
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
        out.printf(Locale.ROOT, "  caption: in plain loops on this machine sigmoid takes %.1fx, tanh %.1fx and ELU %.1fx the time"
                + " of ReLU's one comparison per element.%n", timings.get(1).loopNs() / relu, timings.get(2).loopNs() / relu,
                timings.get(3).loopNs() / relu);
        return timings;
    }

    private static double median(double[] ns) {
        double[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
