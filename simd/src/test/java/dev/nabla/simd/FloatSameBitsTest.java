// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.FloatMath;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The float32 vector loops give FloatMath's bits for every element: in the interpreter and once
 * compiled, at every offset and tail length, in place, from underflow to overflow and at the
 * points where the methods switch forms.
 */
class FloatSameBitsTest {
    private static final Map<String, Elementwise.NativeFloat1> SCALAR = Map.of(
            "exp", FloatMath::exp, "tanh", FloatMath::tanh, "sigmoid", FloatMath::sigmoid, "erf", FloatMath::erf);

    private static final float[] EDGES = {0f, -0f, 1f, -1f, 0.5f, -0.5f, Math.nextDown(0.5f), Math.nextUp(-0.5f),
        Math.nextDown(1f), Math.nextUp(-1f), 0.34657359f, -0.34657359f, 9.01f, -9.01f, 10f, 88.72f, 88.73f, 89f, -87.3f,
        -103.9f, -103.98f, -104f, -110f, 3.92f, -3.92f, 4f, -4f, 4.5f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xFFC00001)};

    private final VectorApiMath backend = new VectorApiMath();

    private static float[] inputs(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 5) {
                case 0 -> (float) rnd.nextDouble(-5, 5);
                case 1 -> (float) rnd.nextDouble(-1.2, 1.2);
                case 2 -> (float) rnd.nextDouble(-110, 95);
                case 3 -> Float.intBitsToFloat(rnd.nextInt()); // any bit pattern
                default -> EDGES[rnd.nextInt(EDGES.length)];
            };
        }
        return x;
    }

    @Test
    void everyElementMatchesTheScalarMethodAcrossJitTiers() {
        for (String function : SCALAR.keySet()) {
            Elementwise.FloatMap1 loop = backend.floatLoop(function);
            for (int pass = 0; pass < 400; pass++) {
                float[] x = inputs(pass, 4096);
                float[] y = new float[x.length];
                loop.apply(x, y, 0, x.length);
                for (int i = 0; i < x.length; i++) {
                    assertSame(SCALAR.get(function).apply(x[i]), y[i], function, x[i], i);
                }
            }
        }
    }

    @Test
    void everyOffsetAndTailLength() {
        float[] x = inputs(99, 2 * FloatVector.SPECIES_PREFERRED.length() + 40);
        for (String function : SCALAR.keySet()) {
            Elementwise.FloatMap1 loop = backend.floatLoop(function);
            for (int from = 0; from < 17; from++) {
                for (int to = from; to < x.length; to++) {
                    float[] y = new float[x.length];
                    y[to] = 42;
                    loop.apply(x, y, from, to);
                    for (int i = from; i < to; i++) {
                        assertSame(SCALAR.get(function).apply(x[i]), y[i], function, x[i], i);
                    }
                    assertEquals(42, y[to], "wrote past the range");
                    for (int i = 0; i < from; i++) {
                        assertEquals(0, y[i], "wrote before the range");
                    }
                }
            }
        }
    }

    /** Longer than a block, in place, from an offset: the passes through scratch keep their places. */
    @Test
    void inPlaceAcrossBlocks() {
        for (String function : SCALAR.keySet()) {
            float[] x = inputs(7, 3000);
            float[] want = x.clone();
            for (int i = 3; i < want.length; i++) {
                want[i] = SCALAR.get(function).apply(want[i]);
            }
            backend.floatLoop(function).apply(x, x, 3, x.length);
            for (int i = 0; i < x.length; i++) {
                assertSame(want[i], x[i], function, Float.NaN, i);
            }
        }
    }

    @Test
    void theGraphsFloat32LoopsAreTheseLoops() {
        // Through Elementwise, as UnaryFn builds them: the float32 path runs FloatMath, not float64.
        float[] x = inputs(3, 5000);
        for (String function : SCALAR.keySet()) {
            Elementwise.Map1 loop = Elementwise.elementary(v -> Double.NaN, function, SCALAR.get(function));
            float[] y = new float[x.length];
            loop.apply(x, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertSame(SCALAR.get(function).apply(x[i]), y[i], function, x[i], i);
            }
        }
    }

    @Test
    void otherFunctionsAreNotOffered() {
        assertNull(backend.floatLoop("sin"));
        assertNull(backend.loop("erf"), "erf has no float64 vector loop: the scalar one runs");
    }

    private static void assertSame(float want, float got, String function, float x, int where) {
        // floatToIntBits: NaN payloads are not part of the promise.
        if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
            throw new AssertionError(function + "(" + x + "f) at " + where + ": vector " + got + " ("
                    + Integer.toHexString(Float.floatToRawIntBits(got)) + ") vs scalar " + want + " ("
                    + Integer.toHexString(Float.floatToRawIntBits(want)) + ")");
        }
    }
}
