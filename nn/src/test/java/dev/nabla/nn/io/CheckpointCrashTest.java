// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM while it saves checkpoints over one file, several times at random moments,
 * and checks each time that the file is one complete version the child wrote.
 */
class CheckpointCrashTest {
    private static final int MEGABYTES = 20;
    private static final int ROUNDS = 6;
    private static final long SEED = 20_261_126L;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aKilledSaveLeavesThePreviousCheckpointReadable(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("checkpoints"));
        Path file = dir.resolve("model.ckpt");
        Random rnd = new Random(SEED);
        long first = 1;
        int killedMidSave = 0;
        Set<Path> leftovers = new HashSet<>();
        List<String> report = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // The child's output goes to a file, not a pipe: killing a process closes its pipes, and
            // lines still in them would be lost.
            Path log = tmp.resolve("child" + round + ".log");
            Process child = start(file, first, log);
            awaitFirstSave(child, log);
            long delay = rnd.nextInt(600);  // a save takes 100-300 ms here, so most kills land mid-save
            Thread.sleep(delay);
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child did not die");
            long lastSaved = lastSaved(log);
            long step = checkComplete(file);
            // The kill may land between the rename and the print: then the file is one step ahead.
            assertTrue(step >= first && step <= lastSaved + 1,
                    "round " + round + ": the file holds step " + step + ", the child wrote " + first + ".." + lastSaved);
            boolean midSave = leftovers.addAll(others(dir, file));  // a new temporary file: the kill cut a save
            killedMidSave += midSave ? 1 : 0;
            report.add("delay " + delay + " ms: step " + step + " of " + first + ".." + lastSaved
                    + (midSave ? ", killed mid-save" : ""));
            first = lastSaved + 2;  // every round writes versions no earlier round wrote
        }
        System.out.println("CheckpointCrashTest: " + killedMidSave + " of " + ROUNDS + " kills landed mid-save; "
                + report);
        Checkpoint.save(file, Map.of("after", Tensor.scalar(1)), Map.of());  // leftovers do not block saving
        assertEquals(Map.of("after", Tensor.scalar(1)), Checkpoint.read(file));
    }

    private static Process start(Path file, long firstStep, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CheckpointWriterMain.class.getName(),
                file.toString(), Long.toString(firstStep), Integer.toString(MEGABYTES))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitFirstSave(Process child, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lastSaved(log) < 0) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("the child " + (child.isAlive() ? "saved nothing in 30 s" : "died") + "; it printed: "
                        + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** @return the step of the last complete {@code saved <step>} line, or -1 if none */
    private static long lastSaved(Path log) throws IOException {
        long last = -1;
        String[] lines = Files.readString(log, StandardCharsets.UTF_8).split("\n", -1);
        // The last piece follows the last newline: empty, or a line the child is still printing.
        for (String line : Arrays.copyOf(lines, lines.length - 1)) {
            if (line.matches("saved \\d+")) {
                last = Long.parseLong(line.substring("saved ".length()));
            } else if (!line.isEmpty()) {
                fail("the child printed \"" + line + "\" instead of \"saved <step>\"");
            }
        }
        return last;
    }

    /** Reads the file and checks it is exactly the version its step names; returns the step. */
    private static long checkComplete(Path file) {
        Map<String, Tensor> t = Checkpoint.read(file);
        long step = Long.parseLong(Checkpoint.metadata(file).get("step"));
        assertEquals(step, (long) t.get("step").item(), "metadata and tensors come from one save");
        double[] big = t.get("big").toArray();
        assertEquals(MEGABYTES * (1 << 20) / Double.BYTES, big.length);
        for (int i = 0; i < big.length; i++) {
            if (big[i] != CheckpointWriterMain.value(step, i)) {
                fail("step " + step + ": element " + i + " is " + big[i] + ", not " + CheckpointWriterMain.value(step, i));
            }
        }
        return step;
    }

    /** Files next to the checkpoint: only the temporary files of killed saves may be there. */
    private static List<Path> others(Path dir, Path file) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> others = s.filter(p -> !p.equals(file)).toList();
            for (Path p : others) {
                assertTrue(p.getFileName().toString().matches("\\.model\\.ckpt\\.\\d+-[0-9a-f]+\\.tmp"),
                        "unexpected file " + p);
            }
            return others;
        }
    }
}
