// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import org.junit.jupiter.api.Test;

/** Smoke tests of the attention_step workload: it trains, and two threads give the bits of one. Not timed. */
class AttentionStepTest {
    @Test
    void theStepLowersTheLossAndTwoThreadsGiveTheBitsOfOne() {
        Workloads.Workload one = Workloads.attentionStep(DType.FLOAT64, 1);
        Workloads.Workload two = Workloads.attentionStep(DType.FLOAT64, 2);
        double first = one.run().get(0).item();
        assertArrayEquals(new double[] {first}, two.run().get(0).toArray(), 0.0, "step 0");
        double last = first;
        for (int i = 1; i < 4; i++) {
            last = one.run().get(0).item();
            assertArrayEquals(new double[] {last}, two.run().get(0).toArray(), 0.0, "step " + i);
        }
        assertTrue(Double.isFinite(first) && last < first, "SGD steps should lower the loss from " + first + ", got "
                + last);
    }

    @Test
    void theBenchmarkStateSetsUpAndRunsInFloat32() {
        WorkloadBenchmark.AttentionStep state = new WorkloadBenchmark.AttentionStep();
        state.threads = 1;
        state.dtype = "float32";
        state.setup();
        assertTrue(Double.isFinite(new WorkloadBenchmark().attentionStep(state).get(0).item()));
    }
}
