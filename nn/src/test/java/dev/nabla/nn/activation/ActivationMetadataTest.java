// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every metadata claim of the catalog, checked numerically on both probe columns (see
 * {@link Probe}): range by sampling, monotonicity of the function and of its autodiff derivative
 * by sampling, identity near the origin by {@code f(x)/x -> 1}, and the order of continuity at
 * the kinks (derivatives up to that order continuous, the next one jumping).
 */
class ActivationMetadataTest {
    /** -50..50 in steps of 0.01, then out to +-1e6. */
    private static final double[] WIDE = DoubleStream.concat(DoubleStream.of(Probe.grid(-50, 50, 10001)),
            DoubleStream.iterate(1, v -> v * Math.sqrt(Math.sqrt(10))).limit(25).flatMap(v -> DoubleStream.of(v, -v))).toArray();
    /** Where no function saturates to its bound in double precision, so open ends must hold strictly. */
    private static final double[] MODERATE = Probe.grid(-12, 12, 2401);
    private static final double[] MONOTONE = Probe.grid(-20, 20, 4001);

    private static Stream<DynamicTest> each(Consumer<ActivationInfo> check) {
        return ActivationCatalog.all().stream().map(a -> dynamicTest(a.name(), () -> check.accept(a)));
    }

    @TestFactory
    Stream<DynamicTest> valuesStayInTheRangeAndApproachItsEnds() {
        return each(a -> {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int col = 0; col < 2; col++) {
                double[] wide = Probe.derivatives(a.fn(), WIDE, col, 0)[0];
                for (int i = 0; i < wide.length; i++) {
                    double v = wide[i];
                    String at = a.name() + " at " + WIDE[i] + ", column " + col + ": " + v;
                    assertFalse(Double.isNaN(v), at);
                    assertTrue(v >= a.rangeLow() - 1e-12 && v <= a.rangeHigh() + 1e-12, at + " is outside the range");
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                double[] moderate = Probe.derivatives(a.fn(), MODERATE, col, 0)[0];
                for (int i = 0; i < moderate.length; i++) {
                    double v = moderate[i];
                    String at = a.name() + " at " + MODERATE[i] + ", column " + col + ": " + v;
                    assertTrue(a.lowIncluded() || v > a.rangeLow(), at + " reaches the excluded low end");
                    assertTrue(a.highIncluded() || v < a.rangeHigh(), at + " reaches the excluded high end");
                }
            }
            assertEnd(a.name() + " low end", a.rangeLow(), min);
            assertEnd(a.name() + " high end", a.rangeHigh(), max);
        });
    }

    /** The sampled extreme approaches a finite end within 1e-4, or shows an infinite end is unbounded. */
    private static void assertEnd(String what, double end, double sampled) {
        if (Double.isInfinite(end)) {
            assertTrue(Math.signum(end) * sampled > 10, what + ": sampled extreme " + sampled + " does not grow");
        } else {
            assertEquals(end, sampled, 1e-4, what);
        }
    }

