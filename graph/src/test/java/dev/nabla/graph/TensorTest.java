// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tensor factories, element access, comparison and NumPy-style printing. */
class TensorTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void zerosOnesFullAndScalar() {
        Tensor z = Tensor.zeros(2, 3);
        assertEquals(Shape.of(2, 3), z.shape());
        assertArrayEquals(new double[6], z.toArray());
        assertEquals(z, Tensor.zeros(Shape.of(2, 3)));
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(4).toArray());
        Tensor f = Tensor.full(-2.5, 3, 1, 2);
        assertEquals(Shape.of(3, 1, 2), f.shape());
        assertEquals(3, f.rank());
        assertEquals(6, f.size());
        for (double v : f.toArray()) {
            assertEquals(-2.5, v);
        }
        Tensor s = Tensor.scalar(7);
        assertEquals(Shape.SCALAR, s.shape());
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(7.0, s.item());
        assertEquals(7.0, s.get());
        assertEquals(0, Tensor.zeros(0, 3).size());
        assertThrows(ShapeException.class, () -> Tensor.zeros(Shape.of(Shape.UNKNOWN, 2)));
        assertThrows(ShapeException.class, () -> Tensor.zeros(-2));
    }

    @Test
    void fromArrayCopiesAndChecksTheCount() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.fromArray(values, 2, 3);
        values[0] = 99;
        assertEquals(1.0, t.get(0, 0), "the tensor keeps its own copy");
        double[] out = t.toArray();
        out[1] = 99;
        assertEquals(2.0, t.get(0, 1), "toArray hands out a copy");
        assertEquals(6.0, t.get(1, 2));
        assertEquals(4.0, t.get(1, 0));
        assertEquals(Shape.of(3), Tensor.fromArray(new double[] {1, 2, 3}).shape());
        assertThrows(ShapeException.class, () -> Tensor.fromArray(new double[] {1, 2, 3}, 2, 2));
        assertThrows(ShapeException.class, () -> Tensor.fromArray(new double[] {1, 2}, Shape.UNKNOWN, 2));
        assertThrows(NablaException.class, () -> Tensor.fromArray(null, 1));
    }

    @Test
    void fromRowsLaysRowsOutInOrder() {
        Tensor t = Tensor.fromRows(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), t);
        assertEquals(Shape.of(0, 0), Tensor.fromRows().shape());
        assertThrows(ShapeException.class, () -> Tensor.fromRows(new double[] {1, 2}, new double[] {3}));
    }

    @Test
    void arangeAsNumPy() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5).toArray());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, Tensor.arange(0, 1, 0.25).toArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 2.6, 0.5).toArray());
        assertArrayEquals(new double[] {5, 3, 1}, Tensor.arange(5, 0, -2).toArray());
        assertEquals(Shape.of(0), Tensor.arange(3, 3, 1).shape());
        assertEquals(Shape.of(0), Tensor.arange(3, 0, 1).shape());
        assertThrows(NablaException.class, () -> Tensor.arange(0, 1, 0));
        assertThrows(NablaException.class, () -> Tensor.arange(0, 1, Double.NaN));
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(0, 1, 5).toArray());
        assertArrayEquals(new double[] {2, 1, 0, -1}, Tensor.linspace(2, -1, 4).toArray());
        assertArrayEquals(new double[] {3}, Tensor.linspace(3, 9, 1).toArray());
        assertEquals(Shape.of(0), Tensor.linspace(0, 1, 0).shape());
        assertThrows(NablaException.class, () -> Tensor.linspace(0, 1, -1));
        // The last value is stop itself, not start + (stop - start), which can be off by an ulp.
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double start = r.nextDouble() * 10 - 5;
            double stop = r.nextDouble() * 10 - 5;
            Tensor t = Tensor.linspace(start, stop, 7);
            assertEquals(start, t.get(0));
            assertEquals(stop, t.get(6), () -> "linspace(" + start + ", " + stop + ", 7)");
            for (int k = 0; k < 7; k++) {
                assertEquals(start + (stop - start) * k / 6, t.get(k), 1e-14);
            }
        }
    }

    @Test
    void eyeIsTheIdentity() {
        Tensor e = Tensor.eye(3);
        assertEquals(Shape.of(3, 3), e.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(i == j ? 1.0 : 0.0, e.get(i, j));
            }
        }
        assertEquals(Shape.of(0, 0), Tensor.eye(0).shape());
    }

    @Test
    void seededRandomTensorsAreReproducible() {
        assertEquals(Tensor.randomNormal(3, 1, 2, 4, 5), Tensor.randomNormal(3, 1, 2, 4, 5));
        assertNotEquals(Tensor.randomNormal(3, 1, 2, 4, 5), Tensor.randomNormal(4, 1, 2, 4, 5));
        assertEquals(Tensor.randomUniform(3, -1, 1, 20), Tensor.randomUniform(3, -1, 1, 20));
        assertNotEquals(Tensor.randomUniform(3, -1, 1, 20), Tensor.randomUniform(4, -1, 1, 20));
        Tensor u = Tensor.randomUniform(5, 2, 3, 1000);
        double uSum = 0;
        double uMin = INF;
        double uMax = -INF;
        for (double v : u.toArray()) {
            assertTrue(v >= 2 && v < 3, "uniform value " + v);
            uSum += v;
            uMin = Math.min(uMin, v);
            uMax = Math.max(uMax, v);
        }
        assertTrue(uMin < 2.01 && uMax > 2.99, "the draws fill [2, 3): " + uMin + " .. " + uMax);
        // Mean 2.5, standard error 1 / sqrt(12 * 1000) = 0.009.
        assertEquals(2.5, uSum / 1000, 0.045);
        // The same seed scaled: normal(mean, std) is mean + std * normal(0, 1), element by element.
        double[] std = Tensor.randomNormal(6, 0, 1, 50).toArray();
        double[] scaled = Tensor.randomNormal(6, 10, 0.5, 50).toArray();
        for (int i = 0; i < 50; i++) {
            assertEquals(10 + 0.5 * std[i], scaled[i], 1e-12);
        }
        Tensor n = Tensor.randomNormal(7, 5, 2, 10_000);
        double sum = 0;
        for (double v : n.toArray()) {
            sum += v;
        }
        assertEquals(5, sum / 10_000, 0.1);
    }

    @Test
    void getAndItemCheckTheirIndices() {
        Tensor t = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertEquals(3.0, t.get(1, 0));
        assertEquals(6.0, t.get(2, 1));
        assertThrows(ShapeException.class, () -> t.get(3, 0));
        assertThrows(ShapeException.class, () -> t.get(0, 2));
        assertThrows(ShapeException.class, () -> t.get(-1, 0));
        assertThrows(ShapeException.class, () -> t.get(1));
        assertThrows(ShapeException.class, t::item);
        assertEquals(4.5, Tensor.fromArray(new double[] {4.5}, 1, 1).item());
        assertEquals(Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), t.reshape(2, 3));
        assertThrows(ShapeException.class, () -> t.reshape(4, 2));
    }

    @Test
    void allCloseUsesRtolAgainstTheSecondOperandPlusAtol() {
        Tensor a = Tensor.fromArray(new double[] {100, 0});
        assertTrue(a.allClose(Tensor.fromArray(new double[] {101, 0}), 0.01, 0));
        assertFalse(a.allClose(Tensor.fromArray(new double[] {102, 0}), 0.01, 0));
        // rtol scales |b|, so the test is not symmetric: |110 - 100| <= 0.095 * 110 but not <= 0.095 * 100.
        Tensor t100 = Tensor.fromArray(new double[] {100});
        Tensor t110 = Tensor.fromArray(new double[] {110});
        assertTrue(t100.allClose(t110, 0.095, 0));
        assertFalse(t110.allClose(t100, 0.095, 0));
        assertTrue(t110.allClose(t100, 0.095, 0.5));
        assertTrue(Tensor.fromArray(new double[] {1e-9}).allClose(Tensor.fromArray(new double[] {0}), 0, 1e-8));
        assertFalse(Tensor.fromArray(new double[] {1e-7}).allClose(Tensor.fromArray(new double[] {0}), 0, 1e-8));
        assertTrue(a.allClose(a, 0, 0));
        assertFalse(a.allClose(Tensor.fromArray(new double[] {100, 0}, 2, 1), 1, 1), "shapes differ");
    }

    @Test
    void allCloseTreatsNaNAsUnequalAndInfinitiesExactly() {
        Tensor nan = Tensor.fromArray(new double[] {NAN});
        assertFalse(nan.allClose(nan, 1, 1));
        assertFalse(nan.allClose(Tensor.fromArray(new double[] {1}), 1, 1));
        Tensor inf = Tensor.fromArray(new double[] {INF});
        Tensor negInf = Tensor.fromArray(new double[] {-INF});
        Tensor one = Tensor.fromArray(new double[] {1});
        assertTrue(inf.allClose(inf, 1e-5, 1e-8));
        assertFalse(inf.allClose(negInf, 1e-5, 1e-8));
        assertFalse(negInf.allClose(inf, 1e-5, 1e-8));
        assertFalse(one.allClose(inf, 1e-5, 1e-8), "as numpy.isclose(1, inf)");
        assertFalse(inf.allClose(one, 1e-5, 1e-8));
    }

    @Test
    void equalsComparesShapeAndBits() {
        Tensor a = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        assertEquals(a, Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(a.hashCode(), Tensor.fromRows(new double[] {1, 2}, new double[] {3, 4}).hashCode());
        assertNotEquals(a, Tensor.fromArray(new double[] {1, 2, 3, 4}), "same values, other shape");
        assertNotEquals(a, Tensor.fromArray(new double[] {1, 2, 3, 5}, 2, 2));
        assertEquals(Tensor.fromArray(new double[] {NAN}), Tensor.fromArray(new double[] {NAN}), "NaN bits match");
        assertNotEquals(Tensor.fromArray(new double[] {0.0}), Tensor.fromArray(new double[] {-0.0}));
        assertNotEquals(a, null);
        assertNotEquals(a, "a string");
    }

    @Test
    void toStringPrintsNestedBracketsWithAlignedColumns() {
        assertEquals("[1. 2. 3.]", Tensor.fromArray(new double[] {1, 2, 3}).toString());
        assertEquals("[[ 1.  2.]\n [ 3. 40.]]", Tensor.fromRows(new double[] {1, 2}, new double[] {3, 40}).toString());
        assertEquals("[[-1.  0.]\n [ 2.  3.]]", Tensor.fromRows(new double[] {-1, 0}, new double[] {2, 3}).toString());
        assertEquals("[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]]", Tensor.arange(8).reshape(2, 2, 2).toString());
        assertEquals("3.", Tensor.scalar(3).toString());
        assertEquals("[]", Tensor.zeros(0).toString());
        assertEquals("[0.333333 0.666667]", Tensor.fromArray(new double[] {1.0 / 3, 2.0 / 3}).toString());
        assertEquals("[ 0.5   0.25 -1.  ]", Tensor.fromArray(new double[] {0.5, 0.25, -1}).toString());
        assertEquals("[[ 1.   0.5]\n [-1.5  0.3]]", Tensor.fromRows(new double[] {1, 0.5}, new double[] {-1.5, 0.3}).toString());
        assertEquals("[ nan  inf -inf   1.]", Tensor.fromArray(new double[] {NAN, INF, -INF, 1}).toString());
        String small = Tensor.fromArray(new double[] {1e-5, 1}).toString();
        assertTrue(small.contains("e-05") && small.contains("e+00"), "tiny values switch to scientific: " + small);
    }

    @Test
    void toStringElidesLongTensors() {
        assertEquals("[   0.    1.    2. ... 1997. 1998. 1999.]", Tensor.arange(2000).toString());
        String notElided = Tensor.arange(1000).toString();
        assertFalse(notElided.contains("..."), "1000 elements print in full");
        assertTrue(notElided.contains(" 500. "));
        String elided = Tensor.arange(1001).toString();
        assertTrue(elided.endsWith(" ...  998.  999. 1000.]"), elided);
        assertFalse(elided.contains(" 500. "));
        String matrix = Tensor.arange(2000).reshape(40, 50).toString();
        String[] lines = matrix.split("\n");
        assertEquals(7, lines.length, matrix);
        assertEquals("[[   0.    1.    2. ...   47.   48.   49.]", lines[0]);
        assertEquals(" ...", lines[3]);
        assertEquals(" [1950. 1951. 1952. ... 1997. 1998. 1999.]]", lines[6]);
        // A short axis of a long tensor is printed in full.
        String tall = Tensor.arange(2000).reshape(1000, 2).toString();
        assertTrue(tall.startsWith("[[   0.    1.]\n [   2.    3.]\n [   4.    5.]\n ...\n [1994. 1995.]"), tall);
    }
}
