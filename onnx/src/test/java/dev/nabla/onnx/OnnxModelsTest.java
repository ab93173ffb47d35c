// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

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
import dev.nabla.nn.activation.Activations;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
}
