// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.optim.Optimizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** A NaN with a payload that doubleToLongBits would fold into the canonical NaN. */
    private static final double ODD_NAN = Double.longBitsToDouble(0x7ff8_0000_0000_0123L);

    private static Map<String, Tensor> odd() {
        Map<String, Tensor> m = new HashMap<>();
        m.put("dense_1/W", Tensor.fromArray(new double[] {Double.NaN, ODD_NAN, -0.0, 0.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE}, 2, 4));
        m.put("adam/count", Tensor.scalar(-0.0));
        m.put("empty", Tensor.zeros(0));
        m.put("empty/3d", Tensor.zeros(2, 0, 3));
        m.put("σ/βeta ünicode", Tensor.arange(5));
        return m;
    }

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static void assertBitEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k).shape(), actual.get(k).shape(), k);
            assertArrayEquals(bits(expected.get(k)), bits(actual.get(k)), k);
        }
    }

    private static Layer model(int hidden) {
        return Sequential.of(Dense.of(3, hidden), Dense.of(hidden, 2));
    }

    /** The model's params and Adam's state for them: what a trainer saves. */
    private static List<Param> allParams(Layer model) {
        List<Param> all = new ArrayList<>(model.params());
        all.addAll(Optimizer.adam().state(model.params()));
        return all;
    }

    private static ParamStore filled(Layer model, long seed) {
        ParamStore store = Params.initialize(model, new ParamStore(), seed);
        for (Param p : Optimizer.adam().state(model.params())) {
            store.put(p.name(), Tensor.randomNormal(seed + p.name().hashCode(), 0, 1, p.shape().dims()));
        }
        return store;
    }

    private Path saved(Map<String, Tensor> values) {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, values, Map.of("step", "12"));
        return file;
    }

    /** Runs a load that must fail, and checks it changed nothing and named the file. */
    private static CheckpointException failsAndChangesNothing(Path file, ParamStore store, List<Param> expected) {
        Map<String, Tensor> before = store.snapshot();
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(file, store, expected));
        assertSame(before, store.snapshot(), "a failed load must not commit anything");
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void roundTripKeepsEveryBitScalarsAndEmptyTensors() {
        Path file = saved(odd());
        assertBitEqual(odd(), Checkpoint.read(file));
        assertEquals(Map.of("step", "12"), Checkpoint.metadata(file));
        ParamStore store = new ParamStore().put("unrelated", Tensor.scalar(1));
        Checkpoint.load(file, store, List.of());
        assertBitEqual(odd(), Map.of("dense_1/W", store.get("dense_1/W"), "adam/count", store.get("adam/count"),
                "empty", store.get("empty"), "empty/3d", store.get("empty/3d"), "σ/βeta ünicode", store.get("σ/βeta ünicode")));
        assertTrue(store.contains("unrelated"), "values the file does not hold stay");
    }

    @Test
    void emptyValuesOfEitherTypeComeBackEmptyInTheStoresType() {
        Path file = dir.resolve("empty.ckpt");
        Tensor narrow = Tensor.zeros(0, 3).to(DType.FLOAT32);
        Checkpoint.save(file, new ParamStore().put("narrow", narrow).put("wide", Tensor.zeros(4, 0)));
        ParamStore fresh = new ParamStore().put("narrow", Tensor.zeros(0, 3).to(DType.FLOAT32));
        Checkpoint.load(file, fresh, List.of(Param.of("wide", Shape.of(4, 0), Init.zeros())));
        assertEquals(narrow, fresh.get("narrow"));
        assertEquals(Tensor.zeros(4, 0), fresh.get("wide"));
    }

    @Test
    void aModelWithItsOptimizerStateComesBackIntoAFreshStore() throws IOException {
        Layer model = model(4);
        ParamStore store = filled(model, 7);
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, store);
        Checkpoint.save(file, store.snapshot(), Map.of("epoch", "3"));  // over the old one
        ParamStore fresh = new ParamStore();
        assertEquals(Map.of("epoch", "3"), Checkpoint.load(file, fresh, allParams(model)));
        assertBitEqual(store.snapshot(), fresh.snapshot());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aModelOfAnotherShapeIsRefusedNamingTheParamAndBothShapes() {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, filled(model(4), 7));
        Layer other = model(5);
        ParamStore store = filled(other, 8);
        String m = failsAndChangesNothing(file, store, allParams(other)).getMessage();
        assertTrue(m.contains("\"dense_1/W\" has shape [3, 5] in the model but [3, 4] in the checkpoint"), m);
        assertTrue(m.contains("nothing was loaded"), m);
    }

    @Test
    void aMissingParamIsRefusedByName() {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, Params.initialize(model(4), new ParamStore(), 1));  // no optimizer state
        ParamStore store = filled(model(4), 2);
        String m = failsAndChangesNothing(file, store, allParams(model(4))).getMessage();
        assertTrue(m.matches(".*param \"dense_1/W/\\w+\" \\[3, 4] is missing.*"), m);
    }

    @Test
    void aTruncatedFileIsRefusedAtEveryCut() throws IOException {
        byte[] whole = Files.readAllBytes(saved(odd()));
        ParamStore store = new ParamStore().put("dense_1/W", Tensor.zeros(2, 4));
        for (int cut : new int[] {0, 1, 7, 8, 12, 19, 20, 21, 40, whole.length / 2, whole.length - 4, whole.length - 1}) {
            Path file = dir.resolve("cut" + cut + ".ckpt");
            Files.write(file, Arrays.copyOf(whole, cut));
            String m = failsAndChangesNothing(file, store, List.of()).getMessage();
            assertTrue(m.contains("truncated at byte " + cut), m);
        }
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        byte[] whole = Files.readAllBytes(saved(odd()));
        ParamStore store = new ParamStore().put("dense_1/W", Tensor.zeros(2, 4));
        for (int at : new int[] {20, 24, 30, whole.length / 2, whole.length - 5, whole.length - 1}) {
            byte[] bad = whole.clone();
            bad[at] ^= 0x10;
            Path file = Files.write(dir.resolve("flip" + at + ".ckpt"), bad);
            String m = failsAndChangesNothing(file, store, List.of()).getMessage();
            assertTrue(m.contains("checksum mismatch"), m);
        }
    }

    @Test
    void aDamagedHeaderIsRefusedClearly() throws IOException {
        byte[] whole = Files.readAllBytes(saved(odd()));
        long length = ByteBuffer.wrap(whole).getLong(12);
        Map<String, java.util.function.Consumer<ByteBuffer>> damage = Map.of(
                "not a Nabla checkpoint: it starts with 09 4E", b -> b.put(0, (byte) 0x09),
                "not a Nabla checkpoint: it starts with 89 4E 41 42 4C C1", b -> b.put(5, (byte) 0xC1),
                "format version 17, but this Nabla reads only version 1", b -> b.putInt(8, 17),
                "format version -2147483647 does not exist", b -> b.putInt(8, 0x80000001),
                "truncated at byte " + whole.length + " of the " + (whole.length + 64), b -> b.putLong(12, length + 64),
                "8 bytes follow the checksum", b -> b.putLong(12, length - 8),
                "negative length", b -> b.putLong(12, -5));
        for (Map.Entry<String, java.util.function.Consumer<ByteBuffer>> e : damage.entrySet()) {
            byte[] bad = whole.clone();
            e.getValue().accept(ByteBuffer.wrap(bad));
            Path file = Files.write(dir.resolve("head.ckpt"), bad);
            String m = failsAndChangesNothing(file, new ParamStore(), List.of()).getMessage();
            assertTrue(m.contains(e.getKey()), m);
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedClearly() throws IOException {
        byte[] bytes = Files.readAllBytes(saved(odd()));
        ByteBuffer.wrap(bytes).putInt(8, Checkpoint.FORMAT_VERSION + 1);
        resealChecksum(bytes);  // a well-formed file from a newer Nabla, not a corrupted one
        Path file = Files.write(dir.resolve("v2.ckpt"), bytes);
        String m = failsAndChangesNothing(file, new ParamStore(), List.of()).getMessage();
        assertTrue(m.contains("format version 2, but this Nabla reads only version 1"), m);
    }

    @Test
    void aMalformedFileWithAValidChecksumGivesAClearErrorNotACrash() throws IOException {
        byte[] name = "w".getBytes(StandardCharsets.UTF_8);
        // Claims 10^8 elements (800 MB) with no data, an empty shape no array could back, a negative
        // rank, then a count beyond the file.
        Map<String, byte[]> contents = Map.of(
                "needs 800000000 bytes of data", content(0, 1, name.length, name, 1, 100_000_000),
                "its non-zero sizes multiply to 4294967296", content(0, 1, name.length, name, 3, 0, 65536, 65536),
                "has rank -3", content(0, 1, name.length, name, -3),
                "the count of tensors", content(0, Integer.MAX_VALUE),
                "declares 1000 bytes", content(0, 1, 1000, 0, 0),
                "remain after the last tensor", content(0, 0, 0));
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            Path file = Files.write(dir.resolve("bad.ckpt"), e.getValue());
            String m = failsAndChangesNothing(file, new ParamStore(), List.of()).getMessage();
            assertTrue(m.contains("malformed") && m.contains(e.getKey()), m);
        }
    }

    @Test
    void missingFilesAndOtherFilesAreRefusedClearly() throws IOException {
        Path none = dir.resolve("none.ckpt");
        String m = failsAndChangesNothing(none, new ParamStore(), List.of()).getMessage();
        assertTrue(m.contains("no such file"), m);
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a checkpoint at all");
        m = assertThrows(CheckpointException.class, () -> Checkpoint.read(text)).getMessage();
        assertTrue(m.contains("not a Nabla checkpoint: it starts with 68 65 6C 6C 6F 2C 20 74"), m);
        assertThrows(CheckpointException.class, () -> Checkpoint.read(dir), "a directory");
        assertThrows(CheckpointException.class, () -> Checkpoint.read(null));
    }

    @Test
    void aFailedSaveLeavesThePreviousCheckpointAndNoTemporaryFile() throws IOException {
        Path file = saved(odd());
        byte[] before = Files.readAllBytes(file);
        Map<String, Tensor> withNull = new HashMap<>(odd());
        withNull.put("null", null);
        Path target = Files.createDirectory(dir.resolve("taken.ckpt"));
        Files.writeString(target.resolve("inside"), "x");
        List<Runnable> failing = List.of(
                () -> Checkpoint.save(file, withNull, Map.of()),
                () -> Checkpoint.save(file, Map.of(" ", Tensor.scalar(1)), Map.of()),
                () -> Checkpoint.save(file, odd(), null),
                () -> Checkpoint.save(file, Map.of("bad\uD800name", Tensor.scalar(1)), Map.of()),
                () -> Checkpoint.save(dir.resolve("missing/model.ckpt"), odd(), Map.of()),
                () -> Checkpoint.save(target, odd(), Map.of()));  // the rename onto a directory fails
        for (Runnable r : failing) {
            NablaException e = assertThrows(CheckpointException.class, r::run);
            assertFalse(e.getMessage().isBlank());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList());
        }
    }

    /** Content of a file with the given ints, byte arrays spliced in, under a valid header and checksum. */
    private static byte[] content(Object... parts) {
        ByteBuffer body = ByteBuffer.allocate(4096);
        for (Object p : parts) {
            if (p instanceof Integer i) {
                body.putInt(i);
            } else {
                body.put((byte[]) p);
            }
        }
        int len = body.position();
        ByteBuffer file = ByteBuffer.allocate(24 + len);
        file.put(new byte[] {(byte) 0x89, 'N', 'A', 'B', 'L', 'A', '\r', '\n'}).putInt(1).putLong(len);
        file.put(body.array(), 0, len);
        byte[] bytes = file.array();
        resealChecksum(bytes);
        return bytes;
    }

    private static void resealChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
