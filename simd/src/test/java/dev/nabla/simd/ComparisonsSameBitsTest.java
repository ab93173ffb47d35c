// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.graph.kernel.Elementwise;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The lane comparisons give Java's operators' bits for every element, in both types, with array
 * or scalar operands on either side: NaN, signed zeros, infinities, equal and subnormal values, at
 * every offset and tail length, in the interpreter and once compiled.
 */
class ComparisonsSameBitsTest {
    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.5, Double.MIN_VALUE, -Double.MIN_VALUE,
        Float.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 3.0, -3.0};

    private final VectorApiMath backend = new VectorApiMath();

    @Test
    void everyComparisonKeepsTheBitsOfJavasOperator() {
        check("lt", (a, b) -> a < b ? 1 : 0);
        check("le", (a, b) -> a <= b ? 1 : 0);
        check("eq", (a, b) -> a == b ? 1 : 0);
    }

    @Test
    void otherNamesHaveNoVectorLoop() {
        assertNull(backend.compare("gt"));
        assertSame(Comparisons.LT, backend.compare("lt"));
    }

    private void check(String name, DoubleBinaryOperator java) {
        Elementwise.Map2 loop = backend.compare(name);
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int n = 1037;
        double[] a = new double[n];
        double[] b = new double[n];
        float[] fa = new float[n];
        float[] fb = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextInt(3) == 0 ? rnd.nextDouble(-3, 3) : EDGES[rnd.nextInt(EDGES.length)];
            b[i] = rnd.nextInt(3) == 0 ? a[i] : EDGES[rnd.nextInt(EDGES.length)];
            fa[i] = (float) a[i];
            fb[i] = (float) b[i];
        }
        for (int pass = 0; pass < 300; pass++) {
            int from = pass % 7;
            int to = n - pass % 11;
            double s = EDGES[pass % EDGES.length];
            boolean first = pass % 2 == 0;
            double[] y = new double[n];
            float[] fy = new float[n];
            double[] ys = new double[n];
            float[] fys = new float[n];
            loop.apply(a, b, y, from, to);
            loop.apply(fa, fb, fy, from, to);
            loop.apply(a, s, first, ys, from, to);
            loop.apply(fa, (float) s, first, fys, from, to);
            for (int i = 0; i < n; i++) {
                boolean in = i >= from && i < to;
                String at = name + " element " + i + " of [" + from + ", " + to + ")";
                assertEquals(bits(in ? java.applyAsDouble(a[i], b[i]) : 0), bits(y[i]), at);
                assertEquals(bits(in ? java.applyAsDouble(fa[i], fb[i]) : 0), bits(fy[i]), "float32 " + at);
                double want = first ? java.applyAsDouble(s, a[i]) : java.applyAsDouble(a[i], s);
                assertEquals(bits(in ? want : 0), bits(ys[i]), "scalar " + (first ? "first " : "second ") + at);
                double fwant = first ? java.applyAsDouble((float) s, fa[i]) : java.applyAsDouble(fa[i], (float) s);
                assertEquals(bits(in ? fwant : 0), bits(fys[i]), "float32 scalar " + (first ? "first " : "second ") + at);
            }
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
