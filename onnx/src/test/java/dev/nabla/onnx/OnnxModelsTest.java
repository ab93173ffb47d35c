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
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.AvgPool2d;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GlobalAvgPool;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Models built with nn, exported and run in ONNX Runtime against Nabla's own outputs. */
class OnnxModelsTest {
    @TempDir
    Path dir;

    /** The lecture's MLP: Dense + tanh, Dense + relu, Dense + sigmoid, Dense, softmax over the classes. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void lectureMlpAgrees(DType type) throws Exception {
        Layer model = Sequential.of(Dense.of(4, 16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 12), Activation.of("relu", Activations::relu),
                Dense.of(12, 8), Activation.of("sigmoid", Node::sigmoid),
                Dense.of(8, 3));
        Graph g = new Graph(type);
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node p = Activations.softmax(model.apply(x, Context.of(g)), 1).named("probabilities");
        ParamStore store = Params.initialize(model, new ParamStore(), 7, type);
        double worst = OrtAgreement.maxRelative(p, store, OnnxOptions.defaults(), dir,
                n -> Map.of(x, Tensor.randomNormal(n, 0, 1.5, n, 4).to(type)));
        System.out.println("onnx: lecture MLP " + type + " max relative difference " + worst);
        assertTrue(worst <= (type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32), "max relative " + worst);
    }

    /** The lowest opset the mapping supports writes a model ONNX Runtime runs the same. */
    @ParameterizedTest
    @ValueSource(ints = {OnnxOptions.MIN_OPSET, OnnxOptions.MAX_OPSET})
    void otherOpsetsAgreeToo(int opset) throws Exception {
        Layer model = Sequential.of(Dense.of(4, 8), Activation.of("gelu", Activations::gelu), Dense.of(8, 3));
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 4);
        Node p = Activations.logSoftmax(model.apply(x, Context.of(g)), 1);
        ParamStore store = Params.initialize(model, new ParamStore(), 3);
        double worst = OrtAgreement.maxRelative(p, store, OnnxOptions.defaults().opset(opset), dir,
                n -> Map.of(x, Tensor.randomNormal(n, 0, 1, n, 4)));
        assertTrue(worst <= OrtAgreement.FLOAT64, "opset " + opset + ": max relative " + worst);
    }

    /**
     * Batch norm and dropout after a few training steps, so the running statistics are neither
     * 0 nor 1: the export must read them (evaluation) and drop the dropout mask; exported in the
     * graph's float64 and cast to float32.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void batchNormAndDropoutExportTheirEvaluationForm(DType exported) throws Exception {
        Layer model = Sequential.of(Dense.of(5, 16), BatchNorm.of(16), Activation.of("relu", Activations::relu),
                Dropout.of(0.3, 5), Dense.of(16, 3));
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store);
        trainer.fit(toyClasses(), TrainOptions.defaults().epochs(3).batchSize(16).seed(3)
                .schedule(Schedule.constant(1e-2)).verbosity(TrainOptions.Verbosity.QUIET));
        double[] mean = store.get("batchnorm_1/running_mean").toArray();
        double[] var = store.get("batchnorm_1/running_var").toArray();
        assertFalse(mean[0] == 0 || var[0] == 1, "training moved the running statistics");

        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 5);
        Node logits = model.apply(x, Context.of(g)).named("logits");
        double worst = OrtAgreement.maxRelative(logits, store, OnnxOptions.defaults().dtype(exported), dir,
                n -> Map.of(x, Tensor.randomNormal(100 + n, 0, 1, n, 5)));
        System.out.println("onnx: batch norm + dropout MLP (float64 graph, exported " + exported
                + ") max relative difference " + worst);
        assertTrue(worst <= (exported == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32), "max relative " + worst);
    }

    /** Three noisy classes in 5 features, enough for a few steps to move weights and statistics. */
    private static Dataset toyClasses() {
        Random r = new Random(1);
        double[][] x = new double[96][5];
        int[] labels = new int[96];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i][j] = r.nextGaussian() + (j == labels[i] ? 2.0 : 0.5);
            }
        }
        return Dataset.classification(x, labels);
    }

    /**
     * A small CNN: padded, strided and grouped convolutions, channel batch norm, max and average
     * pooling, global pooling and a dense head, all through unfold; untrained (seeded) weights.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void smallCnnAgrees(DType type) throws Exception {
        Layer model = Sequential.of(Conv2d.of(2, 4, 3, 1, 1), BatchNorm.ofChannels(4),
                Activation.of("relu", Activations::relu), MaxPool2d.of(2),
                Conv2d.of(4, 4, 3, 2, 1, 1, 2, dev.nabla.nn.Init.he(), dev.nabla.nn.Init.zeros()),
                AvgPool2d.of(2), Flatten.of(), Dense.of(4, 3));
        Graph g = new Graph(type);
        Node x = g.input("images", Shape.UNKNOWN, 2, 8, 8);
        Node y = Activations.softmax(model.apply(x, Context.of(g)), 1);
        ParamStore store = Params.initialize(model, new ParamStore(), 9, type);
        double worst = OrtAgreement.maxRelative(y, store, OnnxOptions.defaults(), dir,
                n -> Map.of(x, Tensor.randomNormal(n, 0, 1, n, 2, 8, 8).to(type)));
        System.out.println("onnx: small CNN " + type + " max relative difference " + worst);
        assertTrue(worst <= (type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32), "max relative " + worst);

        Node pooled = GlobalAvgPool.of().apply(x, Context.of(g));
        double global = OrtAgreement.maxRelative(pooled, store, OnnxOptions.defaults(), dir,
                n -> Map.of(x, Tensor.randomNormal(n, 0, 1, n, 2, 8, 8).to(type)));
        assertTrue(global <= (type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32), "global pool " + global);
    }
}
