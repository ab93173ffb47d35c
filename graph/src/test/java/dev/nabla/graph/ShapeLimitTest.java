// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static dev.nabla.graph.BadInputTest.says;
import static dev.nabla.graph.BadInputTest.thrown;
import static dev.nabla.graph.BadInputTest.thrownHere;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * Sizes no array can hold are refused when the shape is made, by the one rule in {@link Shape}:
 * by tensor factories, by every op whose output shape is computed from its operands', and before
 * a run for a shape that only the fed batch size makes too large. Also the seeded random
 * factories' parameter checks, shared with the graph's random ops.
 */
class ShapeLimitTest {
    private static final int MAX = Integer.MAX_VALUE;
    private static final String LIMIT = "more than Shape.MAX_ELEMENTS = 2147483639, the longest array the JVM allocates";

    @Test
    void theLimitIsTheJdksSoftMaximumArrayLength() {
        assertEquals(Integer.MAX_VALUE - 8, Shape.MAX_ELEMENTS);
        assertEquals(Shape.MAX_ELEMENTS, Shape.of(Shape.MAX_ELEMENTS).size());
        assertEquals(Shape.MAX_ELEMENTS, Shape.of(1, Shape.MAX_ELEMENTS, 1).size());
        ShapeException e = thrown(ShapeException.class, () -> Shape.of(Shape.MAX_ELEMENTS + 1));
        says(e, "shape [2147483640]: 2147483640 elements, " + LIMIT);
    }

    @Test
    void zerosOfIntegerMaxValueIsAShapeErrorNotAnOutOfMemoryError() {
        ShapeException e = thrown(ShapeException.class, () -> Tensor.zeros(MAX));
        says(e, "Tensor.zeros: shape [2147483647]: 2147483647 elements, " + LIMIT);
        e = thrown(ShapeException.class, () -> Tensor.ones(MAX - 2));
        says(e, "Tensor.full: shape [2147483645]: 2147483645 elements");
        e = thrown(ShapeException.class, () -> Tensor.linspace(0, 1, MAX));
        says(e, "Tensor.linspace: shape [2147483647]: 2147483647 elements");
        e = thrown(ShapeException.class, () -> Tensor.arange(0, MAX, 1));
        says(e, "Tensor.arange: [0.0, 2.147483647E9) in steps of 1.0 has 2.147483647E9 elements, " + LIMIT);
        e = thrown(ShapeException.class, () -> Tensor.eye(65536));
        says(e, "Tensor.eye: shape [65536, 65536]: 4294967296 elements");
    }

    /** The pair: an empty shape is judged by its non-zero sizes, wherever the zero stands. */
    @Test
    void anEmptyShapeIsRefusedInEveryOrderOfItsSizes() {
        for (int[] dims : new int[][] {{0, 65536, 65536}, {65536, 65536, 0}, {65536, 0, 65536}}) {
            ShapeException e = thrown(ShapeException.class, () -> Tensor.zeros(dims));
            says(e, "Tensor.zeros: shape " + Arrays.toString(dims) + ": its non-zero sizes multiply to 4294967296, " + LIMIT);
        }
        // 46340^2 = 2147395600 fits, so an empty shape with these sizes is a tensor of no elements.
        assertEquals(0, Tensor.zeros(46340, 0, 46340).size());
        assertEquals(0, Tensor.zeros(0, 46340, 46340).size());
        ShapeException e = thrown(ShapeException.class, () -> Shape.of(Shape.UNKNOWN, 65536, 65536));
        says(e, "shape [?, 65536, 65536]: its known sizes multiply to 4294967296");
        e = thrown(ShapeException.class, () -> Shape.of(Shape.UNKNOWN, 0, 65536, 65536));
        says(e, "shape [?, 0, 65536, 65536]: its sizes other than 0 and ? multiply to 4294967296");
    }

