// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that returned survives a power cut: its bytes are synced before the rename makes them the
 * checkpoint, and the directory is synced after it, so the rename itself is on disk.
 * {@link CheckpointCrashTest} kills saving processes, which shows the rename is atomic, but the
 * operating system still holds what a killed process wrote, so it cannot see a missing sync.
 */
class CheckpointDurabilityTest {
    @TempDir
    Path dir;

    /** "temp" for a save's temporary file (which must sit beside the target), "dir", or the file name. */
    private String label(Path p) {
        Path abs = p.toAbsolutePath();
        if (abs.equals(dir.toAbsolutePath())) {
            return "dir";
        }
        String name = abs.getFileName().toString();
        boolean beside = abs.getParent().equals(dir.toAbsolutePath());
        return beside && name.startsWith(".model.ckpt.") && name.endsWith(".tmp") ? "temp" : name;
    }

    @Test
    void aSaveWritesSyncsRenamesAtomicallyThenSyncsTheDirectory() {
        Path file = dir.resolve("model.ckpt");
        Map<String, Tensor> values = Map.of("dense_1/W", Tensor.arange(6).reshape(2, 3));
        List<String> expected = List.of(
                "write temp",
                "force(true) temp",
                "move temp -> model.ckpt [ATOMIC_MOVE, REPLACE_EXISTING]",
                "force(true) dir");
        for (int save = 0; save < 2; save++) {  // the second replaces the first
            RecordingDisk disk = new RecordingDisk(this::label);
            Checkpoint.save(file, values, Map.of("step", Integer.toString(save)), disk);
            assertEquals(expected, disk.events(), "save " + save);
            assertEquals(Integer.toString(save), Checkpoint.metadata(file).get("step"));
        }
        assertEquals(values, Checkpoint.read(file));
        assertEquals(List.of(file), list());
    }

    private List<Path> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
