// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Agreement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smoke tests of the benchmark workloads: each builds, runs once and gives the right, finite numbers. Not timed. */
class WorkloadsTest {
    @Test
    void theMlpStepLowersTheLossOnItsFixedBatch() {
        TrainingSteps.assertLowersAnUntrainedLoss(Workloads.mlpStep(32, DType.FLOAT64, 1));
    }

    @Test
    void theTinyChainsDerivativeMatchesTheChainRuleDoneByHand() {
        List<Tensor> out = Workloads.tinyChain(1000, 0.3, DType.FLOAT64, 1).run();
        double v = 0.3;
        double dv = 1.0;
        for (int i = 0; i < 1000; i++) {
            switch (i % 4) {
                case 0 -> { v *= 0.5; dv *= 0.5; }
                case 1 -> v += 0.1;
                case 2 -> { v = Math.tanh(v); dv *= 1 - v * v; }
                default -> { v = Math.exp(v); dv *= v; }
            }
        }
        assertEquals(v, out.get(0).item(), 1e-12 * Math.abs(v));
        assertEquals(dv, out.get(1).item(), 1e-9 * Math.abs(dv));
        assertTrue(dv != 0 && Double.isFinite(dv), "derivative " + dv);
    }

    @Test
    void aShortChainsDerivativeMatchesCentralDifferences() {
        int ops = 12;
        double x0 = 0.3;
        double h = 1e-6;
        double analytic = Workloads.tinyChain(ops, x0, DType.FLOAT64, 1).run().get(1).item();
        Graph g = new Graph();
        Node x = g.input("x");
        Plan value = new Session(new ParamStore()).compile(Workloads.chain(x, ops));
        double numeric = (value.run(Map.of(x, Tensor.scalar(x0 + h))).get(0).item()
                - value.run(Map.of(x, Tensor.scalar(x0 - h))).get(0).item()) / (2 * h);
        assertEquals(numeric, analytic, 1e-7 * Math.max(1, Math.abs(analytic)));
    }

    @Test
    void theHvpGivesOneFiniteNonZeroProductPerParam() {
        List<Tensor> hv = Workloads.mlpHvp(16, DType.FLOAT64, 1).run();
        assertEquals(6, hv.size());
        double norm = 0;
        for (Tensor t : hv) {
            for (double d : t.toArray()) {
                assertTrue(Double.isFinite(d));
                norm += d * d;
            }
        }
        assertTrue(norm > 0, "H v is all zeros");
    }

    @Test
    void theDeepTanhGradientsAreFinite() {
        List<Tensor> grads = Workloads.deepTanh(50, 64, 64, DType.FLOAT64, 1).run();
        assertEquals(100, grads.size());
        grads.forEach(t -> assertTrue(java.util.Arrays.stream(t.toArray()).allMatch(Double::isFinite)));
    }

    @Test
    void elementwiseComputesTanhTimesSigmoidPlusX() {
        Workloads.Workload w = Workloads.elementwise(1000, DType.FLOAT64, 1);
        double[] x = w.feeds().values().iterator().next().toArray();
        double[] y = w.run().get(0).toArray();
        for (int i = 0; i < x.length; i++) {
            double expected = Math.tanh(x[i]) / (1 + Math.exp(-x[i])) + x[i];
            assertEquals(expected, y[i], 1e-14 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void matmulMatchesANaiveProduct() {
        int n = 33;
        Workloads.Workload w = Workloads.matmul(n, DType.FLOAT64, 1);
        Tensor[] ab = w.plan().inputs().stream().map(w.feeds()::get).toArray(Tensor[]::new);
        double[] a = ab[0].toArray();
        double[] b = ab[1].toArray();
        double[] c = w.run().get(0).toArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * b[k * n + j];
                }
                assertEquals(s, c[i * n + j], 1e-12 * n);
            }
        }
    }

    @Test
    void theCompileGraphHasExactlyTheNodesAskedFor() {
        Node fetch = Workloads.compileGraph(10_000);
        assertEquals(10_000, new Session(new ParamStore()).compile(fetch).nodes().size());
    }

    @Test
    void gradGrowthCountsNodes() {
        Workloads.Growth g = Workloads.gradGrowth(10);
        assertTrue(g.forward() > 10 && g.added() > 0, g.toString());
        assertTrue(Double.isFinite(g.ratio()));
    }

    @Test
    void everyBenchmarkStateSetsUpAndRuns() {
        WorkloadBenchmark bench = new WorkloadBenchmark();
        WorkloadBenchmark.MlpStep mlp = setUp(new WorkloadBenchmark.MlpStep(), s -> s.batch = 32);
        assertTrue(Double.isFinite(bench.mlpStep(mlp).get(0).item()));
        assertEquals(2, bench.tinyChain(setUp(new WorkloadBenchmark.TinyChain(), s -> {})).size());
        assertEquals(100, bench.deepTanh(setUp(new WorkloadBenchmark.DeepTanh(), s -> {})).size());
        assertEquals(1_000_000, bench.elementwise(setUp(new WorkloadBenchmark.Elementwise(), s -> {})).get(0).size());
        assertEquals(64, bench.matmul(setUp(new WorkloadBenchmark.Matmul(), s -> s.n = 64)).get(0).shape().dim(0));
        assertEquals(6, bench.hvpMlp(setUp(new WorkloadBenchmark.Hvp(), s -> {})).size());
        assertNotNull(bench.compile10k(setUp(new WorkloadBenchmark.Compile(), s -> {})));
    }

    @Test
    void everyWorkloadRunsInFloat32CloseToFloat64() {
        assertClose(Workloads.mlpStep(32, DType.FLOAT64, 1).run(), Workloads.mlpStep(32, DType.FLOAT32, 1).run(), 1e-5);
        assertClose(Workloads.mlpHvp(16, DType.FLOAT64, 1).run(), Workloads.mlpHvp(16, DType.FLOAT32, 1).run(), 1e-4);
        assertClose(Workloads.tinyChain(1000, 0.3, DType.FLOAT64, 1).run(),
                Workloads.tinyChain(1000, 0.3, DType.FLOAT32, 1).run(), 1e-5);
        assertClose(Workloads.deepTanh(50, 64, 64, DType.FLOAT64, 1).run(),
                Workloads.deepTanh(50, 64, 64, DType.FLOAT32, 1).run(), 1e-4);
        assertClose(Workloads.elementwise(1000, DType.FLOAT64, 1).run(), Workloads.elementwise(1000, DType.FLOAT32, 1).run(), 1e-6);
        assertClose(Workloads.matmul(65, DType.FLOAT64, 2).run(), Workloads.matmul(65, DType.FLOAT32, 2).run(), 1e-5);
    }

    private static void assertClose(List<Tensor> wide, List<Tensor> narrow, double tol) {
        assertEquals(wide.size(), narrow.size());
        for (int k = 0; k < wide.size(); k++) {
            Agreement.check("fetch " + k, wide.get(k), narrow.get(k), tol);
        }
    }

    private static <S extends WorkloadBenchmark.Base> S setUp(S state, java.util.function.Consumer<S> params) {
        state.threads = 1;
        state.dtype = "float64";
        params.accept(state);
        state.setup();
        return state;
    }
}
