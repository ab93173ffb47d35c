// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.OpsForwardTest.assertClose;
import static dev.nabla.graph.OpsForwardTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Forward values of sum, max, min, mean and logsumexp over one, several and all axes. */
class OpsForwardReductionTest {
    private static final double RTOL = 1e-12;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final int[] DIMS = {3, 4, 5};
    /** Axis sets to reduce over [3,4,5]; the empty set means all axes. */
    private static final int[][] AXES = {{0}, {1}, {2}, {-1}, {0, 1}, {0, 2}, {1, 2}, {2, 0}, {0, 1, 2}, {}};

    private enum Kind { SUM, MAX, MIN, MEAN, LOGSUMEXP }

    @Test
    void sumMaxMinMeanByHand() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromRows(new double[] {1, -2, 3}, new double[] {4, 5, -6}));
        List<Tensor> out = run(Map.of(), x.sum(0), x.sum(1), x.sum(), x.max(0), x.max(1), x.max(), x.min(0),
                x.min(1), x.min(), x.mean(0), x.mean(1), x.mean());
        assertEquals(Tensor.fromArray(new double[] {5, 3, -3}), out.get(0));
        assertEquals(Tensor.fromArray(new double[] {2, 3}), out.get(1));
        assertEquals(Tensor.scalar(5), out.get(2));
        assertEquals(Tensor.fromArray(new double[] {4, 5, 3}), out.get(3));
        assertEquals(Tensor.fromArray(new double[] {3, 5}), out.get(4));
        assertEquals(Tensor.scalar(5), out.get(5));
        assertEquals(Tensor.fromArray(new double[] {1, -2, -6}), out.get(6));
        assertEquals(Tensor.fromArray(new double[] {-2, -6}), out.get(7));
        assertEquals(Tensor.scalar(-6), out.get(8));
        assertClose(new double[] {2.5, 1.5, -1.5}, out.get(9), RTOL, "mean(0)");
        assertClose(new double[] {2.0 / 3, 1}, out.get(10), RTOL, "mean(1)");
        assertClose(new double[] {5.0 / 6}, out.get(11), RTOL, "mean()");
        assertEquals(Shape.SCALAR, out.get(11).shape());
    }

    @Test
    void keepDimsByHand() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromRows(new double[] {1, -2, 3}, new double[] {4, 5, -6}));
        List<Tensor> out = run(Map.of(), Reductions.sum(x, true, 1), Reductions.max(x, true, 0), Reductions.min(x, true),
                Reductions.mean(x, true, 0), Reductions.logsumexp(x, true, 1));
        assertEquals(Tensor.fromArray(new double[] {2, 3}, 2, 1), out.get(0));
        assertEquals(Tensor.fromArray(new double[] {4, 5, 3}, 1, 3), out.get(1));
        assertEquals(Tensor.fromArray(new double[] {-6}, 1, 1), out.get(2));
        assertEquals(Tensor.fromArray(new double[] {2.5, 1.5, -1.5}, 1, 3), out.get(3));
        assertEquals(Shape.of(2, 1), out.get(4).shape());
        assertClose(new double[] {Math.log(Math.exp(1) + Math.exp(-2) + Math.exp(3)),
            Math.log(Math.exp(4) + Math.exp(5) + Math.exp(-6))}, out.get(4), RTOL, "logsumexp keepDims");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyReductionOverEveryAxisSetMatchesLoops(boolean keepDims) {
        Tensor t = Tensor.randomUniform(42, -3, 3, DIMS);
        double[] x = t.toArray();
        for (Kind kind : Kind.values()) {
            for (int[] axes : AXES) {
                Graph g = new Graph();
                Node c = g.constant(t);
                Node y = switch (kind) {
                    case SUM -> Reductions.sum(c, keepDims, axes);
                    case MAX -> Reductions.max(c, keepDims, axes);
                    case MIN -> Reductions.min(c, keepDims, axes);
                    case MEAN -> Reductions.mean(c, keepDims, axes);
                    case LOGSUMEXP -> Reductions.logsumexp(c, keepDims, axes);
                };
                boolean[] reduced = mask(axes, DIMS.length);
                double[] expected = switch (kind) {
                    case SUM -> reduce(x, DIMS, reduced, 0, Double::sum);
                    case MAX -> reduce(x, DIMS, reduced, -INF, (p, q) -> q > p ? q : p);
                    case MIN -> reduce(x, DIMS, reduced, INF, (p, q) -> q < p ? q : p);
                    case MEAN -> scale(reduce(x, DIMS, reduced, 0, Double::sum), 1.0 / count(DIMS, reduced));
                    case LOGSUMEXP -> log(reduce(exp(x), DIMS, reduced, 0, Double::sum));
                };
                Shape shape = reducedShape(DIMS, reduced, keepDims);
                String what = kind + " over " + Arrays.toString(axes) + (keepDims ? " keepDims" : "");
                assertEquals(shape, y.shape(), what);
                Tensor out = run(Map.of(), y).get(0);
                assertEquals(shape, out.shape(), what);
                assertClose(expected, out, RTOL, what);
            }
        }
    }

    @Test
    void fluentReductionsEqualStaticOnes() {
        Tensor t = Tensor.randomUniform(7, -1, 1, DIMS);
        Graph g = new Graph();
        Node c = g.constant(t);
        List<Tensor> out = run(Map.of(), c.sum(0, 2), Reductions.sum(c, false, 2, 0), c.max(1), Reductions.max(c, false, -2),
                c.min(), Reductions.min(c, false, 0, 1, 2), c.mean(-1), Reductions.mean(c, false, 2));
        for (int i = 0; i < out.size(); i += 2) {
            assertEquals(out.get(i + 1), out.get(i), "pair " + i / 2);
        }
    }

    @Test
    void logsumexpIsStableForLargeAndSmallInputs() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromRows(
                new double[] {1000, 1000, -INF},
                new double[] {-1000, -1000, -1000},
                new double[] {1000, -1000, 0},
                new double[] {-INF, -INF, -INF},
                new double[] {INF, 0, 1},
                new double[] {710, 709, -INF}));
        Tensor out = run(Map.of(), Reductions.logsumexp(x, false, 1)).get(0);
        double ln2 = 0.6931471805599453;
        double ln3 = 1.0986122886681098;
        assertClose(new double[] {1000 + ln2, -1000 + ln3, 1000, -INF, INF, 710 + Math.log1p(Math.exp(-1))},
                out, RTOL, "logsumexp rows");
    }

    @Test
    void logsumexpOverAllAxesOfHugeValues() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromArray(new double[] {1e4, 1e4, 1e4, 1e4}, 2, 2));
        Node lo = g.constant(Tensor.fromArray(new double[] {-1e4, -1e4, -1e4, -1e4}, 2, 2));
        List<Tensor> out = run(Map.of(), Reductions.logsumexp(x, false), Reductions.logsumexp(lo, true));
        assertClose(new double[] {1e4 + Math.log(4)}, out.get(0), RTOL, "huge");
        assertEquals(Shape.SCALAR, out.get(0).shape());
        assertClose(new double[] {-1e4 + Math.log(4)}, out.get(1), RTOL, "tiny");
        assertEquals(Shape.of(1, 1), out.get(1).shape());
    }

    @Test
    void maxAndMinLetNaNWinButNotInfinity() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromRows(new double[] {1, Double.NaN, 3}, new double[] {-INF, 2, INF}));
        List<Tensor> out = run(Map.of(), x.max(1), x.min(1), x.sum(1), x.max(0));
        assertClose(new double[] {Double.NaN, INF}, out.get(0), 0, "max");
        assertClose(new double[] {Double.NaN, -INF}, out.get(1), 0, "min");
        assertClose(new double[] {Double.NaN, Double.NaN}, out.get(2), 0, "sum");
        assertClose(new double[] {1, Double.NaN, INF}, out.get(3), 0, "max(0)");
    }

    @Test
    void sumOfManyValuesIsAccurate() {
        Tensor t = Tensor.randomUniform(9, 0, 1, 200, 300);
        double[] x = t.toArray();
        double[] rows = new double[200];
        double[] cols = new double[300];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 300; j++) {
                rows[i] += x[i * 300 + j];
                cols[j] += x[i * 300 + j];
            }
        }
        Graph g = new Graph();
        Node c = g.constant(t);
        List<Tensor> out = run(Map.of(), c.sum(1), c.sum(0), c.mean());
        assertClose(rows, out.get(0), 1e-12, "row sums");
        assertClose(cols, out.get(1), 1e-12, "column sums");
        double total = 0;
        for (double v : x) {
            total += v;
        }
        assertClose(new double[] {total / x.length}, out.get(2), 1e-10, "mean");
    }

    // Reference reduction by explicit multi-indices.

    private static double[] reduce(double[] x, int[] dims, boolean[] reduced, double init, DoubleBinaryOperator op) {
        int outSize = 1;
        for (int i = 0; i < dims.length; i++) {
            outSize *= reduced[i] ? 1 : dims[i];
        }
        double[] out = new double[outSize];
        Arrays.fill(out, init);
        int[] idx = new int[dims.length];
        for (int flat = 0; flat < x.length; flat++) {
            int rest = flat;
            for (int a = dims.length - 1; a >= 0; a--) {
                idx[a] = rest % dims[a];
                rest /= dims[a];
            }
            int o = 0;
            for (int a = 0; a < dims.length; a++) {
                if (!reduced[a]) {
                    o = o * dims[a] + idx[a];
                }
            }
            out[o] = op.applyAsDouble(out[o], x[flat]);
        }
        return out;
    }

    private static boolean[] mask(int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(m, true);
        }
        for (int a : axes) {
            m[a < 0 ? a + rank : a] = true;
        }
        return m;
    }

    private static Shape reducedShape(int[] dims, boolean[] reduced, boolean keepDims) {
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (keepDims) {
                out[k++] = reduced[i] ? 1 : dims[i];
            } else if (!reduced[i]) {
                out[k++] = dims[i];
            }
        }
        return Shape.of(Arrays.copyOf(out, k));
    }

    private static int count(int[] dims, boolean[] reduced) {
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            n *= reduced[i] ? dims[i] : 1;
        }
        return n;
    }

    private static double[] scale(double[] v, double c) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= c;
        }
        return out;
    }

    private static double[] exp(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(out[i]);
        }
        return out;
    }

    private static double[] log(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(out[i]);
        }
        return out;
    }
}
