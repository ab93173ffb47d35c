// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever the sizes (0, small, huge, past the JVM's array limit), every tensor factory and every
 * op that sums or multiplies sizes either gives exactly the shape asked for or throws the
 * {@link ShapeException} of {@link Shape}'s size rule; never an {@code OutOfMemoryError},
 * {@code NegativeArraySizeException}, {@code ArithmeticException} or a wrapped-around shape.
 */
class ShapeLimitProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_517EL;
    private static final int EXAMPLES = 400;
    /** Legal shapes with more elements are checked without allocating, to spare the test's heap. */
    private static final long ALLOCATED = 1 << 16;

    /** A factory, the dims it makes from the drawn ones (null if it cannot take them), and the call. */
    record Factory(String op, Function<int[], int[]> dimsOf, Function<int[], Tensor> make) {
        static Factory ofDims(String op, Function<int[], Tensor> make) {
            return new Factory(op, d -> d, make);
        }
    }

    private static final List<Factory> FACTORIES = List.of(
            Factory.ofDims("Tensor.zeros", Tensor::zeros),
            Factory.ofDims("Tensor.full", Tensor::ones),
            Factory.ofDims("Tensor.full", d -> Tensor.full(2.5, d)),
            Factory.ofDims("Tensor.randomNormal", d -> Tensor.randomNormal(7, 0, 1, d)),
            Factory.ofDims("Tensor.randomUniform", d -> Tensor.randomUniform(7, -1, 1, d)),
            new Factory("Tensor.linspace", d -> d.length == 1 ? d : null, d -> Tensor.linspace(0, 1, d[0])),
            new Factory("Tensor.eye", d -> d.length == 1 ? new int[] {d[0], d[0]} : null, d -> Tensor.eye(d[0])),
            new Factory("Tensor.fromArray", d -> !productFits(d) || count(d) == 0 ? d : null,
                    d -> Tensor.fromArray(new double[0], d)));

    @Test
    void everyFactoryGivesTheProductOrAShapeException() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.extremeDims(4))
                .checkAssert(drawn -> {
                    for (Factory f : FACTORIES) {
                        int[] d = f.dimsOf().apply(drawn);
                        if (d != null) {
                            String what = f.op() + " of " + Arrays.toString(drawn);
                            givesOrRefuses(f.op(), d, () -> f.make().apply(drawn).shape(), what);
                        }
                    }
                });
    }

    /** Before, an empty tensor reshaped to anything whose product was 0, whatever its other sizes. */
    @Test
    void reshapeOfAnEmptyTensorGivesTheTargetOrAShapeException() {
        Tensor empty = Tensor.zeros(0);
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(Gens.extremeDims(4))
                .checkAssert(d -> {
                    if (productFits(d) && count(d) != 0) {
                        ShapeException e = assertThrows(ShapeException.class, () -> empty.reshape(d));
                        assertTrue(e.getMessage().startsWith("Tensor.reshape: cannot reshape [0]"), e::getMessage);
                    } else {
                        givesOrRefuses("Tensor.reshape", d, () -> empty.reshape(d).shape(), "reshape to " + Arrays.toString(d));
                    }
                });
    }

    /** The padded size is a sum of three ints: before, it could wrap to a small, wrong size. */
    @Test
    void padGivesTheSummedSizeOrAShapeException() {
        Gen<Integer> size = Gens.extremeSizes();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(size, size, size, size)
                .checkAssert((n, other, before, after) -> {
                    Node x = legalInput(n, other);
                    if (x != null) {
                        long[] want = {(long) n + before + after, other};
                        String what = "pad " + x.shape() + " by " + before + " and " + after;
                        givesOrRefuses("pad(", want, () -> Indexing.pad(x, 0, before, after, 0.0).shape(), what);
                    }
                });
    }

    @Test
    void concatGivesTheSummedSizeOrAShapeException() {
        Gen<Integer> size = Gens.extremeSizes();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(size, size, Generate.range(2, 3))
                .checkAssert((n, other, parts) -> {
                    Node x = legalInput(n, other);
                    if (x != null) {
                        Node[] xs = new Node[parts];
                        Arrays.fill(xs, x);
                        long[] want = {(long) n * parts, other};
                        givesOrRefuses("concat(", want, () -> Indexing.concat(0, xs).shape(), parts + " parts of " + x.shape());
                    }
                });
    }

    @Test
    void matmulGivesItsProductShapeOrAShapeException() {
        Gen<Integer> size = Gens.extremeSizes();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(size, size, size)
                .checkAssert((m, k, n) -> {
                    Graph g = new Graph();
                    if (productFits(m, k) && productFits(k, n)) {
                        Node a = g.input("a", m, k);
                        Node b = g.input("b", k, n);
                        givesOrRefuses("matmul(", new long[] {m, n}, () -> a.matmul(b).shape(), a.shape() + "·" + b.shape());
                    }
                });
    }

    /**
     * Asserts that the call gives a shape of exactly the wanted sizes when they obey the rule, or a
     * ShapeException from the op saying so when they do not. Legal shapes too large for the test's
     * heap are checked through {@link Shape#of} alone.
     */
    private static void givesOrRefuses(String op, long[] want, Supplier<Shape> call, String what) {
        if (!productFits(want)) {
            ShapeException e = assertThrows(ShapeException.class, call::get, what);
            assertTrue(e.getMessage().startsWith(op) && e.getMessage().contains("more than Shape.MAX_ELEMENTS = "),
                    () -> what + ": " + e.getMessage());
            return;
        }
        int[] dims = Arrays.stream(want).mapToInt(Math::toIntExact).toArray();
        Shape got = count(want) <= ALLOCATED || op.endsWith("(") ? call.get() : Shape.of(dims);
        assertArrayEquals(dims, got.dims(), what);
        assertEquals(count(want), got.size(), what);
    }

    private static void givesOrRefuses(String op, int[] want, Supplier<Shape> call, String what) {
        givesOrRefuses(op, Arrays.stream(want).asLongStream().toArray(), call, what);
    }

    /** An input of these sizes, or null (after checking its refusal) if they break the rule. */
    private static Node legalInput(int n, int other) {
        Graph g = new Graph();
        if (!productFits(n, other)) {
            assertThrows(ShapeException.class, () -> g.input("x", n, other));
            return null;
        }
        return g.input("x", n, other);
    }

    /** The oracle, in exact arithmetic: the sizes other than 0 multiply to at most the limit. */
    private static boolean productFits(long... dims) {
        BigInteger p = BigInteger.ONE;
        for (long d : dims) {
            p = d == 0 ? p : p.multiply(BigInteger.valueOf(d));
        }
        return p.compareTo(BigInteger.valueOf(Shape.MAX_ELEMENTS)) <= 0;
    }

    private static boolean productFits(int... dims) {
        return productFits(Arrays.stream(dims).asLongStream().toArray());
    }

    /** The element count of sizes that obey the rule. */
    private static long count(long... dims) {
        long c = 1;
        for (long d : dims) {
            c *= d;
        }
        return c;
    }

    private static long count(int... dims) {
        return count(Arrays.stream(dims).asLongStream().toArray());
    }
}
