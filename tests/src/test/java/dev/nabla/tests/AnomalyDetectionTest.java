// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.AnomalyException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection (issue 8): the first NaN or infinity of a run is reported at the node that
 * made it, with the line that built it; a gradient node also names the forward node behind it.
 */
class AnomalyDetectionTest {
    private static final Pattern INPUT_LINE = Pattern.compile("input \\d+: .* non-finite=(\\d+)");

    private static String here() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + caller.getLineNumber();
    }

    private static Session checking() {
        return new Session(new ParamStore()).detectAnomalies(true);
    }

    @Test
    void logOfZeroIsFoundAtTheLogNode() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node y = x.log(); String site = here();
        Node z = y.mul(2.0).sum();
        Map<Node, Tensor> feeds = Map.of(x, Tensor.fromArray(new double[] {1, 0, 2}, 3));

        AnomalyException e = assertThrows(AnomalyException.class, () -> checking().run(feeds, z));

        assertSame(y, e.node());
        assertTrue(e.getMessage().contains("= log(\"x\") [3] computed 1 non-finite value(s): 1 -Infinity; the first at flat index 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("built at " + site), e.getMessage());
        assertTrue(e.getMessage().contains("input 0: \"x\" [3] min=0.0 max=2.0 non-finite=0"), e.getMessage());
    }

    @Test
    void divisionByZeroIsFoundAtTheDivision() {
        Graph g = new Graph();
        Node a = g.input("a", 2);
        Node b = g.input("b", 2);
        Node q = a.div(b).named("ratio"); String site = here();
        Map<Node, Tensor> feeds = Map.of(a, Tensor.fromArray(new double[] {1, 0}, 2), b, Tensor.fromArray(new double[] {0, 0}, 2));

        AnomalyException e = assertThrows(AnomalyException.class, () -> checking().run(feeds, q.sum()));

        assertSame(q, e.node());
        assertTrue(e.getMessage().contains("\"ratio\" = div(\"a\", \"b\") [2] computed 2 non-finite value(s): 1 NaN, 1 +Infinity"),
                e.getMessage());
        assertTrue(e.getMessage().contains("built at " + site), e.getMessage());
        assertTrue(e.getMessage().contains("input 1: \"b\" [2] min=0.0 max=0.0 non-finite=0"), e.getMessage());
    }

    @Test
    void anOverflowingExpIsFoundAtTheExpNotWhereTheInfinitySpreadsTo() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node e1 = x.mul(100.0).exp(); String site = here();
        Node y = e1.sub(e1).sum();  // inf - inf: the NaN downstream is not where it began

        AnomalyException e = assertThrows(AnomalyException.class,
                () -> checking().run(Map.of(x, Tensor.fromArray(new double[] {1, 8}, 2)), y));

        assertSame(e1, e.node());
        assertTrue(e.getMessage().contains("= exp(") && e.getMessage().contains("1 +Infinity"), e.getMessage());
        assertTrue(e.getMessage().contains("built at " + site), e.getMessage());
        assertTrue(e.getMessage().contains("min=100.0 max=800.0 non-finite=0"), e.getMessage());
    }

    @Test
    void aGradientNodeNamesTheForwardNodeWhoseRuleMadeIt() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node r = x.sqrt(); String site = here();
        Node loss = r.sum();
        Node dx = Grad.grad(loss, x);

        // sqrt is finite at 0, its derivative 1 / (2 sqrt(x)) is not: only the backward pass fails.
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> checking().run(Map.of(x, Tensor.fromArray(new double[] {4, 0}, 2)), loss, dx));

        assertTrue(e.node().origin().isPresent(), "the failing node is a gradient node: " + e.getMessage());
        assertSame(r, e.node().origin().get());
        assertTrue(e.getMessage().contains("in the gradient of " + r.describe().strip() + ", built at " + site),
                e.getMessage());
    }

    @Test
    void aNonFiniteFeedIsNamedBeforeAnyNodeUsesIt() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> checking().run(Map.of(x, Tensor.fromArray(new double[] {1, Double.NaN}, 2)), x.tanh()));
        assertSame(x, e.node());
        assertEquals("anomaly detection: the value fed to input \"x\" [2] holds 1 non-finite value(s): 1 NaN; "
                + "the first at flat index 1", e.getMessage());
    }

    @Test
    void offByDefaultTheSameRunsReturnTheNonFiniteValues() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Tensor y = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(new double[] {1, 0}, 2)), x.log()).get(0);
        assertEquals(Double.NEGATIVE_INFINITY, y.get(1));
    }

    @Test
    void aHealthyRunThroughTheLibrarysCompositesRaisesNothing() {
        // Library composites must not hide infinities of their own (logsumexp once compared with +inf).
        Dataset digits = dev.nabla.nn.data.Datasets.digits().rows(java.util.stream.IntStream.range(0, 256).toArray());
        double[][] stats = digits.columnStats();
        Dataset data = digits.standardize(stats[0], stats[1]);
        dev.nabla.nn.Layer model = dev.nabla.nn.Sequential.of(Dense.of(64, 32), dev.nabla.nn.BatchNorm.of(32),
                dev.nabla.nn.Activation.of("gelu", dev.nabla.nn.activation.Activations::gelu),
                dev.nabla.nn.Dropout.of(0.1, 3), Dense.of(32, 10));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore());
        double loss = trainer.fit(data, TrainOptions.defaults().epochs(2).batchSize(32).detectAnomalies(true)
                .verbosity(TrainOptions.Verbosity.QUIET)).get("loss").get(1);
        assertTrue(Double.isFinite(loss));
    }

    @Test
    void aDivergingTrainingRunIsStoppedWhereTheFirstInfinityAppears() {
        // y = 3x by least squares at a rate far past 2 / curvature: the weights grow by about 1000x a step.
        double[] xs = new double[64];
        double[] ys = new double[64];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (i - 32) / 8.0;
            ys[i] = 3 * xs[i];
        }
        Dataset data = new Dataset(Tensor.fromArray(xs, 64, 1), Tensor.fromArray(ys, 64, 1));
        TrainOptions options = TrainOptions.defaults().epochs(200).batchSize(64).shuffle(false)
                .schedule(Schedule.constant(100.0)).verbosity(TrainOptions.Verbosity.QUIET);

        // Without detection the trainer notices only the epoch's loss, not where it went wrong.
        Trainer plain = new Trainer(Dense.of(1, 1), Losses::mse, Optimizer.sgd(), new ParamStore());
        NablaException late = assertThrows(NablaException.class, () -> plain.fit(data, options));
        assertTrue(late.getMessage().startsWith("Trainer.fit: the loss became"), late.getMessage());

        Trainer trainer = new Trainer(Dense.of(1, 1), Losses::mse, Optimizer.sgd(), new ParamStore());
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> trainer.fit(data, options.detectAnomalies(true))); String site = here();

        System.out.println(e.getMessage());
        // The culprit computed a non-finite value from finite inputs: it is where the blow-up began.
        Matcher inputs = INPUT_LINE.matcher(e.getMessage());
        int seen = 0;
        while (inputs.find()) {
            assertEquals("0", inputs.group(1), e.getMessage());
            seen++;
        }
        assertEquals(e.node().inputs().size(), seen, e.getMessage());
        assertTrue(e.getMessage().contains("built at " + site), e.getMessage());
    }
}
