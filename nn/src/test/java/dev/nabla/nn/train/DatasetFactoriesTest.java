// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.nn.data.Datasets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Data sets made from a caller's arrays and streams: the tensors they hold, and the rows they refuse. */
class DatasetFactoriesTest {
    private static void assertRefused(String part, Executable call) {
        NablaException e = assertThrows(NablaException.class, call);
        assertTrue(e.getMessage().contains(part), () -> "expected \"" + part + "\" in: " + e.getMessage());
    }

    @Test
    void classificationFromArraysHoldsFeaturesAndClassIndices() {
        double[][] x = {{5.1, 3.5}, {6.2, 2.9}, {5.9, 3.0}};
        Dataset d = Dataset.classification(x, new int[] {0, 1, 2});
        assertEquals(Shape.of(3, 2), d.x().shape());
        assertEquals(Shape.of(3), d.y().shape());
        assertArrayEquals(new double[] {5.1, 3.5, 6.2, 2.9, 5.9, 3.0}, d.x().toArray());
        assertArrayEquals(new double[] {0, 1, 2}, d.y().toArray());
        x[0][0] = 99;
        assertEquals(5.1, d.x().get(0, 0), "copied, not shared");
        float[][] f = {{0.1f, 2.5f}, {1e-3f, -4f}};
        Dataset widened = Dataset.classification(f, new int[] {1, 0});
        assertArrayEquals(new double[] {0.1f, 2.5f, 1e-3f, -4f}, widened.x().toArray(), "float values, exactly");
    }

    @Test
    void regressionFromArraysKeepsTargetRows() {
        Dataset d = Dataset.regression(new double[][] {{0}, {0.5}}, new double[][] {{1, 2}, {1.6, 3}});
        assertEquals(Shape.of(2, 2), d.y().shape());
        assertArrayEquals(new double[] {1, 2, 1.6, 3}, d.y().toArray());
        Dataset f = Dataset.regression(new float[][] {{0.25f}, {0.5f}}, new double[][] {{1}, {2}});
        assertEquals(Shape.of(2, 1), f.x().shape());
        assertEquals(Shape.of(2, 1), f.y().shape());
    }

    @Test
    void streamsOfRowsPutTheLabelOrTargetsLast() {
        Dataset c = Dataset.classificationRows(Stream.of(new double[] {1, 2, 0}, new double[] {3, 4, 1}));
        assertArrayEquals(new double[] {1, 2, 3, 4}, c.x().toArray());
        assertArrayEquals(new double[] {0, 1}, c.y().toArray());
        assertEquals(Shape.of(2), c.y().shape());
        Dataset r = Dataset.regressionRows(Stream.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}), 2);
        assertEquals(Shape.of(2, 1), r.x().shape());
        assertArrayEquals(new double[] {2, 3, 5, 6}, r.y().toArray());
    }

    @Test
    void theIrisRowsRebuildTheShippedSet() {
        Dataset iris = Datasets.iris();
        double[] x = iris.x().toArray();
        double[] y = iris.y().toArray();
        Dataset rebuilt = Dataset.classificationRows(IntStream.range(0, iris.size()).mapToObj(i ->
                new double[] {x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3], y[i]}));
        assertArrayEquals(x, rebuilt.x().toArray());
        assertArrayEquals(y, rebuilt.y().toArray());
        Dataset[] split = rebuilt.stratifiedSplit(0.25, 42);
        Dataset[] shipped = iris.stratifiedSplit(0.25, 42);
        assertArrayEquals(shipped[1].x().toArray(), split[1].x().toArray(), "the same split from the same seed");
    }

    @Test
    void raggedRowsAndMismatchedLengthsAreRefusedByRow() {
        assertRefused("Dataset.classification: row 2 has 1 features, row 0 has 2",
                () -> Dataset.classification(new double[][] {{1, 2}, {3, 4}, {5}}, new int[] {0, 1, 0}));
        assertRefused("x has 2 rows but labels has 3",
                () -> Dataset.classification(new double[][] {{1}, {2}}, new int[] {0, 1, 0}));
        assertRefused("row 1 has the label -1.0",
                () -> Dataset.classification(new double[][] {{1}, {2}}, new int[] {0, -1}));
        assertRefused("x[1] is null", () -> Dataset.classification(new double[][] {{1}, null}, new int[] {0, 1}));
        assertRefused("row 1, feature 0 is NaN",
                () -> Dataset.classification(new double[][] {{1}, {Double.NaN}}, new int[] {0, 1}));
        assertRefused("x has 1 rows but targets has 2",
                () -> Dataset.regression(new double[][] {{1}}, new double[][] {{1}, {2}}));
        assertRefused("row 1 has 2 targets, row 0 has 1",
                () -> Dataset.regression(new double[][] {{1}, {2}}, new double[][] {{1}, {2, 3}}));
        assertRefused("row 0, target 0 is Infinity",
                () -> Dataset.regression(new double[][] {{1}}, new double[][] {{Double.POSITIVE_INFINITY}}));
        assertRefused("no rows", () -> Dataset.classification(new double[0][], new int[0]));
        assertRefused("the rows have no features", () -> Dataset.classification(new double[][] {{}}, new int[] {0}));
    }

    @Test
    void badStreamRowsAreRefusedByRow() {
        assertRefused("Dataset.classificationRows: row 1 has 3 features, row 0 has 2",
                () -> Dataset.classificationRows(Stream.of(new double[] {1, 2, 0}, new double[] {3, 4, 5, 1})));
        assertRefused("row 1 has the label 0.5",
                () -> Dataset.classificationRows(Stream.of(new double[] {1, 0}, new double[] {3, 0.5})));
        assertRefused("row 0 has 1 values; expected the features then 1 class index, at least 2 values",
                () -> Dataset.classificationRows(Stream.of(new double[] {1})));
        assertRefused("row 1 is null", () -> Dataset.classificationRows(Stream.of(new double[] {1, 0}, null)));
        assertRefused("no rows", () -> Dataset.classificationRows(Stream.empty()));
        assertRefused("targets must be at least 1, got 0",
                () -> Dataset.regressionRows(Stream.of(new double[] {1, 2}), 0));
        assertRefused("row 0 has 2 values; expected the features then 2 target(s), at least 3 values",
                () -> Dataset.regressionRows(Stream.of(new double[] {1, 2}), 2));
    }
}
