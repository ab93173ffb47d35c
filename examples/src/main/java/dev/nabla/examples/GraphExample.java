// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Formula;
import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The graph of the lecture's backprop example and the graph of its gradients, as Graphviz DOT
 * files, rendered to SVG when Graphviz's {@code dot} is on the PATH.
 */
final class GraphExample implements Example {
    /** How long {@code dot} may take for one file. */
    static final long DOT_TIMEOUT_SECONDS = 20;

    /**
     * What the example wrote.
     *
     * @param forwardDot the forward graph
     * @param gradientDot the graph of both gradients
     * @param svgs the SVG files rendered, empty without Graphviz
     */
    record Result(Path forwardDot, Path gradientDot, List<Path> svgs) {}

    @Override
    public String name() {
        return "graph";
    }

    @Override
    public String summary() {
        return "the backprop example's graph and gradient graph as DOT files (SVG when Graphviz is installed)";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static Result compute(ExampleRun run) throws IOException, InterruptedException {
        LectureNetwork net = LectureNetwork.build();
        Graph g = net.graph();
        Node loss = net.loss();
        Node dw1 = Grad.grad(loss, net.w1()).named("dL_dw1");
        Node dw2 = Grad.grad(loss, net.w2()).named("dL_dw2");

        PrintStream out = run.report();
        out.println("The backprop example: z1 = sigmoid(x w1), yhat = z1 w2, L = 1/2 (yhat - y)^2");
        out.println("  " + Formula.derivative("L", "w2", dw2));
        out.println("  " + Formula.derivative("L", "w1", dw1));
        Path forward = run.file("backprop-graph.dot");
        Path gradient = run.file("backprop-gradient.dot");
        Files.writeString(forward, g.toDot(loss));
        Files.writeString(gradient, g.toDot(dw1, dw2));
        out.printf("  forward graph: %d nodes, %s%n", count(g.format(loss)), forward.getFileName());
        out.printf("  gradient graph (both gradients): %d nodes, %s%n", count(g.format(dw1, dw2)),
                gradient.getFileName());

        Optional<Path> dot = findOnPath("dot");
        if (dot.isEmpty()) {
            out.println("  no SVG: Graphviz's dot is not on the PATH; install it with apt-get install graphviz");
            return new Result(forward, gradient, List.of());
        }
        List<Path> svgs = List.of(render(dot.get(), forward, out), render(dot.get(), gradient, out)).stream()
                .filter(p -> p != null).toList();
        return new Result(forward, gradient, svgs);
    }

    private static int count(String formatted) {
        return (int) formatted.lines().filter(l -> !l.isBlank()).count();
    }

    /** Runs {@code dot -Tsvg}; returns the SVG, or null (after saying why) if dot failed or timed out. */
    private static Path render(Path dot, Path in, PrintStream out) throws IOException, InterruptedException {
        Path svg = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.dot$", ".svg"));
        Process p = new ProcessBuilder(dot.toString(), "-Tsvg", in.toString(), "-o", svg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(DOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            out.printf("  dot took longer than %d s on %s; no SVG%n", DOT_TIMEOUT_SECONDS, in.getFileName());
            return null;
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(svg)) {
            out.printf("  dot failed on %s (exit %d); no SVG%n", in.getFileName(), p.exitValue());
            return null;
        }
        out.println("  rendered " + svg.getFileName());
        return svg;
    }

    /** The first executable called {@code name} in a PATH directory. */
    static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
