// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Agreement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoke tests of the conv_step workload: it trains, agrees across types and thread counts. Not timed. */
class ConvStepTest {
    @Test
    void theConvStepLowersTheLossOnItsFixedBatch() {
        TrainingSteps.assertLowersAnUntrainedLoss(Workloads.convStep(16, DType.FLOAT64, 1));
    }

    @Test
    void theModelHasLeNetsParams() {
        long count = LeNet.model().params().stream().mapToLong(p -> p.shape().size()).sum();
        // conv 6*1*25+6, conv 16*6*25+16, dense 256*120+120, 120*84+84, 84*10+10: PyTorch's count for the peer.
        assertEquals(156 + 2416 + 30840 + 10164 + 850, count);
    }

    @Test
    void twoThreadsGiveTheBitsOfOne() {
        Workloads.Workload one = Workloads.convStep(8, DType.FLOAT64, 1);
        Workloads.Workload two = Workloads.convStep(8, DType.FLOAT64, 2);
        for (int i = 0; i < 3; i++) {
            assertEquals(one.run().get(0).item(), two.run().get(0).item(), 0.0, "step " + i);
        }
        Workloads.Workload oneF = Workloads.convStep(8, DType.FLOAT32, 1);
        Workloads.Workload twoF = Workloads.convStep(8, DType.FLOAT32, 2);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(oneF.run().get(0).toArray(), twoF.run().get(0).toArray(), 0.0, "float32 step " + i);
        }
    }

    @Test
    void float32StepsStayCloseToFloat64() {
        Workloads.Workload wide = Workloads.convStep(8, DType.FLOAT64, 1);
        Workloads.Workload narrow = Workloads.convStep(8, DType.FLOAT32, 1);
        for (int i = 0; i < 3; i++) {
            List<Tensor> a = wide.run();
            List<Tensor> b = narrow.run();
            Agreement.check("loss at step " + i, a.get(0), b.get(0), 1e-4);
        }
    }

    @Test
    void theBenchmarkStateSetsUpAndRuns() {
        WorkloadBenchmark.ConvStep state = new WorkloadBenchmark.ConvStep();
        state.threads = 2;
        state.dtype = "float32";
        state.images = 4;
        state.setup();
        assertTrue(Double.isFinite(new WorkloadBenchmark().convStep(state).get(0).item()));
    }
}