    @TestFactory
    Stream<DynamicTest> monotonicityAsClaimed() {
        return each(a -> {
            for (int col = 0; col < 2; col++) {
                double[] v = Probe.derivatives(a.fn(), MONOTONE, col, 0)[0];
                assertEquals(a.monotonic(), monotone(v), a.name() + " column " + col + " monotonic");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> monotonicityOfTheDerivativeAsClaimed() {
        return each(a -> {
            if (a.continuity() < 0) {
                // A jump: the derivative is 0 on both sides and does not exist at the jump (a Dirac delta), so
                // it is not monotonic; autodiff's 0 there is a convention. Show the jump instead.
                assertFalse(a.monotonicDerivative(), a.name());
                double[] v = Probe.derivatives(a.fn(), new double[] {-1e-9, 1e-9}, 0, 0)[0];
                assertTrue(Math.abs(v[1] - v[0]) / 2e-9 > 1e6, a.name() + " should jump at 0");
                return;
            }
            for (int col = 0; col < 2; col++) {
                double[] d = Probe.derivatives(a.fn(), MONOTONE, col, 1)[1];
                assertEquals(a.monotonicDerivative(), monotone(d), a.name() + " column " + col + " monotonic derivative");
            }
        });
    }

    /** Non-decreasing or non-increasing up to 1e-12, and not merely because the sample is flat. */
    private static boolean monotone(double[] v) {
        boolean up = false;
        boolean down = false;
        for (int i = 1; i < v.length; i++) {
            double d = v[i] - v[i - 1];
            up |= d > 1e-12;
            down |= d < -1e-12;
        }
        return !(up && down);
    }

    @TestFactory
    Stream<DynamicTest> identityNearTheOriginAsClaimed() {
        return each(a -> {
            double[] h = {1e-2, 1e-3, 1e-4, -1e-2, -1e-3, -1e-4, 0.0};
            for (int col = 0; col < 2; col++) {
                double[][] d = Probe.derivatives(a.fn(), h, col, 1);
                double worst = 0;
                for (int i = 0; i < h.length; i++) {
                    double ratio = h[i] == 0 ? d[1][i] : d[0][i] / h[i];
                    // f(x)/x - 1 = O(x) (or O(x^2)) for an identity-like f, so it must shrink with |x|.
                    worst = Math.max(worst, Math.abs(ratio - 1) / Math.max(Math.abs(h[i]) * 100, 1e-6));
                }
                boolean identity = Math.abs(d[0][h.length - 1]) < 1e-15 && worst <= 1;
                assertEquals(a.identityNearOrigin(), identity, a.name() + " column " + col + ": f(x)/x at x = "
                        + java.util.Arrays.toString(h) + " then f'(0): " + ratios(d, h));
            }
        });
    }

    @Test
    void siluApproximatesHalfTheIdentity() {
        // The table's "approximates identity/2": silu(x)/x -> sigmoid(0) = 1/2, and so for GELU and hard swish.
        for (String name : List.of("silu", "gelu", "gelu_tanh", "hard_swish")) {
            double[][] d = Probe.derivatives(ActivationCatalog.get(name).fn(), new double[] {1e-6, -1e-6, 0.0}, 0, 1);
            assertEquals(0.5, d[0][0] / 1e-6, 1e-5, name);
            assertEquals(0.5, d[0][1] / -1e-6, 1e-5, name);
            assertEquals(0.5, d[1][2], 1e-12, name);
        }
    }

    private static List<Double> ratios(double[][] d, double[] h) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < h.length; i++) {
            out.add(h[i] == 0 ? d[1][i] : d[0][i] / h[i]);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> continuityOrderAtTheKinksAndSeams() {
        return each(a -> {
            Reference ref = Reference.of(a.name());
            boolean smooth = a.continuity() == ActivationInfo.SMOOTH;
            assertEquals(smooth, ref.kinks().isEmpty(), a.name() + ": a function is C^inf exactly when it has no kinks");
            // C^inf: check orders 0..2 across the seams where the implementation switches branch.
            int checked = smooth ? 2 : a.continuity();
            List<Double> points = smooth ? ref.seams() : ref.kinks();
            boolean jumped = false;
            for (int col = 0; col < 2; col++) {
                for (double p : points) {
                    double eps = 1e-7;
                    double[][] d = Probe.derivatives(a.fn(), new double[] {p - eps, p + eps}, col, checked + 1);
                    for (int k = 0; k <= checked; k++) {
                        assertEquals(d[k][0], d[k][1], 1e-4, a.name() + ": derivative " + k + " jumps at " + p + ", column " + col);
                    }
                    jumped |= Math.abs(d[checked + 1][0] - d[checked + 1][1]) > 1e-2;
                }
            }
            assertTrue(smooth || jumped, a.name() + ": derivative " + (checked + 1) + " should jump at a kink of " + points);
        });
    }
}
