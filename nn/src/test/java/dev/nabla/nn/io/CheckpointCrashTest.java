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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training run (a child JVM saving step after step into a {@link CheckpointDirectory}) with
 * SIGKILL at a random moment, twenty times over one directory, each run resuming after the last.
 * After every kill: only checkpoints and temporary files are in the directory, every file named
 * like a checkpoint is complete and holds, bit for bit, what was saved for its step, and the
 * newest is at least the last step the child reported saved: a finished save is never lost.
 */
class CheckpointCrashTest {
    private static final int RUNS = 20;
    private static final int MEGABYTES = 4;
    private static final int KEEP = 3;
    private static final long SEED = 20_261_127L;
    private static final int ELEMENTS = MEGABYTES * (1 << 20) / Double.BYTES;

    /** What a child printed before it died. */
    private record Log(long start, long lastSaving, long lastSaved, int saves) {}

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledRunNeverLosesAStepItReportedSaved(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("checkpoints");
        Random rnd = new Random(SEED);
        long newest = 0;  // the newest complete step after the previous run; 0: none yet
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> report = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            // Output to a file, not a pipe: killing a process closes its pipes, and lines in them would be lost.
            Path out = tmp.resolve("child" + run + ".log");
            Process child = start(dir, out);
            // Kill at a moment anchored in the child's output plus a short random delay, so the runs
            // spread over: during the first save, after the first save only, and later, mid-save or
            // between saves. A few milliseconds after "saving" mostly lands in the write or its sync.
            int anchor = rnd.nextInt(4);
            String line = anchor % 2 == 0 ? "saving" : "saved";
            int count = anchor < 2 ? 1 : 2 + rnd.nextInt(3);
            long delay = rnd.nextInt(anchor % 2 == 0 ? 10 : 40);
            await(child, out, line, count);
            Thread.sleep(delay);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            Log log = read(out);
            assertEquals(newest + 1, log.start(), "run " + run + ": the child resumed after the newest complete step");
            long step = checkDirectory(dir, run);
            long mustHave = Math.max(newest, log.lastSaved());
            long mayHave = Math.max(newest, log.lastSaving());
            assertTrue(step >= mustHave && step <= mayHave, "run " + run + ": the newest complete step is " + step
                    + ", but the child reported " + mustHave + " saved and had started saving " + mayHave);
            String kind = kind(log);
            kinds.merge(kind, 1, Integer::sum);
            String pid = "." + child.pid() + "-";
            if (files(dir).stream().anyMatch(p -> p.getFileName().toString().contains(pid))) {
                kinds.merge("with the write itself cut (its temporary file left)", 1, Integer::sum);
            }
            report.add(line + " #" + count + " +" + delay + " ms: " + kind + ", newest " + step);
            newest = step;
        }
        System.out.println("CheckpointCrashTest: " + RUNS + " kills: " + kinds + "; " + report);
        // A save by a live process clears the temporary files of the killed ones and prunes to KEEP.
        CheckpointDirectory ckpts = CheckpointDirectory.open(dir, KEEP);
        ckpts.save(newest + 1, Map.of("after", Tensor.scalar(1)), Map.of());
        List<Long> steps = ckpts.steps();
        assertTrue(steps.size() <= KEEP && steps.get(steps.size() - 1) == newest + 1, "steps " + steps);
        assertEquals(List.of(), files(dir).stream().filter(p -> p.toString().endsWith(".tmp")).toList());
    }

    private static Process start(Path dir, Path out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CheckpointWriterMain.class.getName(),
                dir.toString(), Integer.toString(MEGABYTES), Integer.toString(KEEP))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Waits until the child has printed {@code count} lines {@code "<line> <step>"}. */
    private static void await(Process child, Path out, String line, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(out).stream().filter(l -> l.startsWith(line + " ")).count() < count) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("the child " + (child.isAlive() ? "printed too little in 60 s" : "died") + "; it printed: "
                        + Files.readString(out));
            }
            Thread.sleep(2);
        }
    }

    /** The complete lines printed so far; the piece after the last newline may still be being printed. */
    private static List<String> lines(Path out) throws IOException {
        String[] pieces = Files.readString(out, StandardCharsets.UTF_8).split("\n", -1);
        return Arrays.asList(Arrays.copyOf(pieces, pieces.length - 1));
    }

    private static Log read(Path out) throws IOException {
        long start = -1;
        long saving = 0;
        long saved = 0;
        int saves = 0;
        for (String l : lines(out)) {
            if (l.matches("(start|saving|saved) \\d+")) {
                long step = Long.parseLong(l.substring(l.indexOf(' ') + 1));
                switch (l.substring(0, l.indexOf(' '))) {
                    case "start" -> start = step;
                    case "saving" -> saving = step;
                    default -> {
                        saved = step;
                        saves++;
                    }
                }
            } else {
                fail("the child printed \"" + l + "\"; the whole output: " + Files.readString(out));
            }
        }
        return new Log(start, saving, saved, saves);
    }

    private static String kind(Log log) {
        String when = log.saves() == 0 ? "before any save finished" : log.saves() == 1 ? "after the first save only"
                : "after several saves";
        return when + (log.lastSaving() > log.lastSaved() ? ", mid-save" : ", between saves");
    }

    /**
     * Checks every file, and that the newest complete checkpoint is the newest file named like one.
     *
     * @return the newest complete step, 0 if none
     */
    private static long checkDirectory(Path dir, int run) throws IOException {
        if (!Files.exists(dir)) {
            return 0;  // killed before it even created the directory
        }
        for (Path p : files(dir)) {
            String name = p.getFileName().toString();
            assertTrue(name.matches("step-\\d{8}\\.ckpt|\\.step-\\d{8}\\.ckpt\\.\\d+-[0-9a-f]+\\.tmp"),
                    "run " + run + ": unexpected file " + name);
        }
        CheckpointDirectory ckpts = CheckpointDirectory.open(dir, KEEP);
        List<Long> steps = ckpts.steps();
        // One more than KEEP when the kill came between a save's rename and its pruning.
        assertTrue(steps.size() <= KEEP + 1, "run " + run + ": steps " + steps + " despite keep " + KEEP);
        for (long step : steps) {
            checkSaved(Checkpoint.read(ckpts.file(step)), Checkpoint.metadata(ckpts.file(step)), step);
        }
        CheckpointDirectory.Latest latest = ckpts.latest();
        assertEquals(List.of(), latest.skipped(), "run " + run + ": a file named like a checkpoint is incomplete");
        if (latest.checkpoint().isEmpty()) {
            assertEquals(List.of(), steps);
            return 0;
        }
        CheckpointDirectory.Saved s = latest.checkpoint().get();
        assertEquals(steps.get(steps.size() - 1), s.step());
        checkSaved(s.values(), s.metadata(), s.step());
        return s.step();
    }

    /** Checks that a checkpoint holds exactly, bit for bit, what the child saved at {@code step}. */
    private static void checkSaved(Map<String, Tensor> values, Map<String, String> metadata, long step) {
        assertEquals(Map.of("step", Long.toString(step)), metadata);
        assertEquals(List.of("big", "step"), values.keySet().stream().sorted().toList());
        assertEquals(Double.doubleToRawLongBits(step), Double.doubleToRawLongBits(values.get("step").item()));
        double[] big = values.get("big").toArray();
        assertEquals(ELEMENTS, big.length);
        assertEquals(1, values.get("big").rank());
        for (int i = 0; i < big.length; i++) {
            if (Double.doubleToRawLongBits(big[i]) != CheckpointWriterMain.bits(step, i)) {
                fail(String.format("step %d: element %d has bits %016X, not the saved %016X", step, i,
                        Double.doubleToRawLongBits(big[i]), CheckpointWriterMain.bits(step, i)));
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
