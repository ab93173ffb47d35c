// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The examples' command line: {@code java -jar nabla-examples.jar NAME [--out DIR] [--seed N] [--quick] [--data DIR]};
 * no name lists them, {@code tour} runs them all.
 *
 * <p>Usage: {@code java -jar examples/target/nabla-examples.jar tour --quick}
 */
public final class Examples {
    private Examples() {}

    /** @return every example, in the order the tour runs them */
    public static List<Example> all() {
        return List.of(new NeuronDemo(), new BackpropExample(), new ActivationTableExample.AsExample(),
                new LearnedFeaturesExample(), new UniversalApproximationExample(), new LinearVsNonlinearExample(),
                new ReluFoldsExample(), new MultiOutputExample(), new GdSgdMiniBatchExample(),
                new BatchRatesExample(), new ZigZagExample(), new ActivationCostExample(), new ReluBiasExample(),
                new VanishingGradientsExample(), new BatchNormExample(), new OptimizersExample(), new LearningRateExample(),
                new RegularizationExample(), new RocExample(), new SvmCExample(), new DigitsExample(), new CnnDigitsExample(),
                new CnnFashionExample(), new CsvExample(), new TransformerSortExample(),
                new SecondOrderExample(), new GraphExample(), new PinnExample(), new RnnMemoryExample(),
                new OnnxExportExample());
    }

    /**
     * Runs the command line; exits with {@link #run}'s status only when it is not 0.
     *
     * <p>A successful run returns instead of calling {@code System.exit}: under Maven's
     * {@code exec:java} the program runs inside Maven's JVM, which an exit would end before Maven
     * prints its summary. A failure still exits with its status, so a script sees it.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status = run(args, System.out);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line and returns the exit status, for tests.
     *
     * @param args the arguments
     * @param out where reports go
     * @return 0 on success, 1 if an example failed, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out) {
        String name = null;
        Path dir = null;
        long seed = 42;
        boolean quick = false;
        Path data = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> dir = Path.of(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--quick" -> quick = true;
                    case "--data" -> data = Path.of(args[++i]);
                    default -> {
                        if (args[i].startsWith("--") || name != null) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        name = args[i];
                    }
                }
            }
        } catch (RuntimeException e) {
            out.println("usage: java -jar nabla-examples.jar NAME [--out DIR] [--seed N] [--quick] [--data DIR] ("
                    + e.getMessage() + ")");
            return 2;
        }
        if (name == null) {
            list(out);
            return 0;
        }
        List<Example> chosen = new ArrayList<>();
        for (Example e : all()) {
            if (name.equals("tour") || e.name().equals(name)) {
                chosen.add(e);
            }
        }
        if (chosen.isEmpty()) {
            out.println("no example named \"" + name + "\"");
            list(out);
            return 2;
        }
        int failed = 0;
        for (Example e : chosen) {
            Path target = dir == null ? Path.of("out", e.name()) : (chosen.size() > 1 ? dir.resolve(e.name()) : dir);
            out.println("== " + e.name() + ": " + e.summary());
            long start = System.nanoTime();
            try {
                e.run(new ExampleRun(target, seed, quick, out, data));
                out.printf(Locale.ROOT, "   (%s done in %.1f s, files in %s)%n%n", e.name(),
                        (System.nanoTime() - start) / 1e9, target);
            } catch (Exception ex) {
                failed++;
                out.println("   FAILED: " + ex);
                ex.printStackTrace(out);
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static void list(PrintStream out) {
        out.println("Examples (java -jar nabla-examples.jar NAME [--out DIR] [--seed N] [--quick] [--data DIR];"
                + " tour runs all; --data: where cnn-fashion finds Fashion-MNIST):");
        for (Example e : all()) {
            out.printf(Locale.ROOT, "  %-24s %s%n", e.name(), e.summary());
        }
    }
}
