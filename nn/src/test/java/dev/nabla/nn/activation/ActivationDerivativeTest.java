// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalog function's derivative, proven two ways: against central finite differences
 * (first and second order, at random points at least 1e-3 from any kink) and against the
 * closed form written independently in {@link Reference}.
 */
class ActivationDerivativeTest {
    private static final double MARGIN = 1e-3;

    @Test
    void everyCatalogFunctionHasAClosedFormAndNoOtherDoes() {
        TreeSet<String> catalog = new TreeSet<>();
        ActivationCatalog.all().forEach(a -> catalog.add(a.name()));
        assertEquals(catalog, new TreeSet<>(Reference.names()));
    }

    @TestFactory
    Stream<DynamicTest> autodiffAgreesWithFiniteDifferencesAndTheClosedForm() {
        return ActivationCatalog.all().stream().map(a -> dynamicTest(a.name(), () -> {
            Reference ref = Reference.of(a.name());
            GradCheck.assertPasses(xs -> a.fn().apply(xs.get(0)), List.of(points(ref, a.name().hashCode())));
            for (int col = 0; col < 2; col++) {
                double[] t = Probe.awayFrom(Probe.grid(-6, 6, 1201), ref.kinks(), MARGIN);
                double[][] d = Probe.derivatives(a.fn(), t, col, 1);
                for (int i = 0; i < t.length; i++) {
                    double f = ref.f().at(t[i], col);
                    double df = ref.df().at(t[i], col);
                    assertEquals(f, d[0][i], 1e-12 * (1 + Math.abs(f)), a.name() + " value at " + t[i] + ", column " + col);
                    assertEquals(df, d[1][i], 1e-10 * (1 + Math.abs(df)),
                            a.name() + " derivative at " + t[i] + ", column " + col);
                }
            }
        }));
    }

    /** 8 x 2 points in [-4, 4] at least {@link #MARGIN} (plus the difference step) from every kink, plus the seams. */
    private static Tensor points(Reference ref, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[16];
        int n = 0;
        for (double s : ref.seams()) {
            v[n++] = s;
        }
        while (n < v.length) {
            double t = rng.nextDouble(-4, 4);
            if (ref.kinks().stream().allMatch(k -> Math.abs(t - k) >= MARGIN)) {
                v[n++] = t;
            }
        }
        return Tensor.fromArray(v, 8, 2);
    }
}
