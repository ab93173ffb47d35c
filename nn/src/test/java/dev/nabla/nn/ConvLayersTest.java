// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image layers compute what a plain loop computes, draw their kernels by the kernel's fans, and train. */
class ConvLayersTest {
    /** Runs a layer placed as {@code l} on a fed batch with initialised params, in the given mode. */
    private static Tensor run(Layer layer, ParamStore store, Tensor xs, Tensor mode) {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        int[] dims = xs.shape().dims().clone();
        dims[0] = Shape.UNKNOWN;
        Node x = g.input("x", dims);
        Node y = layer.apply(x, ctx);
        return new Session(store).run(Map.of(x, xs, ctx.training(), mode), y).get(0);
    }

    @Test
    void conv2dAddsOneBiasPerChannelToTheCrossCorrelation() {
        Conv2d conv = Conv2d.of(2, 3, 3, 2, 1).named("c");
        ParamStore store = Params.initialize(conv, new ParamStore(), 5);
        store.put("c/b", Tensor.fromArray(new double[] {0.5, -1.0, 2.0}, 3));
        Tensor xs = Tensor.randomNormal(7, 0, 1, 2, 2, 5, 6);
        Tensor out = run(conv, store, xs, Context.EVAL);
        Tensor w = store.get("c/W");
        assertEquals(Shape.of(2, 3, 3, 3), out.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double sum = store.get("c/b").get(o);
                        for (int c = 0; c < 2; c++) {
                            for (int p = 0; p < 3; p++) {
                                for (int q = 0; q < 3; q++) {
                                    int r = 2 * i - 1 + p;
                                    int s = 2 * j - 1 + q;
                                    if (r >= 0 && r < 5 && s >= 0 && s < 6) {
                                        sum += w.get(o, c, p, q) * xs.get(n, c, r, s);
                                    }
                                }
                            }
                        }
                        assertEquals(sum, out.get(n, o, i, j), 1e-12, "at " + n + "," + o + "," + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void conv1dAddsOneBiasPerChannelToTheCrossCorrelation() {
        Conv1d conv = Conv1d.of(2, 2, 3, 1, 1).named("c");
        ParamStore store = Params.initialize(conv, new ParamStore(), 5);
        store.put("c/b", Tensor.fromArray(new double[] {0.5, -1.0}, 2));
        Tensor xs = Tensor.randomNormal(8, 0, 1, 3, 2, 7);
        Tensor out = run(conv, store, xs, Context.EVAL);
        Tensor w = store.get("c/W");
        assertEquals(Shape.of(3, 2, 7), out.shape());
        for (int n = 0; n < 3; n++) {
            for (int o = 0; o < 2; o++) {
                for (int i = 0; i < 7; i++) {
                    double sum = store.get("c/b").get(o);
                    for (int c = 0; c < 2; c++) {
                        for (int p = 0; p < 3; p++) {
                            int r = i - 1 + p;
                            sum += r >= 0 && r < 7 ? w.get(o, c, p) * xs.get(n, c, r) : 0;
                        }
                    }
                    assertEquals(sum, out.get(n, o, i), 1e-12);
                }
            }
        }
    }

    @Test
    void kernelsAreDrawnWithTheKernelsFansNotTheDenseRule() {
        // Fan-in of a [32, 16, 5, 5] kernel is 16 * 25 = 400 (He: variance 2 / 400); the dense rule would read
        // 32 * 16 * 5 = 2560 and draw a variance more than six times too small.
        Conv2d conv = Conv2d.of(16, 32, 5);
        double[] w = conv.w().init().sample(conv.w().shape(), 3).toArray();
        double m2 = 0;
        for (double v : w) {
            m2 += v * v / w.length;
        }
        assertEquals(2.0 / 400, m2, 0.1 * 2.0 / 400, "He variance of the kernel");
        assertEquals(new Fans(400, 800), Fans.ofKernel(conv.w().shape()));
        assertEquals(new Fans(16 / 4 * 3, 8 * 3), Fans.ofKernel(Conv1d.of(16, 8, 3, 1, 0, 1, 4, Init.he(),
                Init.zeros()).w().shape()));
    }

    @Test
    void poolingFlattenAndGlobalPoolingShapeImages() {
        Tensor xs = Tensor.randomNormal(9, 0, 1, 2, 3, 6, 6);
        ParamStore none = new ParamStore();
        Tensor max = run(MaxPool2d.of(2), none, xs, Context.EVAL);
        assertEquals(Shape.of(2, 3, 3, 3), max.shape());
        assertEquals(Math.max(Math.max(xs.get(1, 2, 2, 4), xs.get(1, 2, 2, 5)),
                Math.max(xs.get(1, 2, 3, 4), xs.get(1, 2, 3, 5))), max.get(1, 2, 1, 2), 0.0);
        Tensor avg = run(new AvgPool2d(3, 1, 1), none, xs, Context.EVAL);
        assertEquals(Shape.of(2, 3, 6, 6), avg.shape());
        assertEquals((xs.get(0, 1, 0, 0) + xs.get(0, 1, 0, 1) + xs.get(0, 1, 1, 0) + xs.get(0, 1, 1, 1)) / 9,
                avg.get(0, 1, 0, 0), 1e-15, "zero padding counts in the average");
        Tensor flat = run(Flatten.of(), none, xs, Context.EVAL);
        assertEquals(Shape.of(2, 108), flat.shape());
        assertEquals(xs.get(1, 2, 3, 4), flat.get(1, 2 * 36 + 3 * 6 + 4), 0.0);
        Tensor global = run(GlobalAvgPool.of(), none, xs, Context.EVAL);
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                sum += xs.get(1, 0, i, j);
            }
        }
        assertEquals(sum / 36, global.get(1, 0), 1e-14);
    }

    @Test
    void batchNormOverChannelsNormalisesEachChannelOverBatchAndPositions() {
        BatchNorm bn = BatchNorm.ofChannels(2).named("bn");
        ParamStore store = Params.initialize(bn, new ParamStore(), 1);
        store.put("bn/gamma", Tensor.fromArray(new double[] {2.0, -1.0}, 2));
        store.put("bn/beta", Tensor.fromArray(new double[] {0.5, 3.0}, 2));
        Tensor xs = Tensor.randomNormal(4, 1, 3, 3, 2, 4, 5);
        Tensor out = run(bn, store, xs, Context.TRAIN);
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            double var = 0;
            int n = 3 * 4 * 5;
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        mean += xs.get(b, c, i, j) / n;
                    }
                }
            }
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        var += Math.pow(xs.get(b, c, i, j) - mean, 2) / n;
                    }
                }
            }
            double g = c == 0 ? 2.0 : -1.0;
            double beta = c == 0 ? 0.5 : 3.0;
            double expected = g * (xs.get(2, c, 3, 4) - mean) / Math.sqrt(var + BatchNorm.EPSILON) + beta;
            assertEquals(expected, out.get(2, c, 3, 4), 1e-12, "channel " + c);
        }
        Tensor eval = run(bn, store, xs, Context.EVAL);
        assertEquals(2.0 * xs.get(1, 0, 2, 2) / Math.sqrt(1 + BatchNorm.EPSILON) + 0.5, eval.get(1, 0, 2, 2), 1e-12,
                "evaluation uses the running statistics (0 and 1 at first)");
    }

    @Test
    void convolutionAndChannelBatchNormGradientsMatchFiniteDifferences() {
        Conv2d conv = Conv2d.of(2, 2, 2, 1, 1);
        BatchNorm bn = BatchNorm.ofChannels(2);
        GradCheck.assertPasses(xs -> {
            Node y = ConvLayersTest.conv(conv, xs.get(0), xs.get(1), xs.get(2));
            Graph g = y.graph();
            return bn.forward(y, g.scalar(1.0), xs.get(3), xs.get(4), g.constant(Tensor.zeros(2)),
                    g.constant(Tensor.ones(2))).y().tanh();
        }, List.of(Tensor.randomNormal(1, 0, 1, 2, 2, 3, 3), Tensor.randomNormal(2, 0, 0.5, 2, 2, 2, 2),
                Tensor.randomNormal(3, 0, 1, 2), Tensor.fromArray(new double[] {1.5, -0.5}, 2),
                Tensor.fromArray(new double[] {0.2, 0.1}, 2)));
    }

    /** The conv layer's formula on explicit nodes, so the kernel and bias are checked inputs too. */
    private static Node conv(Conv2d layer, Node x, Node w, Node b) {
        return dev.nabla.graph.Convolutions.conv2d(x, w, layer.stride(), layer.padding(), layer.dilation(),
                layer.groups()).add(b.reshape(-1, 1, 1));
    }

    @Test
    void aSmallCnnLearnsToTellBarsApart() {
        // 6x6 images with one bright row (label 0) or one bright column (label 1) at a random place, in noise.
        int n = 64;
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        java.util.Random rng = new java.util.Random(11);
        for (int i = 0; i < n; i++) {
            double[] img = new double[36];
            for (int k = 0; k < 36; k++) {
                img[k] = 0.3 * rng.nextGaussian();
            }
            int at = rng.nextInt(6);
            labels[i] = i % 2;
            for (int k = 0; k < 6; k++) {
                img[labels[i] == 0 ? at * 6 + k : k * 6 + at] += 1.0;
            }
            rows[i] = img;
        }
        Dataset flat = Dataset.classification(rows, labels);
        Dataset images = new Dataset(flat.x().reshape(n, 1, 6, 6), flat.y());
        Layer model = Sequential.of(Conv2d.of(1, 4, 3, 1, 1), BatchNorm.ofChannels(4),
                Activation.of("relu", Activations::relu), MaxPool2d.of(2), Flatten.of(), Dense.of(4 * 3 * 3, 2));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore());
        History h = trainer.fit(images, TrainOptions.defaults().epochs(30).batchSize(16).seed(2)
                .verbosity(TrainOptions.Verbosity.QUIET));
        double first = h.get("loss").get(0);
        double last = h.get("loss").get(h.epochs() - 1);
        assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);
    }

    @Test
    void badLayersAreRefusedWhenMade() {
        assertThrows(NablaException.class, () -> Conv2d.of(3, 4, 0));
        assertThrows(NablaException.class, () -> Conv2d.of(3, 4, 3, 0, 0));
        assertThrows(NablaException.class, () -> Conv2d.of(3, 4, 3, 1, -1));
        assertThrows(NablaException.class, () -> Conv2d.of(3, 4, 3, 1, 0, 1, 2, Init.he(), Init.zeros()));
        assertThrows(NablaException.class, () -> Conv1d.of(4, 6, 3, 1, 0, 0, 4, Init.he(), Init.zeros()));
        Conv2d ok = Conv2d.of(3, 4, 3);
        assertThrows(NablaException.class, () -> new Conv2d(ok.w(), Param.of("b", Shape.of(3), Init.zeros()), 1, 0, 1, 1));
        assertThrows(NablaException.class, () -> new Conv1d(ok.w(), ok.b(), 1, 0, 1, 1));
        assertThrows(NablaException.class, () -> new MaxPool2d(2, 2, 2));
        assertThrows(NablaException.class, () -> new AvgPool2d(0, 1, 0));
        assertThrows(NablaException.class, () -> BatchNorm.ofChannels(0));
        Tensor xs = Tensor.randomNormal(1, 0, 1, 2, 3, 4, 4);
        assertThrows(ShapeException.class, () -> run(Conv2d.of(2, 4, 3), new ParamStore(), xs, Context.EVAL));
        assertThrows(ShapeException.class, () -> run(BatchNorm.ofChannels(4), new ParamStore(), xs, Context.EVAL));
        assertThrows(ShapeException.class, () -> run(MaxPool2d.of(5), new ParamStore(), xs, Context.EVAL));
    }
}
