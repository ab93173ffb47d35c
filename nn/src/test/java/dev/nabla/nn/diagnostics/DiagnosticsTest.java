// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.train.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    private static final Activation RELU = Activation.of("relu", x -> Ops.maximum(x, x.graph().scalar(0.0)));
    private static final Activation SIGMOID = Activation.of("sigmoid", x -> Ops.unary(UnaryFn.SIGMOID, x));
    private static final Activation TANH = Activation.of("tanh", Node::tanh);

    /** A store holding the given dense weights and biases, in the order of the model's dense layers. */
    private static ParamStore store(Tensor... wAndB) {
        ParamStore s = new ParamStore();
        for (int i = 0; i < wAndB.length; i += 2) {
            s.put("dense_" + (i / 2 + 1) + "/W", wAndB[i]);
            s.put("dense_" + (i / 2 + 1) + "/b", wAndB[i + 1]);
        }
        return s;
    }

    private static Dataset inputs(double[]... rows) {
        return new Dataset(Tensor.fromRows(rows), Tensor.zeros(rows.length));
    }

    @Test
    void gradientNormsOfALinearModelMatchTheHandDerivation() {
        // pred = x W + b = [3, 1] for targets [0, 1]; the lecture's MSE has dL/dpred = (2/N)(pred - t) = [3, 0],
        // so dL/dW = X^T [3, 0] = [3, 6] (norm sqrt 45) and dL/db = 3.
        Layer model = Sequential.of(Dense.of(2, 1));
        ParamStore s = store(Tensor.fromRows(new double[] {1}, new double[] {1}), Tensor.zeros(1));
        Dataset batch = new Dataset(Tensor.fromRows(new double[] {1, 2}, new double[] {0, 1}),
                Tensor.fromRows(new double[] {0}, new double[] {1}));
        Map<String, Double> norms = Diagnostics.gradientNorms(model, Losses::mse, s, batch);
        assertEquals(List.of("dense_1/W", "dense_1/b"), List.copyOf(norms.keySet()));
        assertEquals(Math.sqrt(45), norms.get("dense_1/W"), 1e-12);
        assertEquals(3.0, norms.get("dense_1/b"), 1e-12);
    }

    @Test
    void gradientNormsFollowTheParamOrderUseBatchStatisticsAndChangeNothing() {
        Layer model = Sequential.of(Dense.of(2, 3), BatchNorm.of(3), RELU, Dense.of(3, 1));
        ParamStore s = Params.initialize(model, new ParamStore(), 3);
        Map<String, Tensor> before = s.snapshot();
        Dataset batch = new Dataset(Tensor.randomNormal(1, 0, 1, 8, 2), Tensor.randomNormal(2, 0, 1, 8, 1));
        Map<String, Double> norms = Diagnostics.gradientNorms(model, Losses::mse, s, batch);
        assertEquals(List.of("dense_1/W", "dense_1/b", "batchnorm_1/gamma", "batchnorm_1/beta", "dense_2/W", "dense_2/b"),
                List.copyOf(norms.keySet()));
        // Training mode: batch norm subtracts the batch mean, so a bias just before it gets no gradient at all.
        assertTrue(norms.get("dense_1/b") < 1e-12, "bias before batch norm: " + norms.get("dense_1/b"));
        assertTrue(norms.get("dense_1/W") > 1e-3, "weights before batch norm: " + norms.get("dense_1/W"));
        assertEquals(before, s.snapshot(), "running statistics and weights must stay as they were");
    }

    @Test
    void reluUnitsForcedNegativeAreDead() {
        // Pre-activations [3, -3, -1] and [7, -7, -1]: unit 0 fires, units 1 and 2 never do.
        Layer model = Sequential.of(Dense.of(2, 3), RELU);
        ParamStore s = store(Tensor.fromRows(new double[] {1, -1, 0}, new double[] {1, -1, 0}),
                Tensor.fromArray(new double[] {0, 0, -1}, 3));
        List<ActivationStats> stats = Diagnostics.activationStats(model, s, inputs(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(1, stats.size());
        ActivationStats r = stats.get(0);
        assertEquals("relu_1", r.layer());
        assertEquals(3, r.units());
        assertEquals(2, r.samples());
        assertEquals(2.0 / 3, r.deadFraction(), 1e-15);
        assertEquals(Saturation.NONE, r.saturation());
        assertTrue(Double.isNaN(r.saturatedFraction()));
    }

    @Test
    void aUnitActiveOnOneSampleOnlyIsAlive() {
        // 300 rows span two chunks; unit 0 fires on the last row only, unit 1 never.
        assertTrue(300 > Diagnostics.CHUNK);
        double[][] rows = new double[300][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i == rows.length - 1 ? 1 : -1};
        }
        Layer model = Sequential.of(Dense.of(1, 2), RELU);
        ParamStore s = store(Tensor.fromRows(new double[] {1, -1}), Tensor.fromArray(new double[] {0, -1000}, 2));
        ActivationStats r = Diagnostics.activationStats(model, s, inputs(rows)).get(0);
        assertEquals(300, r.samples());
        assertEquals(0.5, r.deadFraction(), 1e-15);
    }

    @Test
    void sigmoidOutputsOnTheTailsAreSaturated() {
        // Pre-activations [10, 0, -10, 3] and [-10, 0, 10, -3]: sigmoid(+-10) is within 5e-5 of 0 or 1,
        // sigmoid(3) = 0.953 and sigmoid(0) = 0.5 are not: 4 of 8 outputs.
        Layer model = Sequential.of(Dense.of(1, 4), SIGMOID);
        ParamStore s = store(Tensor.fromRows(new double[] {10, 0, -10, 3}), Tensor.zeros(4));
        ActivationStats r = Diagnostics.activationStats(model, s, inputs(new double[] {1}, new double[] {-1})).get(0);
        assertEquals(Saturation.SIGMOID, r.saturation());
        assertEquals(0.5, r.saturatedFraction(), 1e-15);
        assertEquals(0.0, r.deadFraction());
    }

    @Test
    void tanhSaturatesBeyondAbout2Point65AndAZeroUnitIsDead() {
        // Pre-activations [3, 2, 0] and [-3, -2, 0]: |tanh 3| = 0.995 saturates, |tanh 2| = 0.964 does not,
        // and the all-zero unit outputs exactly 0 for every sample.
        Layer model = Sequential.of(Dense.of(1, 3), TANH);
        ParamStore s = store(Tensor.fromRows(new double[] {3, 2, 0}), Tensor.zeros(3));
        ActivationStats r = Diagnostics.activationStats(model, s, inputs(new double[] {1}, new double[] {-1})).get(0);
        assertEquals(Saturation.TANH, r.saturation());
        assertEquals(2.0 / 6, r.saturatedFraction(), 1e-15);
        assertEquals(1.0 / 3, r.deadFraction(), 1e-15);
    }

    @Test
    void layersAreNamedByTheirPlaceInNestedModels() {
        Layer model = Sequential.of(Sequential.of(Dense.of(2, 4), RELU), Dense.of(4, 3), SIGMOID, Dense.of(3, 3), SIGMOID);
        ParamStore s = Params.initialize(model, new ParamStore(), 5);
        List<ActivationStats> stats = Diagnostics.activationStats(model, s, inputs(new double[] {1, 2}, new double[] {0, -1}));
        assertEquals(List.of("sequential_1/relu_1", "sigmoid_1", "sigmoid_2"), stats.stream().map(ActivationStats::layer).toList());
        assertEquals(List.of(4, 3, 3), stats.stream().map(ActivationStats::units).toList());
        assertTrue(stats.get(1).toString().contains("sigmoid_1"), stats.get(1).toString());
    }

    @Test
    void aModelWithoutActivationsHasNoStats() {
        Layer model = Sequential.of(Dense.of(2, 1));
        ParamStore s = Params.initialize(model, new ParamStore(), 1);
        assertTrue(Diagnostics.activationStats(model, s, inputs(new double[] {1, 2})).isEmpty());
    }

    @Test
    void missingValuesAndNullsAreNamed() {
        Layer model = Sequential.of(Dense.of(2, 1), RELU);
        Dataset data = inputs(new double[] {1, 2});
        NablaException e = assertThrows(NablaException.class,
                () -> Diagnostics.activationStats(model, new ParamStore(), data));
        assertTrue(e.getMessage().contains("dense_1/W") && e.getMessage().contains("Params.initialize"), e.getMessage());
        assertThrows(NablaException.class, () -> Diagnostics.gradientNorms(model, null, new ParamStore(), data));
        assertThrows(NablaException.class, () -> Diagnostics.gradientNorms(null, Losses::mse, new ParamStore(), data));
    }

    @Test
    void saturationRulesFollowTheActivationsName() {
        assertEquals(Saturation.SIGMOID, Saturation.forActivation("Sigmoid"));
        assertEquals(Saturation.TANH, Saturation.forActivation("tanh"));
        assertEquals(Saturation.NONE, Saturation.forActivation("relu"));
        assertTrue(Saturation.SIGMOID.test(0.995) && Saturation.SIGMOID.test(0.005));
        assertFalse(Saturation.SIGMOID.test(0.98) || Saturation.SIGMOID.test(0.02));
        assertTrue(Saturation.TANH.test(-0.995));
        assertFalse(Saturation.TANH.test(0.98) || Saturation.NONE.test(1e9));
    }

    @Test
    void normNeitherUnderflowsNorOverflows() {
        assertEquals(5e-200, Diagnostics.norm(new double[] {3e-200, 4e-200}), 1e-212);
        assertEquals(5e200, Diagnostics.norm(new double[] {3e200, -4e200}), 1e188);
        assertEquals(0.0, Diagnostics.norm(new double[] {0, 0}));
        assertTrue(Double.isNaN(Diagnostics.norm(new double[] {1, Double.NaN})));
    }
}
