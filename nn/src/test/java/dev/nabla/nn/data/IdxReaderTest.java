// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here byte by byte, plain and gzipped, read back; and every way a file can be wrong. */
class IdxReaderTest {
    @TempDir
    Path dir;

    /** An IDX file: magic {@code 00 00 type rank}, the sizes big-endian, then the given bytes. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt((type << 8) | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] ubytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static Path write(Path dir, String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    private String refusal(Path file) {
        return assertThrows(NablaException.class, () -> IdxReader.read(file)).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
    }

    @Test
    void plainAndGzippedFilesReadToTheSameValuesAndShape() throws IOException {
        byte[] file = idx(0x08, new int[] {2, 3}, ubytes(0, 1, 127, 128, 254, 255));
        for (boolean gzip : new boolean[] {false, true}) {
            // A gzipped file is known by its content: the name here says neither.
            Tensor t = IdxReader.read(write(dir, "values-" + gzip, file, gzip));
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(new double[] {0, 1, 127, 128, 254, 255}, t.toArray(), "gzip " + gzip);
        }
    }

    @Test
    void imagesAndLabelsBecomeOneChannelImagesInZeroOneAndClassIndices() throws IOException {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        Path images = write(dir, "images-idx3-ubyte.gz", idx(0x08, new int[] {3, 2, 4}, pixels), true);
        Path labels = write(dir, "labels-idx1-ubyte", idx(0x08, new int[] {3}, ubytes(9, 0, 4)), false);
        Dataset d = IdxReader.images(images, labels);
        assertEquals(Shape.of(3, 1, 2, 4), d.x().shape());
        assertEquals(Shape.of(3), d.y().shape());
        assertArrayEquals(new double[] {9, 0, 4}, d.y().toArray());
        double[] x = d.x().toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals((i * 11 & 0xFF) / 255.0, x[i], 0.0, "pixel " + i);
        }
        assertEquals(1.0, d.x().get(2, 0, 1, 3) * 255 / 253, 1e-15, "the last pixel, 23 * 11 = 253");
    }

    @Test
    void aMissingFileIsNamed() {
        assertContains(refusal(dir.resolve("absent-idx3-ubyte")), "IdxReader.read(", "absent-idx3-ubyte", "no such file");
    }

    @Test
    void aFileThatIsNotIdxIsRefusedByItsMagicNumber() throws IOException {
        Path text = write(dir, "notes.txt", "hello, world\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
        assertContains(refusal(text), "notes.txt", "magic number 0x68656c6c", "expected 0x000008DD");
    }

    @Test
    void anElementTypeOtherThanUnsignedBytesIsNamed() throws IOException {
        Path floats = write(dir, "floats-idx1", idx(0x0D, new int[] {1}, new byte[4]), true);
        assertContains(refusal(floats), "floats-idx1", "element type 0x0d (32-bit floats)", "only unsigned bytes (0x08)");
        Path odd = write(dir, "odd-idx1", idx(0x07, new int[] {1}, new byte[1]), false);
        assertContains(refusal(odd), "element type 0x07 (not an IDX type)");
    }

    @Test
    void noDimensionsOrTooManyElementsAreRefused() throws IOException {
        assertContains(refusal(write(dir, "rank0", idx(0x08, new int[0], new byte[1]), false)), "rank0",
                "declares 0 dimensions");
        assertContains(refusal(write(dir, "huge", idx(0x08, new int[] {70000, 70000}, new byte[0]), false)), "huge",
                "the sizes [70000, 70000]", "the most one tensor holds");
        assertContains(refusal(write(dir, "negative", idx(0x08, new int[] {-2}, new byte[0]), false)), "negative",
                "size 0 is 4294967294");
    }

    @Test
    void truncatedDataPlainOrGzippedSaysHowMuchWasThere() throws IOException {
        byte[] shortData = idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4));
        for (boolean gzip : new boolean[] {false, true}) {
            assertContains(refusal(write(dir, "short-" + gzip, shortData, gzip)), "short-" + gzip,
                    "truncated", "the sizes [2, 3] call for 6 data bytes, the file ends after 4");
        }
        byte[] whole = idx(0x08, new int[] {2, 3}, ubytes(1, 2, 3, 4, 5, 6));
        assertContains(refusal(write(dir, "header", Arrays.copyOf(whole, 6), false)), "header", "truncated",
                "ends inside its header");
        assertContains(refusal(write(dir, "empty", new byte[0], false)), "empty", "ends inside its header");
        // A gzip stream cut short: the bytes of a valid .gz file without its last third.
        Path gz = write(dir, "whole.gz", idx(0x08, new int[] {64}, new byte[64]), true);
        byte[] zipped = Files.readAllBytes(gz);
        Path cut = write(dir, "cut.gz", Arrays.copyOf(zipped, zipped.length * 2 / 3), false);
        assertContains(refusal(cut), "cut.gz", "truncated", "gzip stream");
    }

    @Test
    void bytesAfterTheDataAreRefused() throws IOException {
        Path longer = write(dir, "longer", idx(0x08, new int[] {2}, ubytes(1, 2, 3)), false);
        assertContains(refusal(longer), "longer", "more bytes than the sizes [2] call for (2)");
    }

    @Test
    void aCorruptGzipStreamIsNamed() throws IOException {
        Path gz = write(dir, "corrupt.gz", idx(0x08, new int[] {256}, new byte[256]), true);
        byte[] zipped = Files.readAllBytes(gz);
        for (int i = 12; i < zipped.length - 8; i++) {
            zipped[i] ^= (byte) 0x5A;
        }
        Files.write(gz, zipped);
        assertContains(refusal(gz), "corrupt.gz");
    }

    @Test
    void imagesAndLabelsMustAgreeInCountAndRank() throws IOException {
        Path images = write(dir, "img", idx(0x08, new int[] {3, 2, 2}, new byte[12]), true);
        Path labels = write(dir, "lab", idx(0x08, new int[] {2}, ubytes(1, 2)), true);
        String m = assertThrows(NablaException.class, () -> IdxReader.images(images, labels)).getMessage();
        assertContains(m, "IdxReader.images", "img holds 3 images", "lab holds 2 labels", "one label per image");
        Path flat = write(dir, "flat", idx(0x08, new int[] {3, 4}, new byte[12]), false);
        assertContains(assertThrows(NablaException.class, () -> IdxReader.images(flat, labels)).getMessage(),
                "flat", "sizes [3, 4]", "expected images [N, height, width]");
        assertContains(assertThrows(NablaException.class, () -> IdxReader.images(images, images)).getMessage(),
                "img", "sizes [3, 2, 2]", "expected labels [N]");
        assertContains(assertThrows(NablaException.class, () -> IdxReader.images(null, labels)).getMessage(),
                "IdxReader.images: images is null");
    }
}
