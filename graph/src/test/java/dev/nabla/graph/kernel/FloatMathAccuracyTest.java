// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.gamma.Erf;
import org.junit.jupiter.api.Test;

/**
 * FloatMath's float-native functions are within 1 ulp of the float64 function rounded to float32
 * (StrictMath's exp and tanh, the logistic sigmoid evaluated without cancellation, commons-numbers'
 * erf): on every float of the ranges where the methods switch forms, round into subnormals or
 * overflow, and on every 193rd bit pattern of all 2^32 (NaNs, subnormals and infinities included).
 * An offline run over every 7th bit pattern found the same bound (exp 0.82, tanh 0.71, sigmoid
 * 0.83, erf 0.97 ulp from the float64 value itself).
 */
class FloatMathAccuracyTest {
    /** Every 193rd bit pattern: about 22 million floats per function, about a second. */
    private static final int STRIDE = 193;

    private static final DoubleUnaryOperator SIGMOID = x -> x >= 0 ? 1 / (1 + StrictMath.exp(-x))
            : StrictMath.exp(x) / (1 + StrictMath.exp(x));

    /** Largest distance in ulps (steps between floats) from the rounded reference, over the floats in [from, to] of one sign. */
    private static long worst(Elementwise.NativeFloat1 f, DoubleUnaryOperator reference, float from, float to, int stride,
            String name) {
        long worst = 0;
        int first = Float.floatToRawIntBits(from);
        int last = Float.floatToRawIntBits(to);
        for (long bits = first; bits <= last; bits += stride) {
            float x = Float.intBitsToFloat((int) bits);
            long d = distance((float) reference.applyAsDouble(x), f.apply(x));
            if (d > 1) {
                throw new AssertionError(name + "(" + x + "f) = " + f.apply(x) + ", the float64 value "
                        + reference.applyAsDouble(x) + " rounds to " + (float) reference.applyAsDouble(x) + ": " + d + " ulp");
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /** The number of floats between two (0 if both are NaN, huge if only one is). */
    private static long distance(float want, float got) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) == Float.isNaN(got) ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ordered(want) - ordered(got));
    }

