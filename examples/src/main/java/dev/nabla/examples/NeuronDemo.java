// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.Map;

/**
 * The lecture's neuron {@code yhat = g(w0 + X^T W)} with a sigmoid {@code g}, built as a graph for
 * a batch of four samples, printed, run, and checked against the same sum written as plain loops.
 *
 * <p>Usage: {@code mvn -pl examples -am compile exec:java}
 */
public final class NeuronDemo implements Example {
    @Override
    public String name() {
        return "neuron";
    }

    @Override
    public String summary() {
        return "the lecture's neuron yhat = g(w0 + X^T W) as a graph, printed and run on a batch";
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        new NeuronDemo().run(new ExampleRun(java.nio.file.Path.of("out", "neuron"), 7, false, System.out));
    }

    @Override
    public void run(ExampleRun run) {
        java.io.PrintStream report = run.report();
        Graph g = new Graph();
        Node x = g.input("X", Shape.UNKNOWN, 3);
        Node w = g.param("W", 3, 1);
        Node w0 = g.param("w0", 1);
        Node z = x.matmul(w).add(w0).named("z");
        // g(z) = 1 / (1 + e^-z): the logistic sigmoid, composed of primitive ops.
        Node yhat = z.neg().exp().add(1.0).recip().named("yhat");

        ParamStore params = new ParamStore()
                .put("W", Tensor.randomNormal(run.seed(), 0.0, 1.0, 3, 1))
                .put("w0", Tensor.fromArray(new double[] {0.1}));
        Tensor batch = Tensor.fromRows(
                new double[] {1.0, 0.5, -1.0},
                new double[] {0.0, 2.0, 1.0},
                new double[] {-1.5, 0.3, 0.7},
                new double[] {2.0, -1.0, 0.0});
        Tensor out = new Session(params).run(Map.of(x, batch), yhat).get(0);

        report.println("The neuron yhat = g(w0 + X^T W) as a graph, in run order:");
        report.print(g.format(yhat));
        report.println();
        report.println("X =\n" + batch);
        report.println("W =\n" + params.get("W"));
        report.println("w0 = " + params.get("w0"));
        report.println("yhat =\n" + out);
        report.println("max |graph - loops| = " + maxDifferenceFromLoops(batch, params, out));
        try {
            java.nio.file.Path dot = run.file("neuron.dot");
            java.nio.file.Files.writeString(dot, g.toDot(yhat));
            report.println("graph written as DOT: " + dot);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The same neuron as the lecture writes it, one sample at a time. */
    private static double maxDifferenceFromLoops(Tensor batch, ParamStore params, Tensor out) {
        Tensor w = params.get("W");
        double w0 = params.get("w0").item();
        double worst = 0;
        for (int i = 0; i < batch.shape().dim(0); i++) {
            double z = w0;
            for (int j = 0; j < 3; j++) {
                z += batch.get(i, j) * w.get(j, 0);
            }
            worst = Math.max(worst, Math.abs(1.0 / (1.0 + Math.exp(-z)) - out.get(i, 0)));
        }
        return worst;
    }
}
