// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared log axis puts its ticks where a reader can name them, and names them as a reader would. */
class PowersOfTenAxisTest {
    @Test
    void manyDecadesTickAtPowersOfTenWrittenWithSuperscripts() {
        List<Double> ticks = PowersOfTenAxis.tickValues(3e-17, 0.5);
        for (double t : ticks) {
            double exponent = Math.log10(t);
            assertEquals(Math.rint(exponent), exponent, 1e-9, "not a power of ten: " + t);
        }
        assertTrue(ticks.size() >= 6 && ticks.size() <= 12, ticks.toString());
        assertEquals("10⁻¹⁶", PowersOfTenAxis.label(1e-16, 16));
        assertEquals("10³", PowersOfTenAxis.label(1e3, 16));
        assertEquals("10⁰", PowersOfTenAxis.label(1, 16));
    }

    @Test
    void fewDecadesTickAtOneTwoAndFiveTimesAPowerOfTen() {
        assertEquals(List.of(0.05, 0.1, 0.2, 0.5), rounded(PowersOfTenAxis.tickValues(0.045, 0.72)));
        assertEquals("0.05", PowersOfTenAxis.label(0.05, 1.2));
        assertEquals("20", PowersOfTenAxis.label(20, 1.2));
    }

    @Test
    void aNarrowRangeStillGetsTicksAtWholeDigits() {
        assertEquals(List.of(0.7, 0.8, 0.9, 1.0, 2.0), rounded(PowersOfTenAxis.tickValues(0.62, 2.4)));
    }

    /** The ticks to nine decimals, as they are printed; {@code 7 * 0.1} is not exactly 0.7. */
    private static List<Double> rounded(List<Double> ticks) {
        return ticks.stream().map(t -> Math.round(t * 1e9) / 1e9).toList();
    }

    @Test
    void anEmptyOrNonPositiveRangeHasNoTicks() {
        assertTrue(PowersOfTenAxis.tickValues(0, 1).isEmpty());
        assertTrue(PowersOfTenAxis.tickValues(1, 1).isEmpty());
        assertTrue(PowersOfTenAxis.tickValues(Double.NaN, 1).isEmpty());
    }
}