    /** A float's place in the order of all floats: -0 and +0 are neighbours. */
    private static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : -(long) (bits & Integer.MAX_VALUE) - 1;
    }

    /** Every STRIDE-th bit pattern of both signs, from +0 to NaN and from -0 to -NaN. */
    private static void sampleAllFloats(Elementwise.NativeFloat1 f, DoubleUnaryOperator reference, String name) {
        float top = Float.intBitsToFloat(0x7FFFFFFF);
        assertTrue(worst(f, reference, 0f, top, STRIDE, name) <= 1);
        assertTrue(worst(f, reference, -0f, -top, STRIDE, name) <= 1);
    }

    /** Every float in [from, to] and in [-to, -from]. */
    private static void everyFloat(Elementwise.NativeFloat1 f, DoubleUnaryOperator reference, float from, float to, String name) {
        worst(f, reference, from, to, 1, name);
        worst(f, reference, -from, -to, 1, name);
    }

    @Test
    void expIsWithinOneUlp() {
        sampleAllFloats(FloatMath::exp, StrictMath::exp, "exp");
        everyFloat(FloatMath::exp, StrictMath::exp, 0.5f, 1f, "exp");
        everyFloat(FloatMath::exp, StrictMath::exp, 86f, 105f, "exp"); // overflow, and subnormal results below -87.3
        everyFloat(FloatMath::exp, StrictMath::exp, 0x1p-24f, 0x1p-23f, "exp");
    }

    @Test
    void tanhIsWithinOneUlp() {
        sampleAllFloats(FloatMath::tanh, StrictMath::tanh, "tanh");
        everyFloat(FloatMath::tanh, StrictMath::tanh, 0.4f, 0.7f, "tanh"); // the switch to exp at 0.5
        everyFloat(FloatMath::tanh, StrictMath::tanh, 8.5f, 9.5f, "tanh"); // where it becomes 1
        everyFloat(FloatMath::tanh, StrictMath::tanh, 0x1p-13f, 0x1p-12f, "tanh");
    }

    @Test
    void sigmoidIsWithinOneUlp() {
        sampleAllFloats(FloatMath::sigmoid, SIGMOID, "sigmoid");
        everyFloat(FloatMath::sigmoid, SIGMOID, 0.25f, 0.75f, "sigmoid");
        everyFloat(FloatMath::sigmoid, SIGMOID, 80f, 105f, "sigmoid"); // subnormal results below -87.3
        everyFloat(FloatMath::sigmoid, SIGMOID, 15f, 18f, "sigmoid"); // where it becomes 1
    }

    @Test
    void erfIsWithinOneUlp() {
        sampleAllFloats(FloatMath::erf, Erf::value, "erf");
        everyFloat(FloatMath::erf, Erf::value, 0.75f, 1.5f, "erf"); // the switch to erfc at 1
        everyFloat(FloatMath::erf, Erf::value, 3.5f, 4.5f, "erf"); // where it becomes 1, and the clamp at 4
        everyFloat(FloatMath::erf, Erf::value, 0x1p-127f, 0x1p-125f, "erf"); // subnormal arguments
    }

    @Test
    void edgesAreExact() {
        assertSame(1f, FloatMath.exp(-0f));
        assertSame(0f, FloatMath.exp(Float.NEGATIVE_INFINITY));
        assertSame(Float.POSITIVE_INFINITY, FloatMath.exp(Float.POSITIVE_INFINITY));
        assertSame(Float.POSITIVE_INFINITY, FloatMath.exp(88.73f));
        assertTrue(FloatMath.exp(88.72f) < Float.POSITIVE_INFINITY);
        assertSame(0f, FloatMath.exp(-104f));
        assertSame(Float.MIN_VALUE, FloatMath.exp(-103.9f));
        assertSame(-0f, FloatMath.tanh(-0f));
        assertSame(0f, FloatMath.tanh(0f));
        assertSame(-1f, FloatMath.tanh(Float.NEGATIVE_INFINITY));
        assertSame(1f, FloatMath.tanh(9.1f));
        assertSame(0.5f, FloatMath.sigmoid(-0f));
        assertSame(0.5f, FloatMath.sigmoid(0f));
        assertSame(1f, FloatMath.sigmoid(Float.POSITIVE_INFINITY));
        assertSame(0f, FloatMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertSame(-0f, FloatMath.erf(-0f));
        assertSame(Float.MIN_VALUE, FloatMath.erf(Float.MIN_VALUE));
        assertSame(-1f, FloatMath.erf(Float.NEGATIVE_INFINITY));
        assertSame(1f, FloatMath.erf(Float.MAX_VALUE));
        for (Elementwise.NativeFloat1 f : new Elementwise.NativeFloat1[] {FloatMath::exp, FloatMath::tanh,
            FloatMath::sigmoid, FloatMath::erf}) {
            assertTrue(Float.isNaN(f.apply(Float.NaN)), "NaN stays NaN");
            assertTrue(Float.isNaN(f.apply(Float.intBitsToFloat(0xFFC00001))), "a negative NaN stays NaN");
        }
    }

    @Test
    void theyAreNotTheRoundedFloat64FunctionsThemselves() {
        // Honest naming: a float-native form differs from the rounded float64 value somewhere.
        int differ = 0;
        for (float x = -3f; x < 3f; x += 0.001f) {
            differ += FloatMath.tanh(x) != (float) StrictMath.tanh(x) ? 1 : 0;
        }
        assertTrue(differ > 0, "tanh agreed with the rounded float64 value everywhere sampled");
    }

    private static void assertSame(float want, float got) {
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), want + " vs " + got);
    }
}
