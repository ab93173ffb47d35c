// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.kernel.Chunked;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.Select;
import org.junit.jupiter.api.Test;

/** The specialised elementwise loops: really specialised, and the same numbers as the scalar rows. */
class ElementwiseTest {
    private static double[] sample(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i * 0.37) * 3 + (i % 7 == 0 ? 0.5 : 0);
        }
        return x;
    }

    @Test
    void everyUnaryRowHasItsOwnLoopGivingTheScalarKernelsValues() {
        double[] x = sample(1000);
        for (UnaryFn fn : UnaryFn.values()) {
            // Lambdas are hidden classes too; the specialised copies carry the template's name.
            assertTrue(fn.loop.getClass().getName().startsWith("dev.nabla.graph.kernel.UnaryLoop"), fn + " runs the shared fallback loop");
            double[] y = new double[x.length];
            fn.loop.apply(x, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToLongBits(fn.apply(x[i])), Double.doubleToLongBits(y[i]), fn + " at " + x[i]);
            }
        }
    }

    @Test
    void everyBinaryRowHasItsOwnLoopGivingTheScalarKernelsValues() {
        double[] a = sample(1000);
        double[] b = sample(1001);
        for (BinaryFn fn : BinaryFn.values()) {
            assertTrue(fn.loop.getClass().getName().startsWith("dev.nabla.graph.kernel.BinaryLoop"), fn + " runs the shared fallback loop");
            double[] y = new double[a.length];
            fn.loop.apply(a, b, y, 0, a.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToLongBits(fn.apply(a[i], b[i])), Double.doubleToLongBits(y[i]), fn + " at " + i);
            }
        }
    }

    @Test
    void parallelChunksGiveTheSequentialBits() {
        double[] x = sample(300_001);
        double[] b = sample(300_002);
        Elementwise.Map1 tanh = Elementwise.unary(Math::tanh);
        Elementwise.Map2 pow = Elementwise.binary(Math::pow);
        double[] y1 = new double[x.length];
        double[] z1 = new double[x.length];
        Chunked.run(tanh, x, y1, 1);
        Chunked.run(pow, x, b, z1, 1);
        double[] y2 = new double[x.length];
        double[] z2 = new double[x.length];
        Chunked.run(tanh, x, y2, 2);
        Chunked.run(pow, x, b, z2, 2);
        assertArrayEquals(y1, y2);
        assertArrayEquals(z1, z2);
        assertEquals(Math.tanh(x[299_999]), y2[299_999]);
    }

    @Test
    void branchFreeLessThanAgreesWithJavasOnEveryPairOfTrickyValues() {
        double[] v = {0.0, -0.0, 1.0, -1.0, 1.0 + Math.ulp(1.0), Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
            2 * Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NaN, 1e300, -1e300, 3.5, 3.5000000000000004};
        int n = v.length * v.length;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = v[i / v.length];
            b[i] = v[i % v.length];
        }
        double[] y = new double[n];
        Compare.Fn.LT.loop.apply(a, b, y, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] < b[i] ? 1.0 : 0.0, y[i], a[i] + " < " + b[i]);
        }
    }

    @Test
    void branchFreeWhereSelectsExactlyWhatTheConditionalDoes() {
        double[] v = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NaN, Double.longBitsToDouble(0x7FF8000000000123L), 0.5};
        for (double c : v) {
            for (double a : v) {
                for (double b : v) {
                    double want = c != 0.0 ? a : b;
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(Select.select(c, a, b)),
                            "where(" + c + ", " + a + ", " + b + ")");
                }
            }
        }
    }

    @Test
    void branchFreeWhereSelectsFloat32BitsToo() {
        float[] v = {0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.NaN, Float.intBitsToFloat(0x7FC00123), 0.5f};
        for (float c : v) {
            for (float a : v) {
                for (float b : v) {
                    float want = c != 0f ? a : b;
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(Select.select(c, a, b)),
                            "where(" + c + ", " + a + ", " + b + ")");
                }
            }
        }
    }

    /** The defaults every loop inherits (scalar operand, float32 through blocks) agree with the specialised loops. */
    @Test
    void theDefaultScalarAndFloat32PathsGiveTheSpecialisedLoopsValues() {
        java.util.function.DoubleBinaryOperator f = (p, q) -> p / (1 + q * q);
        Elementwise.Map2 special = Elementwise.binary(f);
        Elementwise.Map2 plain = (a, b, y, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.applyAsDouble(a[i], b[i]);
            }
        };
        int n = 2500;   // more than two blocks, and a ragged last one
        double[] a = new double[n];
        float[] fa = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.sin(i) * 3;
            fa[i] = (float) a[i];
        }
        for (boolean first : new boolean[] {false, true}) {
            double[] want = new double[n];
            double[] got = new double[n];
            float[] fwant = new float[n];
            float[] fgot = new float[n];
            special.apply(a, 0.75, first, want, 1, n - 1);
            plain.apply(a, 0.75, first, got, 1, n - 1);
            special.apply(fa, 0.75f, first, fwant, 1, n - 1);
            plain.apply(fa, 0.75f, first, fgot, 1, n - 1);
            for (int i = 1; i < n - 1; i++) {
                double w = first ? f.applyAsDouble(0.75, a[i]) : f.applyAsDouble(a[i], 0.75);
                assertEquals(w, want[i], 0.0, "specialised, scalar first " + first);
                assertEquals(w, got[i], 0.0, "default, scalar first " + first);
                float fw = (float) (first ? f.applyAsDouble(0.75, fa[i]) : f.applyAsDouble(fa[i], 0.75));
                assertEquals(fw, fwant[i], 0.0f, "specialised float32, scalar first " + first);
                assertEquals(fw, fgot[i], 0.0f, "default float32, scalar first " + first);
            }
            assertEquals(0.0, got[0]);
            assertEquals(0.0, got[n - 1]);
        }
    }
}
