// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import static dev.nabla.nn.data.IdxReaderTest.idx;
import static dev.nabla.nn.data.IdxReaderTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST's directory layout and checks, on small stand-in files of the real names and
 * image size; the real files are read by the tests module's FashionMnistDataTest.
 */
class FashionMnistTest {
    @TempDir
    Path dir;

    /** Writes the four files with {@code n} training and {@code m} test images of the given side. */
    private void files(int n, int m, int side, int label, boolean gzip) throws IOException {
        String gz = gzip ? ".gz" : "";
        byte[] pixels = new byte[n * side * side];
        pixels[pixels.length - 1] = (byte) 255;
        write(dir, "train-images-idx3-ubyte" + gz, idx(0x08, new int[] {n, side, side}, pixels), gzip);
        write(dir, "train-labels-idx1-ubyte" + gz, idx(0x08, new int[] {n}, labels(n, label)), gzip);
        write(dir, "t10k-images-idx3-ubyte" + gz, idx(0x08, new int[] {m, side, side}, new byte[m * side * side]), gzip);
        write(dir, "t10k-labels-idx1-ubyte" + gz, idx(0x08, new int[] {m}, labels(m, label)), gzip);
    }

    private static byte[] labels(int n, int last) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 10);
        }
        b[n - 1] = (byte) last;
        return b;
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void theTenClassesInTheirIndexOrder() {
        assertEquals(10, FashionMnist.classes().size());
        assertEquals("T-shirt/top", FashionMnist.classes().get(0));
        assertEquals("Sneaker", FashionMnist.classes().get(7));
        assertEquals("Ankle boot", FashionMnist.classes().get(9));
    }

    @Test
    void readsTheFourFilesGzippedOrPlain() throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            files(12, 5, 28, 9, gzip);
            assertTrue(FashionMnist.available(dir));
            FashionMnist f = FashionMnist.read(dir);
            assertEquals(Shape.of(12, 1, 28, 28), f.train().x().shape());
            assertEquals(Shape.of(5, 1, 28, 28), f.test().x().shape());
            assertEquals(1.0, f.train().x().get(11, 0, 27, 27), "the last pixel is 255");
            assertArrayEquals(new double[] {0, 1, 2, 3, 9}, f.test().y().toArray());
            try (var files = Files.list(dir)) {
                files.forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aMissingDirectoryOrFileSaysHowToGetThem() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        assertFalse(FashionMnist.available(nowhere));
        String m = assertThrows(NablaException.class, () -> FashionMnist.read(nowhere)).getMessage();
        assertContains(m, "FashionMnist.read: no directory " + nowhere, "apt-get install dataset-fashion-mnist",
                "/usr/share/datasets/fashion-mnist", "github.com/zalandoresearch/fashion-mnist", "--data DIR");
        files(12, 5, 28, 9, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertFalse(FashionMnist.available(dir));
        m = assertThrows(NablaException.class, () -> FashionMnist.read(dir)).getMessage();
        assertContains(m, "has no t10k-labels-idx1-ubyte.gz (nor t10k-labels-idx1-ubyte)",
                "apt-get install dataset-fashion-mnist");
    }

    @Test
    void imagesOfAnotherSizeOrALabelBeyondNineAreRefused() throws IOException {
        files(12, 5, 27, 9, true);
        assertContains(assertThrows(NablaException.class, () -> FashionMnist.read(dir)).getMessage(),
                "the train set has inputs [12, 1, 27, 27]", "expected images [N, 1, 28, 28]");
        files(12, 5, 28, 10, true);
        assertContains(assertThrows(NablaException.class, () -> FashionMnist.read(dir)).getMessage(),
                "the train set's label 11 is 10.0", "expected a class index 0..9");
    }
}
