// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.UnaryFn;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forward values of the elementwise ops (every {@link UnaryFn} and {@link BinaryFn} row, the
 * comparisons, where, and the composites built on them) against hand-computed values and against
 * plain loops over random inputs. Matmul, reductions, indexing and random ops have their own
 * {@code OpsForward*Test} files.
 */
class OpsForwardTest {
    private static final double RTOL = 1e-12;
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Hand-computed {x, f(x)} pairs for every unary row; a new row without pairs fails below. */
    private static final Map<UnaryFn, double[][]> UNARY_CASES = new EnumMap<>(Map.ofEntries(
            Map.entry(UnaryFn.NEG, new double[][] {{2.5, -2.5}, {-3, 3}, {0.0, -0.0}, {INF, -INF}, {NAN, NAN}}),
            Map.entry(UnaryFn.EXP, new double[][] {{0, 1}, {1, 2.718281828459045}, {-1, 0.36787944117144233},
                {Math.log(2), 2}, {-INF, 0}, {710, INF}}),
            Map.entry(UnaryFn.LOG, new double[][] {{1, 0}, {2.718281828459045, 1}, {100, 4.605170185988092},
                {0, -INF}, {-1, NAN}, {INF, INF}}),
            Map.entry(UnaryFn.SIN, new double[][] {{0, 0}, {Math.PI / 2, 1}, {Math.PI / 6, 0.5}, {-Math.PI / 2, -1}}),
            Map.entry(UnaryFn.COS, new double[][] {{0, 1}, {Math.PI, -1}, {Math.PI / 3, 0.5}, {2 * Math.PI, 1}}),
            Map.entry(UnaryFn.SQRT, new double[][] {{4, 2}, {2, 1.4142135623730951}, {0, 0}, {0.25, 0.5},
                {-1, NAN}, {INF, INF}}),
            Map.entry(UnaryFn.RECIP, new double[][] {{4, 0.25}, {-0.5, -2}, {0.0, INF}, {-0.0, -INF}, {INF, 0}}),
            Map.entry(UnaryFn.ABS, new double[][] {{-3, 3}, {3, 3}, {-0.0, 0.0}, {-INF, INF}, {NAN, NAN}}),
            Map.entry(UnaryFn.TANH, new double[][] {{0, 0}, {1, 0.7615941559557649}, {-1, -0.7615941559557649},
                {0.5, 0.46211715726000974}, {40, 1}, {-INF, -1}}),
            Map.entry(UnaryFn.SIGN, new double[][] {{-3, -1}, {2.5, 1}, {0, 0}, {-INF, -1}, {NAN, NAN}}),
            Map.entry(UnaryFn.LOG1P, new double[][] {{0, 0}, {1e-20, 1e-20}, {2.718281828459045 - 1, 1},
                {-1, -INF}, {-2, NAN}}),
            Map.entry(UnaryFn.EXPM1, new double[][] {{0, 0}, {1e-20, 1e-20}, {1, 1.718281828459045},
                {-INF, -1}, {Math.log(3), 2}}),
            Map.entry(UnaryFn.ERF, new double[][] {{0, 0}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
                {-1, -0.8427007929497149}, {2, 0.9953222650189527}, {INF, 1}}),
            Map.entry(UnaryFn.SIGMOID, new double[][] {{0, 0.5}, {2, 0.8807970779778823}, {-2, 0.11920292202211755},
                {-1000, 0}, {1000, 1}, {-INF, 0}}),
            Map.entry(UnaryFn.SOFTPLUS, new double[][] {{0, Math.log(2)}, {1, Math.log(1 + Math.E)}, {-1, Math.log(1 + 1 / Math.E)},
                {1000, 1000}, {-1000, 0}, {INF, INF}}),
            Map.entry(UnaryFn.ATAN, new double[][] {{0, 0}, {1, Math.PI / 4}, {-1, -Math.PI / 4}, {INF, Math.PI / 2},
                {Math.sqrt(3), Math.PI / 3}})));

