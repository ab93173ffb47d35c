// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.FloatMath;
import dev.nabla.graph.op.BinaryFn;
import dev.nabla.graph.op.Compare;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * float32 graphs: tensors keep their type, feeds are converted, params must match, and every
 * elementwise op gives the float64 result rounded once, bit for bit, except exp, tanh, sigmoid and
 * erf, which compute in float (FloatMath) within 1 ulp of it.
 */
class Float32Test {
    private static final int N = 70_000; // above two chunks, so the parallel path runs too

    @Test
    void aFloat32TensorKeepsItsValuesAndType() {
        Tensor t = Tensor.fromFloats(new float[] {1.5f, 0.1f, -2f, 3f}, 2, 2);
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals((double) 0.1f, t.get(0, 1));
        assertEquals(DType.FLOAT32, t.reshape(4).dtype());
        assertEquals(t, t.to(DType.FLOAT64).to(DType.FLOAT32), "widening is exact, so the round trip is too");
        assertNotEquals(t, t.to(DType.FLOAT64), "equal values of different types are different tensors");
        assertSame(t, t.to(DType.FLOAT32));
        assertEquals((float) 0.1, Tensor.fromArray(new double[] {0.1}).to(DType.FLOAT32).item());
        assertTrue(t.toString().endsWith("dtype=float32"), t.toString());
        assertEquals("[1.5 2. ]", Tensor.fromArray(new double[] {1.5, 2}).toString().replace("  ", " "));
    }

    /**
     * The rows computed in float arithmetic at float32 speed (FloatMath), not through float64: they
     * are held to 1 ulp of the rounded float64 result instead of its bits.
     */
    private static final Map<UnaryFn, Elementwise.NativeFloat1> FLOAT_NATIVE = Map.of(
            UnaryFn.EXP, FloatMath::exp, UnaryFn.TANH, FloatMath::tanh, UnaryFn.SIGMOID, FloatMath::sigmoid,
            UnaryFn.ERF, FloatMath::erf);

    @Test
    void everyOtherUnaryOpIsTheFloat64ResultRoundedOnce() {
        float[] x = sample(1);
        for (UnaryFn fn : UnaryFn.values()) {
            if (!FLOAT_NATIVE.containsKey(fn)) {
                assertRoundedOnce(fn.name(), List.of(x), in -> Ops.unary(fn, in.get(0)));
            }
        }
    }

    /** exp, tanh, sigmoid and erf: FloatMath's bits, within 1 ulp of the float64 result rounded. */
    @Test
    void theFloatNativeOpsAreFloatMathWithinOneUlpOfTheRoundedFloat64Result() {
        float[] x = sample(1);
        for (Map.Entry<UnaryFn, Elementwise.NativeFloat1> row : FLOAT_NATIVE.entrySet()) {
            Function<List<Node>, Node> op = in -> Ops.unary(row.getKey(), in.get(0));
            double[] wide = run(DType.FLOAT64, List.of(x), op).toArray();
            double[] narrow = run(DType.FLOAT32, List.of(x), op).toArray();
            int differ = 0;
            for (int i = 0; i < x.length; i++) {
                float got = (float) narrow[i];
                float want = (float) wide[i];
                String where = row.getKey() + "(" + x[i] + "f) = " + got;
                assertEquals(Float.floatToIntBits(row.getValue().apply(x[i])), Float.floatToIntBits(got), where + ", not FloatMath's");
                boolean bothNaN = Float.isNaN(want) && Float.isNaN(got);
                assertTrue(bothNaN || want == got || Math.nextUp(want) == got || Math.nextDown(want) == got,
                        where + ", more than 1 ulp from the rounded float64 result " + want);
                differ += Float.floatToIntBits(want) != Float.floatToIntBits(got) ? 1 : 0;
            }
            assertTrue(differ > 0, row.getKey() + " gave the rounded float64 bits everywhere: is it computing in float64?");
        }
    }

