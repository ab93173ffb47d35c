// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.kernel.Conversions;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.ScalarMath;
import dev.nabla.graph.kernel.Select;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vector loops give the scalar methods' bits for every element: in the interpreter and once
 * compiled, at every offset and tail length, from underflow to overflow and at the edges.
 */
class SameBitsTest {
    private static final Map<String, DoubleUnaryOperator> SCALAR = Map.of(
            "exp", ScalarMath::exp, "tanh", ScalarMath::tanh, "sigmoid", ScalarMath::sigmoid);

    private static final double[] EDGES = {0.0, -0.0, 1, -1, 0.5, -0.5, Math.nextDown(0.5), Math.nextUp(-0.5),
        Math.log(2) / 2, -Math.log(2) / 2, 19.1, -19.1, 709.78, 709.79, 710, -708.4, -745.13, -745.14, -746, -800,
        1e-300, -1e-300, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e300, -1e300, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    private final VectorApiMath backend = new VectorApiMath();

    private static double[] inputs(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> rnd.nextDouble(-3, 3);
                case 1 -> rnd.nextDouble(-0.6, 0.6);
                case 2 -> rnd.nextDouble(-750, 712);
                default -> EDGES[rnd.nextInt(EDGES.length)];
            };
        }
        return x;
    }

    @Test
    void everyElementMatchesTheScalarMethodAcrossJitTiers() {
        // Enough passes that each loop runs interpreted, then compiled by C1 and C2.
        for (String function : SCALAR.keySet()) {
            Elementwise.Map1 loop = backend.loop(function);
            DoubleUnaryOperator scalar = SCALAR.get(function);
            for (int pass = 0; pass < 400; pass++) {
                double[] x = inputs(pass, 4096);
                double[] y = new double[x.length];
                loop.apply(x, y, 0, x.length);
                for (int i = 0; i < x.length; i++) {
                    assertSame(scalar.applyAsDouble(x[i]), y[i], function, x[i], pass);
                }
            }
        }
    }

    @Test
    void everyOffsetAndTailLength() {
        double[] x = inputs(99, 64);
        for (String function : SCALAR.keySet()) {
            Elementwise.Map1 loop = backend.loop(function);
            for (int from = 0; from < 9; from++) {
                for (int to = from; to <= from + 21; to++) {
                    double[] y = new double[x.length];
                    y[to] = 42;
                    loop.apply(x, y, from, to);
                    for (int i = from; i < to; i++) {
                        assertSame(SCALAR.get(function).applyAsDouble(x[i]), y[i], function, x[i], from);
                    }
                    assertEquals(42, y[to], "wrote past the range");
                    for (int i = 0; i < from; i++) {
                        assertEquals(0, y[i], "wrote before the range");
                    }
                }
            }
        }
    }

    /** float32: the float64 function of the widened element, rounded once; every tail length too. */
    @Test
    void float32ElementsAreTheFloat64ResultRounded() {
        for (String function : SCALAR.keySet()) {
            Elementwise.Map1 loop = backend.loop(function);
            for (int pass = 0; pass < 200; pass++) {
                double[] wide = inputs(pass, 2100 + pass % 9);
                float[] x = new float[wide.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) wide[i];
                }
                float[] y = new float[x.length + 1];
                y[x.length - pass % 5] = 42;
                int to = x.length - pass % 5;
                loop.apply(x, y, pass % 3, to);
                for (int i = pass % 3; i < to; i++) {
                    float want = (float) SCALAR.get(function).applyAsDouble(x[i]);
                    if (Float.floatToIntBits(want) != Float.floatToIntBits(y[i])) {
                        throw new AssertionError(function + "(" + x[i] + "f) = " + y[i] + ", want " + want);
                    }
                }
                assertEquals(42, y[to], "wrote past the range");
            }
        }
    }

    @Test
    void selectionKeepsTheBitsOfTheScalarLoop() {
        double[] edges = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0x7FF8000000000123L), 0.5, -2.5};
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 1037;
        double[] c = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        float[] fc = new float[n];
        float[] fa = new float[n];
        float[] fb = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = edges[rnd.nextInt(edges.length)];
            a[i] = edges[rnd.nextInt(edges.length)];
            b[i] = rnd.nextDouble(-3, 3);
            fc[i] = (float) c[i];
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
        Elementwise.Map3 blend = backend.select();
        for (int pass = 0; pass < 300; pass++) {
            int from = pass % 7;
            int to = n - pass % 11;
            double[] y = new double[n];
            float[] fy = new float[n];
            blend.apply(c, a, b, y, from, to);
            blend.apply(fc, fa, fb, fy, from, to);
            for (int i = 0; i < n; i++) {
                boolean inside = i >= from && i < to;
                assertEquals(Double.doubleToRawLongBits(inside ? Select.select(c[i], a[i], b[i]) : 0.0),
                        Double.doubleToRawLongBits(y[i]), "float64 element " + i + " of [" + from + ", " + to + ")");
                assertEquals(Float.floatToRawIntBits(inside ? Select.select(fc[i], fa[i], fb[i]) : 0f),
                        Float.floatToRawIntBits(fy[i]), "float32 element " + i + " of [" + from + ", " + to + ")");
            }
        }
    }

    @Test
    void conversionsGiveTheBitsOfJavasCasts() {
        Conversions.Loops convert = backend.conversion();
        double[] wide = inputs(5, 1000);
        wide[3] = Double.MIN_VALUE;              // below float32's range: rounds to 0
        wide[7] = 1e300;                         // above it: infinity
        wide[11] = Math.nextUp(1.0 + 0x1p-24);   // just above a tie: rounds up
        wide[13] = 1.0 + 0x1p-24;                // a tie: to even
        wide[17] = Double.longBitsToDouble(0x7FF8000000000123L);
        for (int from = 0; from < 5; from++) {
            for (int n = 0; n < 40; n++) {
                float[] f = new float[n + 3];
                convert.narrow(wide, from, f, 2, n);
                double[] back = new double[n + 1];
                convert.widen(f, 2, back, 1, n);
                for (int i = 0; i < n; i++) {
                    float want = (float) wide[from + i];
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(f[2 + i]), "narrow " + wide[from + i]);
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(back[1 + i]), "widen " + want);
                }
                assertEquals(0, back[0], "wrote before the range");
            }
        }
    }

    @Test
    void inPlaceToo() {
        double[] x = inputs(7, 1000);
        double[] want = x.clone();
        for (int i = 0; i < want.length; i++) {
            want[i] = ScalarMath.tanh(want[i]);
        }
        backend.loop("tanh").apply(x, x, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertSame(want[i], x[i], "tanh", Double.NaN, i);
        }
    }

    @Test
    void otherFunctionsAreNotOffered() {
        assertNull(backend.loop("sin"));
        assertNotNull(backend.loop("exp"));
    }

    @Test
    void serviceLoaderFindsIt() {
        assertTrue(Elementwise.vectorBackend().startsWith("vector-api-"), Elementwise.vectorBackend());
    }

    private static void assertSame(double want, double got, String function, double x, int where) {
        // doubleToLongBits: NaN payloads are not part of the promise.
        if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got)) {
            throw new AssertionError(function + "(" + x + ") at " + where + ": vector " + got + " ("
                    + Long.toHexString(Double.doubleToRawLongBits(got)) + ") vs scalar " + want + " ("
                    + Long.toHexString(Double.doubleToRawLongBits(want)) + ")");
        }
    }
}