    /** Hand-computed {a, b, f(a, b)} triples for every binary row. */
    private static final Map<BinaryFn, double[][]> BINARY_CASES = new EnumMap<>(Map.of(
            BinaryFn.ADD, new double[][] {{1, 2, 3}, {-1.5, 0.25, -1.25}, {INF, -INF, NAN}, {1e300, 1e300, 2e300}},
            BinaryFn.MUL, new double[][] {{3, -4, -12}, {0.5, 0.5, 0.25}, {0, INF, NAN}, {-2, 0.0, -0.0}},
            BinaryFn.DIV, new double[][] {{1, 4, 0.25}, {-3, 2, -1.5}, {1e-300, 1e-310, 1e10},
                {1, 0.0, INF}, {0, 0, NAN}},
            BinaryFn.MAX, new double[][] {{1, 2, 2}, {-1, -2, -1}, {NAN, 1, NAN}, {1, NAN, NAN}, {-INF, -7, -7}},
            BinaryFn.POW, new double[][] {{2, 10, 1024}, {4, 0.5, 2}, {2, -1, 0.5}, {0, 0, 1}, {-8, 1.0 / 3, NAN},
                {-2, 3, -8}}));

    @Test
    void everyUnaryRowHasHandCases() {
        for (UnaryFn fn : UnaryFn.values()) {
            assertTrue(UNARY_CASES.containsKey(fn), () -> "no hand-computed forward values for unary " + fn);
        }
    }

    @Test
    void everyBinaryRowHasHandCases() {
        for (BinaryFn fn : BinaryFn.values()) {
            assertTrue(BINARY_CASES.containsKey(fn), () -> "no hand-computed forward values for binary " + fn);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryFn.class)
    void unaryMatchesHandValues(UnaryFn fn) {
        double[][] cases = UNARY_CASES.get(fn);
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN);
        Node y = Ops.unary(fn, x);
        Tensor out = run(Map.of(x, Tensor.fromArray(column(cases, 0))), y).get(0);
        assertClose(column(cases, 1), out, RTOL, fn.name());
    }

    @ParameterizedTest
    @EnumSource(BinaryFn.class)
    void binaryMatchesHandValues(BinaryFn fn) {
        double[][] cases = BINARY_CASES.get(fn);
        Graph g = new Graph();
        Node y = Ops.binary(fn, g.constant(Tensor.fromArray(column(cases, 0))),
                g.constant(Tensor.fromArray(column(cases, 1))));
        assertClose(column(cases, 2), run(Map.of(), y).get(0), RTOL, fn.name());
    }

