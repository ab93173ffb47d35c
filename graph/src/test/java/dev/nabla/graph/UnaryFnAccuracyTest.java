// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast scalar kernels stay within a couple of ulp of the JDK's, across magnitudes and edge values. */
class UnaryFnAccuracyTest {
    private static void assertWithinUlps(double expected, double actual, double ulps, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what);
            return;
        }
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected),
                what + ": " + actual + " vs " + expected + ", " + Math.abs(expected - actual) / Math.ulp(expected) + " ulp");
    }

    @Test
    void tanhIsWithinThreeUlpOfJavas() {
        SplittableRandom rnd = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // Magnitudes from 1e-12 to 30, both signs, dense around the 0.5 switch.
            double x = i % 4 == 0 ? rnd.nextDouble(-0.6, 0.6) : Math.copySign(Math.pow(10, rnd.nextDouble(-12, 1.5)), rnd.nextDouble() - 0.5);
            double expected = Math.tanh(x);
            double actual = UnaryFn.TANH.apply(x);
            // The series below 0.5 does better than the exp above it, which cancels a bit near 0.5.
            assertWithinUlps(expected, actual, Math.abs(x) < 0.5 ? 2 : 3, "tanh(" + x + ")");
            worst = Math.max(worst, Math.abs(expected - actual) / Math.ulp(expected));
        }
        double[] edges = {0.0, -0.0, 0.5, -0.5, Math.nextDown(0.5), Double.MIN_VALUE, -Double.MIN_NORMAL, 19.1, 20, 710, 1e300,
            Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double x : edges) {
            assertWithinUlps(Math.tanh(x), UnaryFn.TANH.apply(x), 3, "tanh(" + x + ")");
        }
        assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(UnaryFn.TANH.apply(-0.0)), "tanh keeps -0");
        assertTrue(worst > 0, "the kernel is not Math.tanh itself, so some difference is expected: " + worst);
    }
}
