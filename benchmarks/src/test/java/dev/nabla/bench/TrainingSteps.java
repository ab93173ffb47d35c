// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check the training-step workloads share: from an untrained classifier, a few SGD steps lower the loss. */
final class TrainingSteps {
    private TrainingSteps() {}

    /** Runs the step six times on its fixed batch and checks the first loss is an untrained one and the last lower. */
    static void assertLowersAnUntrainedLoss(Workloads.Workload step) {
        double first = step.run().get(0).item();
        double last = first;
        for (int i = 0; i < 5; i++) {
            last = step.run().get(0).item();
        }
        assertTrue(Double.isFinite(first) && first > 1.0, "an untrained 10-class loss is near ln 10, got " + first);
        assertTrue(last < first, "5 SGD steps should lower the loss from " + first + ", got " + last);
    }
}
