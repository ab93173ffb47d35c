// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.UnaryFn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Nabla's own exp, tanh and sigmoid stay within a few ulp of the JDK's, across magnitudes and edge values. */
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

    @Test
    void expIsWithinOneUlpOfJavas() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 2_000_000; i++) {
            // Everything from underflow to overflow, and the subnormal results below -708.
            double x = i % 3 == 0 ? rnd.nextDouble(-750, 712) : i % 3 == 1 ? rnd.nextDouble(-3, 3) : rnd.nextDouble(-745.2, -708);
            assertWithinUlps(Math.exp(x), UnaryFn.EXP.apply(x), 1, "exp(" + x + ")");
        }
        double[] edges = {0.0, -0.0, 1, -1, Math.log(2) / 2, -Math.log(2) / 2, 1e-300, -1e-300, Double.MIN_VALUE, 709.78, 709.79,
            710, -708.39, -708.4, -745.13, -745.14, -746, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double x : edges) {
            double expected = Math.exp(x);
            double actual = UnaryFn.EXP.apply(x);
            // Among the subnormals an ulp is the smallest step, so 1 ulp there is one unit of 4.9e-324.
            boolean tiny = expected != 0 && expected < Double.MIN_NORMAL;
            assertTrue(tiny ? Math.abs(expected - actual) <= Double.MIN_VALUE : sameOrWithinUlp(expected, actual),
                    "exp(" + x + "): " + actual + " vs " + expected);
        }
        assertEquals(1.0, UnaryFn.EXP.apply(0.0));
        assertEquals(Math.E, UnaryFn.EXP.apply(1.0), Math.ulp(Math.E));
    }

    private static boolean sameOrWithinUlp(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
            return Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual);
        }
        return Math.abs(expected - actual) <= Math.ulp(expected);
    }

    @Test
    void sigmoidIsWithinThreeUlpOfItsDefinition() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2_000_000; i++) {
            double x = i % 2 == 0 ? rnd.nextDouble(-40, 40) : rnd.nextDouble(-745, 745);
            // The definition evaluated so that nothing cancels: e / (1 + e) on the negative side.
            double e = Math.exp(-Math.abs(x));
            double expected = x >= 0 ? 1 / (1 + e) : e / (1 + e);
            assertWithinUlps(expected, UnaryFn.SIGMOID.apply(x), 3, "sigmoid(" + x + ")");
        }
        assertEquals(0.5, UnaryFn.SIGMOID.apply(0.0));
        assertEquals(0.5, UnaryFn.SIGMOID.apply(-0.0));
        assertEquals(1.0, UnaryFn.SIGMOID.apply(Double.POSITIVE_INFINITY));
        assertEquals(0.0, UnaryFn.SIGMOID.apply(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(UnaryFn.SIGMOID.apply(Double.NaN)));
    }
}
