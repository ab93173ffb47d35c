// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalog of checkpoints: a file from another model, a cut file, a file that is not
 * a checkpoint. Each is a {@link CheckpointException} naming the file and what is wrong, and a
 * failed load leaves the store as it was. {@link CheckpointTest} tests every byte-level damage.
 */
class CheckpointBadInputTest {
    @TempDir
    Path dir;

    private static CheckpointException says(Executable call, String... fragments) {
        Throwable e = assertThrows(Throwable.class, call);
        assertSame(CheckpointException.class, e.getClass(), () -> "expected CheckpointException but got " + e);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "\"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
        return (CheckpointException) e;
    }

    private Path savedModel(Layer model) {
        Path file = dir.resolve("model.ckpt");
        Checkpoint.save(file, Params.initialize(model, new ParamStore(), 1));
        return file;
    }

    @Test
    void aCheckpointOfAnotherModel() {
        Path file = savedModel(Sequential.of(Dense.of(3, 8), Dense.of(8, 2)));
        Layer wider = Sequential.of(Dense.of(3, 16), Dense.of(16, 2));
        ParamStore store = new ParamStore();
        says(() -> Checkpoint.load(file, store, wider.params()), "Checkpoint.load(" + file + "): the checkpoint does not fit the model",
                "param \"dense_1/W\" has shape [3, 16] in the model but [3, 8] in the checkpoint", "nothing was loaded");
        Layer deeper = Sequential.of(Dense.of(3, 8), Dense.of(8, 2), Dense.of(2, 1));
        says(() -> Checkpoint.load(file, store, deeper.params()), "param \"dense_3/W\" [2, 1] is missing",
                "the checkpoint holds [dense_1/W, dense_1/b, dense_2/W, dense_2/b]");
        assertTrue(store.snapshot().isEmpty(), "a failed load must leave the store unchanged");
    }

    @Test
    void aTruncatedCheckpoint() throws IOException {
        Path file = savedModel(Dense.of(2, 2));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
        says(() -> Checkpoint.read(file), "Checkpoint.read(" + file + "): truncated at byte " + (bytes.length - 9),
                "the save that wrote it did not finish, or the file was cut");
        Files.write(file, new byte[0]);
        says(() -> Checkpoint.read(file), "the file is empty");
    }

    @Test
    void aFileThatIsNotACheckpoint() throws IOException {
        Path csv = dir.resolve("weights.csv");
        Files.writeString(csv, "w,1.0,2.0\n");
        says(() -> Checkpoint.load(csv, new ParamStore(), Dense.of(2, 2).params()), "Checkpoint.read(" + csv + "): not a Nabla checkpoint",
                "where a checkpoint starts with 89 4E 41 42 4C 41 0D 0A");
        says(() -> Checkpoint.read(dir.resolve("missing.ckpt")), "missing.ckpt): no such file");
        says(() -> Checkpoint.read(dir), "Checkpoint.read(" + dir + "): cannot read");
    }

    @Test
    void savingNullsOrIntoAMissingDirectory() {
        Path nowhere = dir.resolve("no/such/dir/model.ckpt");
        says(() -> Checkpoint.save(nowhere, new ParamStore().put("w", Tensor.ones(1))), "directory", "does not exist; create it first");
        says(() -> Checkpoint.save(dir.resolve("m.ckpt"), (ParamStore) null), "the store is null");
        says(() -> Checkpoint.save(dir.resolve("m.ckpt"), Map.of(" ", Tensor.ones(1)), Map.of()), "a value has a blank name");
    }
}