    @Test
    void everyBinaryOpAndComparisonIsTheFloat64ResultRoundedOnce() {
        float[] a = sample(2);
        float[] b = sample(3);
        for (BinaryFn fn : BinaryFn.values()) {
            assertRoundedOnce(fn.name(), List.of(a, b), in -> Ops.binary(fn, in.get(0), in.get(1)));
        }
        for (Compare.Fn fn : Compare.Fn.values()) {
            assertRoundedOnce(fn.name(), List.of(a, b), in -> Ops.compare(fn, in.get(0), in.get(1)));
        }
        assertRoundedOnce("where", List.of(a, b, sample(4)), in -> Ops.where(in.get(0), in.get(1), in.get(2)));
    }

    @Test
    void copiesAndReductionsAreTheFloat64ResultRoundedOnce() {
        float[] x = sample(5);
        assertRoundedOnce("sum", List.of(x), in -> in.get(0).reshape(N / 7, 7).sum(1));
        assertRoundedOnce("max", List.of(x), in -> in.get(0).reshape(N / 7, 7).max(0));
        // The float32 reductions read floats and sum in float64 in the float64 loop's order.
        assertRoundedOnce("sum over rows", List.of(x), in -> in.get(0).reshape(N / 7, 7).sum(0));
        assertRoundedOnce("sum of all", List.of(x), in -> in.get(0).sum());
        assertRoundedOnce("max over a row", List.of(x), in -> in.get(0).reshape(N / 7, 7).max(1));
        assertRoundedOnce("sum over a middle axis", List.of(x), in -> in.get(0).reshape(N / 70, 10, 7).sum(1));
        assertRoundedOnce("max over two axes", List.of(x), in -> in.get(0).reshape(N / 70, 10, 7).max(0, 2));
        float[] finite = sample(6);
        for (int i = 0; i < N; i++) {
            finite[i] = Float.isFinite(finite[i]) ? Math.min(Math.max(finite[i], -1e30f), 1e30f) : 1f;
        }
        assertRoundedOnce("sum of finite values", List.of(finite), in -> in.get(0).reshape(N / 7, 7).sum(0));
        double[] rows = {3, 0, 9_999, 3, 17};
        Function<Node, Node> ids = x0 -> x0.graph().constant(Tensor.of(Shape.of(rows.length), rows));
        assertRoundedOnce("gather", List.of(x), in -> Indexing.gather(in.get(0).reshape(N / 7, 7), ids.apply(in.get(0)), 0));
        double[] classes = {3, 0, 6, 3, 5};
        assertRoundedOnce("one_hot", List.of(x), in -> Indexing.oneHot(
                in.get(0).graph().constant(Tensor.of(Shape.of(classes.length), classes)), 7)
                .add(Indexing.gather(in.get(0).reshape(N / 7, 7), ids.apply(in.get(0)), 0)));
        assertRoundedOnce("transpose", List.of(x), in -> Ops.transpose(in.get(0).reshape(N / 7, 7)));
        assertRoundedOnce("expand", List.of(x), in -> Ops.expand(in.get(0).reshape(1, N), 3, N));
        assertRoundedOnce("slice", List.of(x), in -> Indexing.slice(in.get(0), 0, 5, 900));
        assertRoundedOnce("pad", List.of(x), in -> Indexing.pad(in.get(0), 0, 2, 3, 0.1));
        assertRoundedOnce("stop_gradient", List.of(x), in -> Ops.stopGradient(in.get(0)));
    }

