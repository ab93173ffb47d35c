// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import org.junit.jupiter.api.Test;

/**
 * Image batches {@code [N, C, H, W]} go through data sets and the trainer as any rows do: a
 * training run on 4-D images is the same run, number for number, as on the images flattened to rows.
 */
class ImageBatchesTest {
    /** 40 images [1, 3, 2]: class k (0..2) has a bright column k, plus seeded noise. */
    private static Dataset images() {
        int n = 40;
        Tensor noise = Tensor.randomUniform(5, 0, 0.3, n * 6);
        double[] x = noise.toArray();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            y[i] = k;
            x[i * 6 + k] += 1;
            x[i * 6 + 3 + k] += 1;
        }
        return new Dataset(Tensor.of(Shape.of(n, 1, 2, 3), x), Tensor.of(Shape.of(n), y));
    }

    @Test
    void rowsAndSplitsKeepWholeImages() {
        Dataset d = images();
        Dataset picked = d.rows(new int[] {7, 0, 7});
        assertEquals(Shape.of(3, 1, 2, 3), picked.x().shape());
        double[] all = d.x().toArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 42, 48), java.util.Arrays.copyOfRange(picked.x().toArray(), 0, 6));
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, 6), java.util.Arrays.copyOfRange(picked.x().toArray(), 6, 12));
        assertArrayEquals(new double[] {1, 0, 1}, picked.y().toArray());
        Dataset[] parts = d.stratifiedSplit(0.25, 3);
        assertEquals(Shape.of(30, 1, 2, 3), parts[0].x().shape());
        assertEquals(Shape.of(10, 1, 2, 3), parts[1].x().shape());
        String m = assertThrows(NablaException.class, () -> d.rows(new int[] {40})).getMessage();
        assertTrue(m.contains("Dataset.rows: row 40 is out of range [0, 40)"), m);
    }

    @Test
    void trainingOnImagesIsTrainingOnTheirFlattenedRows() {
        Dataset d = images();
        Dataset flat = new Dataset(d.x().reshape(40, 6), d.y());
        Layer flatten = (x, ctx) -> x.reshape(-1, 6);
        TrainOptions options = TrainOptions.defaults().epochs(5).batchSize(8).seed(9)
                .schedule(Schedule.constant(0.05)).verbosity(TrainOptions.Verbosity.QUIET);
        ParamStore imageStore = new ParamStore();
        Trainer onImages = new Trainer(Sequential.of(flatten, Dense.of(6, 3)), Losses::softmaxCrossEntropy,
                Optimizer.adam(), imageStore);
        History h4 = onImages.fit(d, options);
        ParamStore rowStore = new ParamStore();
        // The same model, whose reshape is a no-op on rows, so both start from the same weights.
        Trainer onRows = new Trainer(Sequential.of(flatten, Dense.of(6, 3)), Losses::softmaxCrossEntropy,
                Optimizer.adam(), rowStore);
        History h2 = onRows.fit(flat, options);
        assertEquals(h2.get("loss"), h4.get("loss"), "the same batches in the same order");
        assertTrue(h4.get("loss").get(4) < h4.get("loss").get(0) / 2, () -> "the loss falls: " + h4.get("loss"));
        Tensor scores = onImages.predict(d.x());
        assertEquals(Shape.of(40, 3), scores.shape());
        assertArrayEquals(onRows.predict(flat.x()).toArray(), scores.toArray());
        assertEquals(1.0, onImages.evaluate(d).get("accuracy"));
    }
}
