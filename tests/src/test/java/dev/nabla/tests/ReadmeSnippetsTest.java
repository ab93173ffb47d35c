// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.autodiff.Formula;
import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.data.CsvDataset;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.io.CheckpointDirectory;
import dev.nabla.nn.optim.Lbfgs;
import dev.nabla.nn.train.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Java code, read from README.md itself, compiled and run: a README change that breaks a
 * block fails here, so the README cannot drift from the code.
 *
 * <p>Every {@code ```java} block becomes the body of a method ({@link ReadmeBlocks}) with the
 * block's own imports and no others, so a block is complete as it stands (it pastes into jshell),
 * and runs in a JVM of its own whose working directory is empty, as a reader's program would (the
 * checkpoint recipe writes {@code run/checkpoints}).
 * A block that uses variables of earlier blocks ({@code model}, {@code store}, {@code trainer},
 * {@code options}, ...) carries an invisible marker on the line before its fence,
 * {@code <!-- snippet: NAME -->}, and {@link #SETUPS} gives NAME a prelude declaring them (small
 * stand-ins, so the test stays quick), the variables the checks read and the checks. A block
 * without a marker must run on its own. Only the Spark block is compiled without running: it
 * needs a Spark context, and the spark module's {@code ReadmeScalingOutTest} runs that code on
 * {@code local[2]}.
 */
class ReadmeSnippetsTest {
    /** What a marked block needs and what is checked after it ran. */
    record Setup(String prelude, List<String> exports, boolean runs, Consumer<Map<String, Object>> check) {
        static final Setup ALONE = runs("", List.of(), v -> { });

        static Setup runs(String prelude, List<String> exports, Consumer<Map<String, Object>> check) {
            return new Setup(prelude, exports, true, check);
        }
    }

    /**
     * A small model, its store and trainer, 64 digits and options for 5 quiet epochs: what the
     * Training section's later blocks take from its first.
     *
     * @param data the name the block gives the data set
     */
    private static String training(String data) {
        return """
                Layer model = Sequential.of(Dense.of(64, 10));
                ParamStore store = new ParamStore();
                Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store);
                Dataset %s = Datasets.digits().rows(IntStream.range(0, 64).toArray());
                TrainOptions options = TrainOptions.defaults().epochs(5).batchSize(32).seed(1)
                        .verbosity(TrainOptions.Verbosity.QUIET);
                """.formatted(data);
    }

    /** Marker to setup; README's markers and these keys must be the same set. */
    static final Map<String, Setup> SETUPS = Map.ofEntries(
            Map.entry("ten-lines", Setup.runs("", List.of("g", "y", "store", "out", "dw"), ReadmeSnippetsTest::tenLines)),
            Map.entry("per-example", Setup.runs("", List.of("x", "t", "w", "b", "perRow"), ReadmeSnippetsTest::perExample)),
            Map.entry("gradients", Setup.runs("", List.of("x", "y", "loss", "dw1", "dw2", "store"),
                    ReadmeSnippetsTest::gradients)),
            Map.entry("custom-op", Setup.runs("Graph g = new Graph();\nNode x = g.input(\"x\", 3);\n", List.of("x", "y"),
                    ReadmeSnippetsTest::customOp)),
            Map.entry("digits", Setup.runs("", List.of("accuracy"),
                    v -> assertTrue((Double) v.get("accuracy") >= 0.97, "held-out accuracy " + v.get("accuracy")))),
            Map.entry("digits-float32", Setup.runs("Layer model = Sequential.of(Dense.of(64, 10));\n", List.of(), v -> { })),
            Map.entry("checkpoint-directory", Setup.runs(training("train"), List.of("ckpts"), v ->  // 5 epochs saved, the newest 3 kept
                    assertEquals(List.of(2L, 3L, 4L), ((CheckpointDirectory) v.get("ckpts")).steps()))),
            Map.entry("custom-layer", Setup.runs("", List.of("model"), ReadmeSnippetsTest::customLayer)),
            Map.entry("anomalies", Setup.runs(training("data") + "Session session = new Session(store);\n", List.of(),
                    v -> { })),
            Map.entry("your-own-data", Setup.runs("Path irisFile = dev.nabla.tests.ReadmeFixtures.copy(\"dev/nabla/examples/datasets/"
                    + "iris_species.csv\", \"iris.csv\");\n", List.of("iris", "species", "train", "test"),
                    ReadmeSnippetsTest::yourOwnData)),
            Map.entry("cnn", Setup.runs("", List.of("accuracy"),  // 0.9889 here; the margin absorbs another CPU's rounding
                    v -> assertTrue((Double) v.get("accuracy") >= 0.985, "held-out accuracy " + v.get("accuracy")))),
            Map.entry("pinn", Setup.runs("", List.of("u", "r"), ReadmeSnippetsTest::pinn)),
            Map.entry("manual-loop", Setup.runs("", List.of("loss", "x", "labels", "store", "iris"),
                    ReadmeSnippetsTest::manualLoop)),
            Map.entry("spark", new Setup("JavaSparkContext sc = null;\nDataset train = null;\nTrainOptions options = null;\n"
                    + "Path dir = null;\n", List.of(), false, v -> { })));

    private static final Path README = Path.of(System.getProperty("basedir", "."), "..", "README.md");

    @TempDir
    static Path work;

    /** @return the setup of a block: its marker's, or none for an unmarked block */
    private static Setup setup(ReadmeBlocks.Block b) {
        if (b.marker() == null) {
            return Setup.ALONE;
        }
        Setup s = SETUPS.get(b.marker());
        if (s == null) {
            fail(b + ": the marker names no setup; add \"" + b.marker() + "\" to ReadmeSnippetsTest.SETUPS");
        }
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() {
        List<ReadmeBlocks.Block> blocks = ReadmeBlocks.read(README);
        assertFalse(blocks.isEmpty(), "no ```java block in " + README.toAbsolutePath());
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.toString(), () -> {
            Setup s = setup(b);
            ReadmeBlocks.Source source = ReadmeBlocks.source(b, s.prelude(), s.exports());
            Path classes = Files.createDirectories(work.resolve("classes"));
            String errors = ReadmeBlocks.compile(b, source, classes);
            if (!errors.isEmpty()) {
                fail(b + " does not compile" + (b.marker() == null ? " on its own (if it uses variables of earlier"
                        + " blocks, mark it <!-- snippet: NAME --> and give NAME a prelude here)" : "") + ":\n" + errors);
            }
            if (s.runs()) {
                ReadmeBlockRun.inOwnJvm(b, classes, Files.createDirectories(work.resolve(b.className())));
            }
        }));
    }

    @Test
    void everyMarkerHasASetupAndEverySetupAMarker() {
        Set<String> markers = ReadmeBlocks.read(README).stream().map(ReadmeBlocks.Block::marker)
                .filter(m -> m != null).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(SETUPS.keySet()), markers, "markers in README.md against ReadmeSnippetsTest.SETUPS");
    }

    /**
     * Runs a marked block's checks on the variables it computed; called in the block's own JVM.
     *
     * @param marker the block's marker, or null
     * @param values its exported variables
     */
    static void check(String marker, Map<String, Object> values) {
        if (marker != null) {
            SETUPS.get(marker).check().accept(values);
        }
    }

    private static void tenLines(Map<String, Object> v) {
        Graph g = (Graph) v.get("g");
        Node y = (Node) v.get("y");
        Tensor out = (Tensor) v.get("out");
        assertEquals(Shape.of(4, 1), out.shape());
        double z = 0;
        for (double w : ((ParamStore) v.get("store")).get("w").toArray()) {
            z += w;
        }
        assertEquals(Math.tanh(z), out.get(2, 0), 1e-15);
        // d sum(y) / dw_i: four rows of ones, each adding (1 - tanh(z)^2) * 1.
        Tensor dw = (Tensor) v.get("dw");
        assertEquals(Shape.of(3, 1), dw.shape());
        assertEquals(4 * (1 - Math.tanh(z) * Math.tanh(z)), dw.get(1, 0), 1e-14);
        assertTrue(g.format(y).contains("\"y\" = tanh"), g.format(y));
        assertTrue(g.toDot(y).startsWith("strict digraph") || g.toDot(y).startsWith("digraph"), g.toDot(y));
    }

    /** Row r of each result is the gradient of (x_r w + b - t_r)^2: 2 e_r x_r for w and 2 e_r for b. */
    private static void perExample(Map<String, Object> v) {
        @SuppressWarnings("unchecked")
        List<Node> perRow = (List<Node>) v.get("perRow");
        Tensor x = Tensor.randomNormal(1, 0, 1, 8, 3);
        Tensor t = Tensor.randomNormal(2, 0, 1, 8, 1);
        Tensor w = Tensor.randomNormal(3, 0, 1, 3, 1);
        ParamStore store = new ParamStore().put("w", w).put("b", Tensor.scalar(0.5).reshape(1));
        List<Tensor> out = new Session(store).run(Map.of((Node) v.get("x"), x, (Node) v.get("t"), t),
                perRow.toArray(new Node[0]));
        assertEquals(Shape.of(8, 3, 1), out.get(0).shape());
        assertEquals(Shape.of(8, 1), out.get(1).shape());
        for (int r = 0; r < 8; r++) {
            double e = 0.5 - t.get(r, 0);
            for (int i = 0; i < 3; i++) {
                e += x.get(r, i) * w.get(i, 0);
            }
            assertEquals(2 * e, out.get(1).get(r, 0), 1e-12);
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * e * x.get(r, i), out.get(0).get(r, i, 0), 1e-12);
            }
        }
    }

    /** The values and formulas the block's comments print. */
    private static void gradients(Map<String, Object> v) {
        Node dw2 = (Node) v.get("dw2");
        Node dw1 = (Node) v.get("dw1");
        assertEquals("dL/dw2 = (yhat - y) * z1", Formula.derivative("L", "w2", dw2));
        assertEquals("dL/dw1 = (yhat - y) * w2 * z1^2 * exp(-x * w1) * x", Formula.derivative("L", "w1", dw1));
        List<Tensor> out = new Session((ParamStore) v.get("store")).run(
                Map.of((Node) v.get("x"), Tensor.scalar(1), (Node) v.get("y"), Tensor.scalar(1)),
                (Node) v.get("loss"), dw2, dw1);
        assertEquals(1.3162, out.get(0).item(), 5e-5);
        assertEquals(-1.0099, out.get(1).item(), 5e-5);
        assertEquals(0.3813, out.get(2).item(), 5e-5);
    }

    /** "It differentiates twice like the built-in ones": x^2, 2x and 2. */
    private static void customOp(Map<String, Object> v) {
        Node x = (Node) v.get("x");
        Node y = (Node) v.get("y");
        Node dy = Grad.grad(y.sum(), x);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(new double[] {1, -2, 3}, 3)),
                y, dy, Grad.grad(dy.sum(), x));
        assertArrayEquals(new double[] {1, 4, 9}, out.get(0).toArray());
        assertArrayEquals(new double[] {2, -4, 6}, out.get(1).toArray());
        assertArrayEquals(new double[] {2, 2, 2}, out.get(2).toArray());
    }

    /** The comment's claim, to its order: the network matches sin x to 5.5e-5 on 1,001 points (the issue asks 1e-3). */
    private static void pinn(Map<String, Object> v) {
        double[] u = ((Tensor) v.get("u")).toArray();
        double worst = 0;
        for (int i = 0; i < u.length; i++) {
            worst = Math.max(worst, Math.abs(u[i] - Math.sin(2 * Math.PI * i / (u.length - 1))));
        }
        assertEquals(1001, u.length);
        assertTrue(worst <= 1e-4, "max |u - sin x| = " + worst + "; the README says 5.5e-5");
        Lbfgs.Result r = (Lbfgs.Result) v.get("r");
        assertTrue(r.loss() < r.losses().get(0), "L-BFGS lowers the loss Adam left: " + r);
    }

    /** Three hundred hand-written Adam steps fit the iris data set. */
    private static void manualLoop(Map<String, Object> v) {
        Dataset iris = (Dataset) v.get("iris");
        Node loss = (Node) v.get("loss");
        double after = new Session((ParamStore) v.get("store")).run(Map.of((Node) v.get("x"), iris.x(),
                (Node) v.get("labels"), iris.y()), loss).get(0).item();
        assertTrue(after < 0.1, "cross-entropy after 300 steps (about 0.05; 1.46 at the start): " + after);
    }

    /** The shipped iris table with species names reads back to the iris data set, split and scaled as it says. */
    private static void yourOwnData(Map<String, Object> v) {
        CsvDataset iris = (CsvDataset) v.get("iris");
        assertEquals(List.of("setosa", "versicolor", "virginica"), v.get("species"));
        assertEquals(List.of("Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"), iris.features());
        assertArrayEquals(Datasets.iris().x().toArray(), iris.dataset().x().toArray());
        assertArrayEquals(Datasets.iris().y().toArray(), iris.dataset().y().toArray());
        Dataset train = (Dataset) v.get("train");
        Dataset test = (Dataset) v.get("test");
        assertEquals(111, train.size());
        assertEquals(39, test.size());
        assertEquals(0, train.columnStats()[0][2], 1e-12, "centred with the training split's own means");
    }

    private static void customLayer(Map<String, Object> v) {
        Layer model = (Layer) v.get("model");
        assertEquals(List.of("dense_1/W", "dense_1/b", "scale_1/s"), model.params().stream().map(Param::name).toList());
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node y = model.apply(x, Context.of(g));
        ParamStore store = Params.initialize(model, new ParamStore(), 1);
        assertEquals(Shape.of(2, 8), new Session(store).run(Map.of(x, Tensor.ones(2, 4)), y).get(0).shape());
    }
}