    /** Before, 3 + 2 * MAX_VALUE wrapped around to 1 and made a [2, 1] node. */
    @Test
    void padWithWidthsNearIntegerMaxValueIsRefusedNotWrapped() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.pad(x, 1, MAX, MAX, 0.0));
        says(e, "pad(\"x\" [2, 3]): shape [2, 4294967297]: 8589934594 elements, " + LIMIT);
        e = thrownHere(ShapeException.class, () -> Indexing.pad(x, 0, MAX - 1, 0, 0.0));
        says(e, "pad(\"x\" [2, 3]): shape [2147483648, 3]: 6442450944 elements");
        Node y = g.input("y", 1);
        assertEquals(Shape.of(Shape.MAX_ELEMENTS), Indexing.pad(y, 0, Shape.MAX_ELEMENTS - 2, 1, 0.0).shape());
    }

    /** Before, the product 0 matched the empty operand, whatever the other sizes. */
    @Test
    void reshapeOfAnEmptyTensorToSizesWhoseProductOverflowsALongIsRefused() {
        Tensor empty = Tensor.zeros(0);
        ShapeException e = thrown(ShapeException.class, () -> empty.reshape(0, MAX, MAX, MAX));
        says(e, "Tensor.reshape: shape [0, 2147483647, 2147483647, 2147483647]: its non-zero sizes multiply to "
                + "9903520300447984150353281023, " + LIMIT);
        Node x = new Graph().input("x", 0);
        e = thrownHere(ShapeException.class, () -> x.reshape(0, MAX, MAX, MAX));
        says(e, "reshape(\"x\" [0]): shape [0, 2147483647, 2147483647, 2147483647]: its non-zero sizes multiply to");
        e = thrownHere(ShapeException.class, () -> x.reshape(Shape.UNKNOWN, MAX, MAX));
        says(e, "reshape(\"x\" [0]): shape [?, 2147483647, 2147483647]: its known sizes multiply to 4611686014132420609");
    }

    /** Before, the joined size was summed in int: four parts of 2^30 came to 0. */
    @Test
    void concatWhoseJoinedSizeOverflowsIsRefusedBeforeAnyPad() {
        Graph g = new Graph();
        Node a = g.input("a", 1 << 30);
        ShapeException e = thrownHere(ShapeException.class, () -> Indexing.concat(0, a, a, a, a));
        says(e, "concat(\"a\" [1073741824], \"a\" [1073741824], \"a\" [1073741824], \"a\" [1073741824]): "
                + "shape [4294967296]: 4294967296 elements, " + LIMIT);
        Node b = g.input("b", 32768, 40000);
        e = thrownHere(ShapeException.class, () -> Indexing.concat(0, b, b));
        says(e, "concat(\"b\" [32768, 40000], \"b\" [32768, 40000]): shape [65536, 40000]: 2621440000 elements");
    }

    @Test
    void opsWhoseOutputShapeIsTooLargeAreRefusedWhenBuilt() {
        Graph g = new Graph();
        Node col = g.input("col", 65536, 1);
        Node row = g.input("row", 1, 65536);
        String tooMany = "shape [65536, 65536]: 4294967296 elements, " + LIMIT;
        ShapeException e = thrownHere(ShapeException.class, () -> col.matmul(row));
        says(e, "matmul(\"col\" [65536, 1], \"row\" [1, 65536]): " + tooMany);
        Node batch = g.input("batch", 65536, 2, 1);
        e = thrownHere(ShapeException.class, () -> batch.matmul(row));
        says(e, "matmul(\"batch\" [65536, 2, 1], \"row\" [1, 65536]): shape [65536, 2, 65536]");
        e = thrownHere(ShapeException.class, () -> col.expand(65536, 65536));
        says(e, "expand(\"col\" [65536, 1]): " + tooMany);
        e = thrownHere(ShapeException.class, () -> col.add(row));
        says(e, "add(\"col\" [65536, 1], \"row\" [1, 65536]): " + tooMany);
        Node labels = g.input("labels", 65536);
        e = thrownHere(ShapeException.class, () -> Indexing.oneHot(labels, 65536));
        says(e, "one_hot(\"labels\" [65536]): " + tooMany);
        e = thrownHere(ShapeException.class, () -> Indexing.gather(col, labels, 1));
        says(e, "gather(\"col\" [65536, 1], \"labels\" [65536]): " + tooMany);
        e = thrownHere(ShapeException.class, () -> Randoms.uniform(g, 0, 1, 7, 65536, 65536));
        says(e, "random_uniform(): " + tooMany);
        e = thrownHere(ShapeException.class, () -> g.param("w", 65536, 65536));
        says(e, "param \"w\": " + tooMany);
    }

    /** A batch known only at run time is checked when the plan lays out its shapes, before any kernel. */
    @Test
    void aShapeOnlyTheFedBatchMakesTooLargeIsRefusedBeforeTheRun() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 1);
        Node y = x.expand(Shape.UNKNOWN, 65536);
        Session s = new Session(new ParamStore());
        assertArrayEquals(new int[] {2, 65536}, s.run(Map.of(x, Tensor.ones(2, 1)), y).get(0).shape().dims());
        EvaluationException e = thrown(EvaluationException.class, () -> s.run(Map.of(x, Tensor.ones(65536, 1)), y));
        says(e, "with the fed shapes [[65536, 1]]: shape [65536, 65536]: 4294967296 elements, " + LIMIT);
    }

    /** Before, rows * cols wrapped to 0 and the copy failed with an IndexOutOfBoundsException. */
    @Test
    void fromRowsOfTooManyElementsIsRefusedBeforeCopying() {
        double[][] rows = new double[65536][];
        Arrays.fill(rows, new double[65536]);
        ShapeException e = thrown(ShapeException.class, () -> Tensor.fromRows(rows));
        says(e, "Tensor.fromRows: shape [65536, 65536]: 4294967296 elements, " + LIMIT);
    }

    @Test
    void randomNormalRefusesANegativeNaNOrInfiniteStdAndANonFiniteMean() {
        ShapeException e = thrownHere(ShapeException.class, () -> Tensor.randomNormal(1, 0, -1, 2));
        says(e, "Tensor.randomNormal: mean 0.0 and std -1.0 must be finite with std >= 0");
        e = thrownHere(ShapeException.class, () -> Tensor.randomNormal(1, 0, Double.NaN, 2));
        says(e, "Tensor.randomNormal: mean 0.0 and std NaN must be finite with std >= 0");
        e = thrownHere(ShapeException.class, () -> Tensor.randomNormal(1, 0, Double.POSITIVE_INFINITY, 2));
        says(e, "Tensor.randomNormal: mean 0.0 and std Infinity must be finite with std >= 0");
        e = thrownHere(ShapeException.class, () -> Tensor.randomNormal(1, Double.NaN, 1, 2));
        says(e, "Tensor.randomNormal: mean NaN and std 1.0 must be finite with std >= 0");
        e = thrownHere(ShapeException.class, () -> Tensor.randomNormal(1, Double.NEGATIVE_INFINITY, 1, 2));
        says(e, "Tensor.randomNormal: mean -Infinity and std 1.0");
        assertEquals(Tensor.full(3.0, 2, 2), Tensor.randomNormal(1, 3, 0, 2, 2));
    }

    @Test
    void randomUniformRefusesLowAboveHighAndNonFiniteBounds() {
        ShapeException e = thrownHere(ShapeException.class, () -> Tensor.randomUniform(1, 1, 0, 2));
        says(e, "Tensor.randomUniform: low 1.0 and high 0.0 must be finite with low <= high");
        e = thrownHere(ShapeException.class, () -> Tensor.randomUniform(1, Double.NaN, 1, 2));
        says(e, "Tensor.randomUniform: low NaN and high 1.0 must be finite with low <= high");
        e = thrownHere(ShapeException.class, () -> Tensor.randomUniform(1, 0, Double.POSITIVE_INFINITY, 2));
        says(e, "Tensor.randomUniform: low 0.0 and high Infinity");
        e = thrownHere(ShapeException.class, () -> Tensor.randomUniform(1, Double.NEGATIVE_INFINITY, 0, 2));
        says(e, "Tensor.randomUniform: low -Infinity and high 0.0");
        assertEquals(Tensor.full(0.5, 3), Tensor.randomUniform(1, 0.5, 0.5, 3));
    }

    /** One check for both: the factory's refusal is the graph op's, word for word. */
    @Test
    void seededFactoriesRefuseInTheWordsOfTheGraphsRandomOps() {
        Graph g = new Graph();
        ShapeException op = thrown(ShapeException.class, () -> Randoms.uniform(g, 2, 1, 7, 3));
        ShapeException factory = thrown(ShapeException.class, () -> Tensor.randomUniform(7, 2, 1, 3));
        assertEquals(withoutSite(op).replace("random_uniform", "Tensor.randomUniform"), withoutSite(factory));
    }

    /** Sharing the graph op's sampler kept the factories' numbers: a Well19937c of the long seed, as before. */
    @Test
    void seededFactoriesDrawTheSameNumbersAsBefore() {
        RandomGenerator normal = new Well19937c(42L);
        RandomGenerator uniform = new Well19937c(42L);
        double[] n = new double[5];
        double[] u = new double[5];
        for (int i = 0; i < 5; i++) {
            n[i] = 1 + 2 * normal.nextGaussian();
            u[i] = -1 + 4 * uniform.nextDouble();
        }
        assertEquals(Tensor.fromArray(n, 5), Tensor.randomNormal(42, 1, 2, 5));
        assertEquals(Tensor.fromArray(u, 5), Tensor.randomUniform(42, -1, 3, 5));
    }

    private static String withoutSite(Throwable e) {
        return e.getMessage().substring(0, e.getMessage().lastIndexOf(" (at "));
    }
}