    @Test
    void unaryMatchesLoopsOnRandomRank3() {
        Map<UnaryFn, DoubleUnaryOperator> ref = new EnumMap<>(UnaryFn.class);
        ref.put(UnaryFn.NEG, v -> -v);
        ref.put(UnaryFn.EXP, Math::exp);
        ref.put(UnaryFn.LOG, Math::log);
        ref.put(UnaryFn.SIN, Math::sin);
        ref.put(UnaryFn.COS, Math::cos);
        ref.put(UnaryFn.SQRT, Math::sqrt);
        ref.put(UnaryFn.RECIP, v -> 1 / v);
        ref.put(UnaryFn.ABS, v -> v < 0 ? -v : v);
        ref.put(UnaryFn.TANH, v -> (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1));
        ref.put(UnaryFn.SIGN, v -> v > 0 ? 1 : v < 0 ? -1 : 0);
        ref.put(UnaryFn.LOG1P, v -> Math.log(1 + v));
        ref.put(UnaryFn.EXPM1, v -> Math.exp(v) - 1);
        ref.put(UnaryFn.ERF, OpsForwardTest::erfSeries);
        ref.put(UnaryFn.SIGMOID, v -> 1 / (1 + Math.exp(-v)));
        ref.put(UnaryFn.SOFTPLUS, v -> Math.log(1 + Math.exp(v)));
        ref.put(UnaryFn.ATAN, v -> Math.asin(v / Math.sqrt(1 + v * v)));
        for (UnaryFn fn : UnaryFn.values()) {
            // log, sqrt, log1p need positive inputs; the composite references lose digits near 0.
            boolean positive = fn == UnaryFn.LOG || fn == UnaryFn.SQRT || fn == UnaryFn.LOG1P;
            Tensor x = Tensor.randomUniform(fn.ordinal(), positive ? 0.5 : -2, 2, 3, 4, 5);
            double[] v = x.toArray();
            double[] expected = new double[v.length];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 5; k++) {
                        int f = (i * 4 + j) * 5 + k;
                        expected[f] = ref.get(fn).applyAsDouble(v[f]);
                    }
                }
            }
            Graph g = new Graph();
            Tensor out = run(Map.of(), Ops.unary(fn, g.constant(x))).get(0);
            assertEquals(Shape.of(3, 4, 5), out.shape());
            assertClose(expected, out, 1e-10, fn.name());
        }
    }

    @Test
    void binaryMatchesLoopsOnRandomRank3() {
        Map<BinaryFn, DoubleBinaryOperator> ref = new EnumMap<>(BinaryFn.class);
        ref.put(BinaryFn.ADD, (p, q) -> p + q);
        ref.put(BinaryFn.MUL, (p, q) -> p * q);
        ref.put(BinaryFn.DIV, (p, q) -> p * (1 / q));
        ref.put(BinaryFn.MAX, (p, q) -> p >= q ? p : q);
        ref.put(BinaryFn.POW, (p, q) -> Math.exp(q * Math.log(p)));
        for (BinaryFn fn : BinaryFn.values()) {
            Tensor a = Tensor.randomUniform(10 + fn.ordinal(), 0.1, 3, 2, 3, 4);
            Tensor b = Tensor.randomUniform(20 + fn.ordinal(), -2, 2, 2, 3, 4);
            Graph g = new Graph();
            Tensor out = run(Map.of(), Ops.binary(fn, g.constant(a), g.constant(b))).get(0);
            assertClose(loop2(a.toArray(), b.toArray(), ref.get(fn)), out, 1e-12, fn.name());
        }
    }

    @Test
    void comparisonsIncludingNaNAndInfinity() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromArray(new double[] {1, 2, 3, NAN, 1, NAN, -INF, INF, -0.0}));
        Node b = g.constant(Tensor.fromArray(new double[] {2, 2, 1, 1, NAN, NAN, -INF, 1, 0.0}));
        List<Tensor> out = run(Map.of(), Ops.lt(a, b), Ops.le(a, b), Ops.gt(a, b), Ops.ge(a, b), Ops.eq(a, b),
                a.lt(b), a.gt(b));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0}, out.get(0).toArray(), "lt");
        assertArrayEquals(new double[] {1, 1, 0, 0, 0, 0, 1, 0, 1}, out.get(1).toArray(), "le");
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0, 0, 1, 0}, out.get(2).toArray(), "gt");
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 0, 1, 1, 1}, out.get(3).toArray(), "ge");
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 1, 0, 1}, out.get(4).toArray(), "eq");
        assertEquals(out.get(0), out.get(5), "fluent lt");
        assertEquals(out.get(2), out.get(6), "fluent gt");
    }

    @Test
    void comparisonsMatchLoopsWithTies() {
        // Values on a coarse grid so that ties are common.
        double[] a = grid(Tensor.randomUniform(3, -3, 3, 4, 6).toArray());
        double[] b = grid(Tensor.randomUniform(4, -3, 3, 4, 6).toArray());
        Graph g = new Graph();
        Node na = g.constant(Tensor.fromArray(a, 4, 6));
        Node nb = g.constant(Tensor.fromArray(b, 4, 6));
        List<Tensor> out = run(Map.of(), Ops.lt(na, nb), Ops.le(na, nb), Ops.gt(na, nb), Ops.ge(na, nb),
                Ops.eq(na, nb));
        assertArrayEquals(loop2(a, b, (p, q) -> p < q ? 1 : 0), out.get(0).toArray());
        assertArrayEquals(loop2(a, b, (p, q) -> p <= q ? 1 : 0), out.get(1).toArray());
        assertArrayEquals(loop2(a, b, (p, q) -> p > q ? 1 : 0), out.get(2).toArray());
        assertArrayEquals(loop2(a, b, (p, q) -> p >= q ? 1 : 0), out.get(3).toArray());
        assertArrayEquals(loop2(a, b, (p, q) -> p == q ? 1 : 0), out.get(4).toArray());
    }

    @Test
    void whereSelectsByNonZeroCondition() {
        Graph g = new Graph();
        Node cond = g.constant(Tensor.fromArray(new double[] {1, 0, -2, NAN, -0.0, 0.5}, 2, 3));
        Node a = g.constant(Tensor.fromArray(new double[] {10, 20, 30, 40, 50, 60}, 2, 3));
        Node b = g.constant(Tensor.fromArray(new double[] {-1, -2, -3, -4, -5, -6}, 2, 3));
        Tensor out = run(Map.of(), Ops.where(cond, a, b)).get(0);
        // NaN is not zero, so it selects a (as NumPy's where); -0.0 is zero.
        assertEquals(Tensor.fromArray(new double[] {10, -2, 30, 40, -5, 60}, 2, 3), out);
    }

    @Test
    void compositesMatchLoops() {
        Tensor ta = Tensor.randomUniform(5, -3, 3, 3, 5);
        Tensor tb = Tensor.randomUniform(6, 0.5, 2.5, 3, 5);
        double[] a = ta.toArray();
        double[] b = tb.toArray();
        Graph g = new Graph();
        Node na = g.constant(ta);
        Node nb = g.constant(tb);
        List<Tensor> out = run(Map.of(), na.sub(nb), na.div(nb), na.square(), na.minimum(nb), na.maximum(nb),
                nb.pow(na), Ops.sub(na, nb), Ops.div(na, nb), Ops.minimum(na, nb), Ops.maximum(na, nb),
                Ops.pow(nb, na));
        assertClose(loop2(a, b, (p, q) -> p - q), out.get(0), 0, "sub");
        assertClose(loop2(a, b, (p, q) -> p / q), out.get(1), RTOL, "div");
        assertClose(loop2(a, a, (p, q) -> p * q), out.get(2), 0, "square");
        assertClose(loop2(a, b, (p, q) -> p < q ? p : q), out.get(3), 0, "minimum");
        assertClose(loop2(a, b, (p, q) -> p > q ? p : q), out.get(4), 0, "maximum");
        assertClose(loop2(b, a, (p, q) -> Math.exp(q * Math.log(p))), out.get(5), 1e-12, "pow");
        int[] fluent = {0, 1, 3, 4, 5};
        for (int i = 0; i < fluent.length; i++) {
            assertEquals(out.get(fluent[i]), out.get(6 + i), "the static op and the fluent one agree, #" + i);
        }
    }

    @Test
    void compositesByHand() {
        Graph g = new Graph();
        Node a = g.constant(Tensor.fromArray(new double[] {6, -1, 0, NAN, 2}));
        Node b = g.constant(Tensor.fromArray(new double[] {3, 4, -2, 1, NAN}));
        List<Tensor> out = run(Map.of(), a.sub(b), a.div(b), a.square(), a.minimum(b), a.maximum(b), a.pow(2.0));
        assertClose(new double[] {3, -5, 2, NAN, NAN}, out.get(0), 0, "sub");
        assertClose(new double[] {2, -0.25, -0.0, NAN, NAN}, out.get(1), RTOL, "div");
        assertClose(new double[] {36, 1, 0, NAN, 4}, out.get(2), 0, "square");
        assertClose(new double[] {3, -1, -2, NAN, NAN}, out.get(3), 0, "minimum");
        assertClose(new double[] {6, 4, 0, NAN, NAN}, out.get(4), 0, "maximum");
        assertClose(new double[] {36, 1, 0, NAN, 4}, out.get(5), 0, "pow");
    }

    @Test
    void scalarConstantOverloads() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.fromArray(new double[] {1, -2, 4}));
        List<Tensor> out = run(Map.of(), x.add(1.5), x.sub(1), x.mul(-3), x.div(4), x.pow(0.5));
        assertClose(new double[] {2.5, -0.5, 5.5}, out.get(0), 0, "add");
        assertClose(new double[] {0, -3, 3}, out.get(1), 0, "sub");
        assertClose(new double[] {-3, 6, -12}, out.get(2), 0, "mul");
        assertClose(new double[] {0.25, -0.5, 1}, out.get(3), 0, "div");
        assertClose(new double[] {1, NAN, 2}, out.get(4), 0, "pow");
    }

    /** Fails when a new kind of primitive appears that no forward test here or in OpsForward*Test covers. */
    @Test
    void everyPrimitiveKindHasAForwardTest() {
        Set<String> covered = Set.of("Leaf", "Unary", "Binary", "Compare", "Where", "Reduce", "Reshape", "Permute",
                "Expand", "Slice", "Pad", "Gather", "OneHot", "MatMul", "RandomOp", "StopGradient", "Custom",
                "Unfold", "Fold");   // Unfold and Fold: OpsForwardWindowTest
        Set<String> missing = new TreeSet<>();
        Arrays.stream(Primitive.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .filter(n -> !covered.contains(n)).forEach(missing::add);
        assertTrue(missing.isEmpty(), () -> "primitives without a forward test: " + missing);
    }

    @Test
    void stopGradientIsTheIdentityForValues() {
        Tensor t = Tensor.randomNormal(8, 0, 1, 2, 3);
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node y = Ops.stopGradient(x.mul(2));
        assertEquals(Shape.of(Shape.UNKNOWN, 3), y.shape());
        assertClose(loop2(t.toArray(), t.toArray(), (p, q) -> p * 2), run(Map.of(x, t), y).get(0), 0, "stop_gradient");
    }

    @Test
    void customOpRunsItsOwnKernel() {
        // A running sum along the last axis of a matrix.
        CustomOp cumsum = new CustomOp() {
            @Override
            public String name() {
                return "cumsum";
            }

            @Override
            public Shape outShape(List<Shape> in) {
                return in.get(0);
            }

            @Override
            public Tensor forward(List<Tensor> in) {
                Tensor x = in.get(0);
                int rows = x.shape().dim(0);
                int cols = x.shape().dim(1);
                double[] out = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    double acc = 0;
                    for (int j = 0; j < cols; j++) {
                        acc += x.get(i, j);
                        out[i * cols + j] = acc;
                    }
                }
                return Tensor.fromArray(out, rows, cols);
            }
        };
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node y = g.apply(cumsum, x.add(1));
        assertEquals("cumsum", y.op().name());
        Tensor out = run(Map.of(x, Tensor.fromRows(new double[] {1, 2, 3}, new double[] {0, -1, 5})), y).get(0);
        assertEquals(Tensor.fromRows(new double[] {2, 5, 9}, new double[] {1, 1, 7}), out);
    }

    // Shared by the OpsForward*Test files.

    static List<Tensor> run(Map<Node, Tensor> feeds, Node... fetches) {
        return new Session(new ParamStore(), 1).run(feeds, fetches);
    }

    /**
     * Elementwise {@code |a - e| <= 1e-300 + rtol * |e|}; NaN must meet NaN, an infinity the same
     * infinity, and a zero's sign must match when {@code rtol} is 0.
     */
    static void assertClose(double[] expected, Tensor actual, double rtol, String what) {
        double[] got = actual.toArray();
        assertEquals(expected.length, got.length, () -> what + ": element count, got " + actual.shape());
        for (int i = 0; i < got.length; i++) {
            double e = expected[i];
            double a = got[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isInfinite(e) || rtol == 0) {
                ok = Double.compare(e, a) == 0 || (rtol > 0 && e == a);
            } else {
                ok = Math.abs(a - e) <= 1e-300 + rtol * Math.abs(e);
            }
            int at = i;
            assertTrue(ok, () -> what + ": element " + at + " is " + a + ", expected " + e);
        }
    }

    static double[] loop2(double[] a, double[] b, DoubleBinaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][c];
        }
        return out;
    }

    private static double[] grid(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i]);
        }
        return out;
    }

    /** erf by its Maclaurin series, fine to 1e-13 for |x| up to 2. */
    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 80; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
