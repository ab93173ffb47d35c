// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Layer;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.FashionMnist;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST files, read by {@link FashionMnist}: counts, shapes, the class histogram,
 * the pixel scale, and a short training run of a small CNN whose loss falls. Nabla does not ship the files, so
 * without them the test is skipped, unless {@value #REQUIRED} names their directory: then it is
 * required, and missing files fail it ({@code .ci/run} installs Debian's package and sets it).
 */
class FashionMnistDataTest {
    /** The environment variable that names the files' directory and makes this test required. */
    static final String REQUIRED = "NABLA_FASHION_MNIST";

    private static FashionMnist data;

    @BeforeAll
    static void read() {
        data = FashionMnist.read(directory());
    }

    @AfterAll
    static void release() {
        data = null;
    }

    /** The directory the variable names (whose files must be there), else Debian's when it is installed. */
    static Path directory() {
        String named = System.getenv(REQUIRED);
        if (named != null && !named.isBlank()) {
            Path dir = Path.of(named);
            assertTrue(FashionMnist.available(dir), () -> REQUIRED + "=" + named + " requires the Fashion-MNIST"
                    + " files there, and they are missing; " + FashionMnist.howToGet());
            return dir;
        }
        assumeTrue(FashionMnist.available(FashionMnist.DEBIAN_DIRECTORY), () -> "Fashion-MNIST is not installed,"
                + " so this test is skipped; " + FashionMnist.howToGet() + ", or set " + REQUIRED + "=DIR to require it");
        return FashionMnist.DEBIAN_DIRECTORY;
    }

    private static int[] histogram(Dataset d) {
        int[] counts = new int[10];
        for (double y : d.y().toArray()) {
            counts[(int) y]++;
        }
        return counts;
    }

    @Test
    void sixtyThousandTrainingAndTenThousandTestImagesBalancedOverTenClasses() {
        assertEquals(Shape.of(60_000, 1, 28, 28), data.train().x().shape());
        assertEquals(Shape.of(60_000), data.train().y().shape());
        assertEquals(Shape.of(10_000, 1, 28, 28), data.test().x().shape());
        assertEquals(Shape.of(10_000), data.test().y().shape());
        int[] six = new int[10];
        Arrays.fill(six, 6000);
        assertArrayEquals(six, histogram(data.train()));
        int[] one = new int[10];
        Arrays.fill(one, 1000);
        assertArrayEquals(one, histogram(data.test()));
        // The published statistics of the training pixels scaled to [0, 1]: mean 0.2860, deviation 0.3530.
        double[] x = data.train().x().toArray();
        double sum = 0;
        double squares = 0;
        double min = 1;
        double max = 0;
        for (double v : x) {
            sum += v;
            squares += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / x.length;
        double std = Math.sqrt(squares / x.length - mean * mean);
        assertEquals(0.2860, mean, 5e-4);
        assertEquals(0.3530, std, 5e-4);
        assertEquals(0.0, min);
        assertEquals(1.0, max);
    }

    @Test
    void oneEpochOnTwoThousandImagesLowersTheLoss() {
        Dataset train = data.train().rows(IntStream.range(0, 2000).toArray());
        Dataset test = data.test().rows(IntStream.range(0, 1000).toArray());
        Layer model = Sequential.of(Conv2d.of(1, 8, 5, 1, 2), Activation.of("relu", Activations::relu),
                MaxPool2d.of(2), Flatten.of(), Dense.of(8 * 14 * 14, 10));
        Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), new ParamStore());
        double before = trainer.evaluate(test).get("loss");
        trainer.fit(train, TrainOptions.defaults().epochs(1).batchSize(32).seed(1)
                .schedule(Schedule.constant(1e-3)).verbosity(TrainOptions.Verbosity.QUIET));
        var after = trainer.evaluate(test);
        System.out.printf("Fashion-MNIST, a small CNN, 1 epoch on 2000 images: held-out loss %.3f -> %.3f, accuracy %.3f%n",
                before, after.get("loss"), after.get("accuracy"));
        assertTrue(before > 2.0, () -> "an untrained model is near chance, ln 10 = 2.30; got " + before);
        assertTrue(after.get("loss") < 0.6 * before, () -> "loss " + before + " -> " + after.get("loss"));
        assertTrue(after.get("accuracy") > 0.6, () -> "accuracy " + after.get("accuracy") + " after one epoch");
        Tensor scores = trainer.predict(test.x());
        assertEquals(Shape.of(1000, 10), scores.shape());
    }
}
