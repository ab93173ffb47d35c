// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** The example's claims, as numbers: it learns the digits, and Spark took the one-machine steps. */
class SparkDigitsTest {
    @Test
    void trainsTheDigitsOnSparkAsOnOneMachine() {
        try (JavaSparkContext sc = LocalSpark.start("local[2]")) {
            SparkDigits.Result r = SparkDigits.run(sc, 4);
            assertEquals(1346, r.trainingSize());
            assertTrue(r.accuracy() >= 0.96, "test accuracy " + r.accuracy());
            assertTrue(r.maxParamDiff() <= 1e-9, "max |param diff| " + r.maxParamDiff());
        }
    }
}
