// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Shape;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * Each scaled initialiser draws from the distribution its reference prescribes: the variance
 * from fan-in and fan-out (the lecture's point that a layer's output variance stays put only when
 * the weights' variance is scaled by the fan), the family (normal or uniform) and the bounds.
 *
 * <p>The seeds are fixed, so the test is deterministic; the bounds are five standard errors of the
 * sample statistics for 120,000 draws, about 2% of the variance, so a formula off by a factor of
 * 2 (He's 2/fan_in written as 1/fan_in) or sqrt(2) fails by far.
 */
class InitVarianceTest {
    private static final int FAN_IN = 400;
    private static final int FAN_OUT = 300;

    /** One initialiser: its prescribed variance from (fan_in, fan_out), and its family. */
    private record Row(String name, Init init, double variance, boolean uniform) {}

    private static List<Row> rows() {
        double in = FAN_IN;
        double out = FAN_OUT;
        return List.of(
                new Row("xavierNormal", Init.xavierNormal(), 2 / (in + out), false),
                new Row("xavierUniform", Init.xavierUniform(), 2 / (in + out), true),
                new Row("he", Init.he(), 2 / in, false),
                new Row("heUniform", Init.heUniform(), 2 / in, true),
                new Row("lecunNormal", Init.lecunNormal(), 1 / in, false));
    }

    @Test
    void everyScaledInitialiserHasItsPrescribedMeanVarianceAndFamily() {
        checkDraws(rows(), 17);
    }

    @Test
    void toldAKernelsFansEveryScaledInitialiserDrawsByThem() {
        // [12, 16, 5, 5] has fan-in 16 * 25 = 400 and fan-out 12 * 25 = 300, the rows' fans; the draws are
        // shaped [1, 120000], whose own dense fans (1 and 120000) would give variances far off.
        Fans kernel = Fans.ofKernel(Shape.of(12, 16, 5, 5));
        assertEquals(new Fans(FAN_IN, FAN_OUT), kernel);
        List<Row> told = rows().stream()
                .map(r -> new Row(r.name() + ".withFans", r.init().withFans(kernel), r.variance(), r.uniform()))
                .toList();
        checkDraws(told, 41, 1, FAN_IN * FAN_OUT);
    }

    private static void checkDraws(List<Row> rows, long firstSeed) {
        checkDraws(rows, firstSeed, FAN_IN, FAN_OUT);
    }

    private static void checkDraws(List<Row> rows, long firstSeed, int... shape) {
        long seed = firstSeed;
        for (Row r : rows) {
            double[] w = r.init().sample(Shape.of(shape), seed++).toArray();
            int n = w.length;
            double mean = 0;
            for (double v : w) {
                mean += v;
            }
            mean /= n;
            double m2 = 0;
            double m4 = 0;
            for (double v : w) {
                double d = v - mean;
                m2 += d * d;
                m4 += d * d * d * d;
            }
            m2 /= n;
            m4 /= n;
            double sigma2 = r.variance();
            assertTrue(Math.abs(mean) < 5 * Math.sqrt(sigma2 / n), r.name() + ": mean " + mean + " is not 0");
            // The standard error of a sample variance is sqrt((mu4 - sigma^4) / n); mu4 is 3 sigma^4
            // for a normal law and 9/5 sigma^4 for a uniform one.
            double mu4 = (r.uniform() ? 9.0 / 5 : 3.0) * sigma2 * sigma2;
            double se = Math.sqrt((mu4 - sigma2 * sigma2) / n);
            assertTrue(Math.abs(m2 - sigma2) < 5 * se,
                    r.name() + ": variance " + m2 + ", prescribed " + sigma2 + " (tolerance " + 5 * se + ")");
            RealDistribution law = r.uniform()
                    ? new UniformRealDistribution(-Math.sqrt(3 * sigma2), Math.sqrt(3 * sigma2))
                    : new NormalDistribution(0, Math.sqrt(sigma2));
            double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(law, w);
            assertTrue(p > 1e-3, r.name() + ": the draws do not follow " + law.getClass().getSimpleName()
                    + " (Kolmogorov-Smirnov p = " + p + ")");
            if (r.uniform()) {
                double a = Math.sqrt(3 * sigma2);
                for (double v : w) {
                    assertTrue(Math.abs(v) <= a, r.name() + ": " + v + " lies outside [-" + a + ", " + a + "]");
                }
            }
        }
    }

    @Test
    void theFanInOfAStackedKernelIsTheProductOfAllButTheLastAxis() {
        // [3, 4, 50]: fan_in 12 (every axis but the last), fan_out 50.
        double[] w = Init.he().sample(Shape.of(3, 4, 50), 5).toArray();
        double m2 = 0;
        for (double v : w) {
            m2 += v * v;
        }
        m2 /= w.length;
        double sigma2 = 2.0 / 12;
        // 600 draws: a looser bound, still far from 2/50 or 2/600.
        assertTrue(Math.abs(m2 - sigma2) < 5 * sigma2 * Math.sqrt(2.0 / w.length), "variance " + m2 + " for 2/12");
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        for (Row r : rows()) {
            assertEquals(r.init().sample(Shape.of(7, 5), 3), r.init().sample(Shape.of(7, 5), 3), r.name());
        }
    }
}
