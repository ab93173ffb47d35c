// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.AvgPool2d;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Context;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GlobalAvgPool;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small convolutional networks, trained a few steps on the digits as 1x8x8 images, exported and run
 * in ONNX Runtime on random batches of 1, 3 and 17 images (the batch size is the model's symbolic
 * dimension) against Nabla's own outputs in evaluation mode.
 *
 * <p>Agreement is {@link OrtAgreement}'s: for each output element, {@code |a - b| / max(|a|, |b|)}
 * (0 where both are equal), the maximum over every element of every batch; at most 1e-12 in
 * float64 and 1e-5 in float32. The models end in a softmax, so every element compared is a
 * probability, whose relative error stays that of the logits' absolute error: a logit near zero
 * would make the measure blow up on cancellation, not on a wrong mapping.
 */
class OnnxCnnTest {
    @TempDir
    Path dir;

    private static Layer relu() {
        return Activation.of("relu", Activations::relu);
    }

    /**
     * The windows with every option the layers have: batch norm with running statistics, max
     * pooling whose padding must read -infinity (it follows batch norm, so windows hold negative
     * values only), a grouped convolution, and average pooling that does not count its padding.
     */
    private static Layer pooledCnn() {
        return Sequential.of(Conv2d.of(1, 6, 3, 1, 1), BatchNorm.ofChannels(6), new MaxPool2d(3, 2, 1), relu(),
                Conv2d.of(6, 8, 3, 1, 1, 1, 2, Init.he(), Init.zeros()), Activation.of("tanh", Node::tanh),
                new AvgPool2d(3, 1, 1, false), Flatten.of(), Dense.of(8 * 4 * 4, 10));
    }

    /** Strided and dilated convolutions, global average pooling and non-overlapping pools. */
    private static Layer stridedCnn() {
        return Sequential.of(Conv2d.of(1, 8, 3, 2, 1), relu(), Conv2d.of(8, 8, 3, 1, 2, 2, 1, Init.he(), Init.zeros()),
                relu(), MaxPool2d.of(2), Conv2d.of(8, 12, 1), AvgPool2d.of(2), GlobalAvgPool.of(), Dense.of(12, 10));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void pooledCnnAgrees(DType type) throws Exception {
        assertAgrees("pooled CNN", pooledCnn(), type);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void stridedCnnAgrees(DType type) throws Exception {
        assertAgrees("strided CNN", stridedCnn(), type);
    }

    private void assertAgrees(String name, Layer model, DType type) throws Exception {
        ParamStore store = trained(model, Losses::softmaxCrossEntropy, digitImages(96), type);
        Graph g = new Graph(type);
        Node x = g.input("images", Shape.UNKNOWN, 1, 8, 8);
        Node p = Activations.softmax(model.apply(x, Context.of(g)), 1).named("probabilities");
        double worst = OrtAgreement.maxRelative(p, store, OnnxOptions.defaults(), dir,
                n -> Map.of(x, Tensor.randomUniform(100 + n, 0, 1, n, 1, 8, 8).to(type)));
        System.out.println("onnx: " + name + " " + type + " max relative difference " + worst);
        double bound = type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32;
        assertTrue(worst <= bound, name + " " + type + ": max relative difference " + worst + " > " + bound);
    }

    /** The first {@code rows} digits as one-channel images in [0, 1], labels 0..9. */
    static Dataset digitImages(int rows) {
        Dataset d = Datasets.digits();
        double[] x = Arrays.copyOf(d.x().toArray(), rows * 64);
        for (int i = 0; i < x.length; i++) {
            x[i] /= 16;
        }
        return new Dataset(Tensor.of(Shape.of(rows, 1, 8, 8), x), Tensor.of(Shape.of(rows), Arrays.copyOf(d.y().toArray(), rows)));
    }

    /**
     * A store holding the model's params after one epoch of Adam in batches of 32, checked to have
     * left every trainable param away from its first value, so the export is tested on weights no
     * initialiser drew (and on batch-norm statistics that moved).
     */
    static ParamStore trained(Layer model, BinaryOperator<Node> loss, Dataset data, DType type) {
        ParamStore store = Params.initialize(model, new ParamStore(), 5, type);
        Map<String, Tensor> first = store.snapshot();
        new Trainer(model, loss, Optimizer.adam(), store, type).fit(data, TrainOptions.defaults().epochs(1).batchSize(32)
                .seed(5).verbosity(TrainOptions.Verbosity.QUIET));
        for (Param p : model.params()) {
            double[] before = first.get(p.name()).toArray();
            double[] after = store.get(p.name()).toArray();
            if (p.trainable()) {
                assertFalse(Arrays.equals(before, after), p.name() + " kept its first value after training");
            }
            assertTrue(Arrays.stream(after).allMatch(Double::isFinite), p.name() + " is not finite after training");
        }
        return store;
    }
}