    @Test
    void feedsAreConvertedAndConstantsHeldInTheGraphsType() {
        Graph g = new Graph(DType.FLOAT32);
        Node x = g.input("x", 3);
        Node y = x.mul(0.1).add(g.constant(Tensor.fromArray(new double[] {1e-9, 0.2, 3})));
        assertEquals(DType.FLOAT32, y.dtype());
        Tensor got = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(new double[] {1, 2, 3})), y).get(0);
        assertEquals(DType.FLOAT32, got.dtype());
        float[] want = {1f * 0.1f + 1e-9f, 2f * 0.1f + 0.2f, 3f * 0.1f + 3f};
        assertEquals(Tensor.fromFloats(want, 3), got);
    }

    @Test
    void aParamOfTheWrongTypeIsNamedAtTheRun() {
        Graph g = new Graph(DType.FLOAT32);
        Node w = g.param("w", 2, 2);
        ParamStore store = new ParamStore().put("w", Tensor.ones(2, 2));
        EvaluationException e = assertThrows(EvaluationException.class, () -> new Session(store).run(Map.of(), w.square()));
        assertTrue(e.getMessage().contains("param \"w\"") && e.getMessage().contains("float32")
                && e.getMessage().contains("float64") && e.getMessage().contains("to(DType.FLOAT32)"), e.getMessage());
        store.put("w", Tensor.ones(2, 2).to(DType.FLOAT32));
        assertEquals(Tensor.ones(2, 2).to(DType.FLOAT32), new Session(store).run(Map.of(), w.square()).get(0));
    }

    @Test
    void aConstantOfAnotherTypeCannotEnterThroughApply() {
        Graph g = new Graph(DType.FLOAT32);
        NablaException e = assertThrows(NablaException.class,
                () -> g.apply(new Leaf.Constant(Tensor.ones(2)), List.of()));
        assertTrue(e.getMessage().contains("float64 value") && e.getMessage().contains("float32 graph"), e.getMessage());
    }

    @Test
    void updatesStayFloat32AndRunsRepeatBitForBit() {
        Graph g = new Graph(DType.FLOAT32);
        Node x = g.input("x", 4, 3);
        Node w = g.param("w", 3, 2);
        Node loss = x.matmul(w).tanh().sum();
        ParamStore store = new ParamStore().put("w", Tensor.randomNormal(1, 0, 1, 3, 2).to(DType.FLOAT32));
        Plan step = new Session(store).compile(List.of(loss), Map.of(w, w.sub(w.mul(0.01))));
        Tensor batch = Tensor.randomNormal(2, 0, 1, 4, 3);
        Tensor first = step.run(Map.of(x, batch)).get(0);
        assertEquals(DType.FLOAT32, store.get("w").dtype());
        Tensor second = step.run(Map.of(x, batch)).get(0);
        assertNotEquals(first, second, "the update must have changed w");
        ParamStore again = new ParamStore().put("w", Tensor.randomNormal(1, 0, 1, 3, 2).to(DType.FLOAT32));
        Plan replay = new Session(again).compile(List.of(loss), Map.of(w, w.sub(w.mul(0.01))));
        assertEquals(first, replay.run(Map.of(x, batch)).get(0));
        assertEquals(second, replay.run(Map.of(x, batch)).get(0));
    }

    /** The op in a float32 graph against the same op in a float64 graph, rounded: equal bits. */
    private static void assertRoundedOnce(String what, List<float[]> inputs, Function<List<Node>, Node> op) {
        Tensor wide = run(DType.FLOAT64, inputs, op);
        Tensor narrow = run(DType.FLOAT32, inputs, op);
        assertEquals(DType.FLOAT32, narrow.dtype(), what);
        double[] w = wide.toArray();
        double[] f = narrow.toArray();
        for (int i = 0; i < w.length; i++) {
            float want = (float) w[i];
            if (Float.floatToIntBits(want) != Float.floatToIntBits((float) f[i])) {
                throw new AssertionError(what + ": element " + i + " is " + f[i] + ", the float64 result "
                        + w[i] + " rounds to " + want);
            }
        }
    }

    private static Tensor run(DType type, List<float[]> inputs, Function<List<Node>, Node> op) {
        Graph g = new Graph(type);
        List<Node> xs = new java.util.ArrayList<>();
        Map<Node, Tensor> feeds = new java.util.HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Node x = g.input("x" + i, N);
            xs.add(x);
            feeds.put(x, Tensor.fromFloats(inputs.get(i), N).to(type));
        }
        return new Session(new ParamStore()).threads(2).run(feeds, op.apply(xs)).get(0);
    }

    /** Floats of every kind: ordinary, tiny, huge, subnormal, signed zeros, infinities, NaN, ties. */
    private static float[] sample(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 88.7f, -103.9f, 0.5f, 20f};
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = switch (i % 4) {
                case 0 -> special[r.nextInt(special.length)];
                case 1 -> (float) r.nextDouble(-5, 5);
                case 2 -> (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-40, 39)));
                default -> (float) r.nextInt(-3, 4);
            };
        }
        return x;
    }
}
