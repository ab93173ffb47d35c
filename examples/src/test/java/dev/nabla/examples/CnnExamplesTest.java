// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static dev.nabla.examples.EvaluationExamplesTest.assertPicture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.nn.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two CNN examples in quick mode: their numbers against bars a quick run reaches, their
 * figures, and cnn-fashion without its files. The full runs' targets (0.985 median on the digits,
 * 0.91 on Fashion-MNIST) are measured by running the examples, not here.
 */
class CnnExamplesTest {
    /** Names Fashion-MNIST's directory and makes the test on it required (as in the tests module). */
    private static final String REQUIRED = "NABLA_FASHION_MNIST";

    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    private ExampleRun quick(Path dir, Path data) {
        return new ExampleRun(dir, 42, true, new PrintStream(report, true, StandardCharsets.UTF_8), data);
    }

    private String text() {
        return report.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSmallCnnOnTheDigitsImagesIsAccurateOnHeldOutDigits(@TempDir Path dir) throws IOException {
        CnnDigitsExample.Result r = CnnDigitsExample.compute(quick(dir, null));
        assertEquals(1, r.accuracies().length, "one seed in quick mode");
        assertEquals(451, r.confusion().total(), "the held-out 25% of each digit, as in the digits example");
        assertEquals(r.accuracies()[0], r.confusion().accuracy());
        assertTrue(r.median() >= 0.97, () -> "held-out accuracy " + r.median() + " after the quick run's 12 epochs");
        assertTrue(text().contains("median over 1 seed: "), text());
        assertPicture(r.filtersPng());
        assertPicture(r.confusionPng());
    }

    @Test
    void theFashionCnnLearnsFromAQuickEpoch(@TempDir Path dir) throws IOException {
        String named = System.getenv(REQUIRED);
        Path data = named == null || named.isBlank() ? FashionMnist.DEBIAN_DIRECTORY : Path.of(named);
        if (named == null || named.isBlank()) {
            assumeTrue(FashionMnist.available(data), () -> "Fashion-MNIST is not installed, so this test is skipped; "
                    + FashionMnist.howToGet());
        }
        CnnFashionExample.Result r = CnnFashionExample.compute(quick(dir, data));
        assertTrue(r.found(), () -> REQUIRED + "=" + named + " requires the files: " + text());
        assertEquals(3000, r.trainSize());
        assertEquals(1, r.accuracy().length);
        assertEquals(1000, r.confusion().total());
        assertTrue(r.accuracy()[0] >= 0.65, () -> "test accuracy " + r.accuracy()[0] + " after one epoch on 3000 images");
        assertTrue(r.seconds()[0] > 0);
        assertTrue(text().contains("ms per image") && text().contains(CnnFashionExample.cpu()), text());
        assertPicture(r.filtersPng());
        assertPicture(r.confusionPng());
    }

    @Test
    void withoutTheFilesTheFashionExampleSaysHowToGetThemAndSucceeds(@TempDir Path dir) {
        Path nowhere = dir.resolve("no-fashion-here");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Examples.run(new String[] {"cnn-fashion", "--quick", "--out", dir.resolve("out").toString(),
                "--data", nowhere.toString()}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("Fashion-MNIST is not in " + nowhere), out);
        assertTrue(out.contains("apt-get install dataset-fashion-mnist") && out.contains("--data DIR"), out);
        assertFalse(out.contains("FAILED"), out);
    }
}
