// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointDirectoryTest {
    @TempDir
    Path tmp;

    /** Distinct values per step, with a NaN payload and -0.0 that only a bit-exact round trip keeps. */
    private static Map<String, Tensor> values(long step) {
        double nan = Double.longBitsToDouble(0x7ff8_0000_0000_0000L | step);
        return Map.of("w", Tensor.fromArray(new double[] {step, -0.0, nan, step / 3.0}, 2, 2));
    }

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savesOneFilePerStepKeepsTheNewestAndFindsTheLatest() throws IOException {
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp.resolve("a/b"), 3);  // created with its parents
        assertTrue(ckpts.latest().checkpoint().isEmpty());
        for (long step = 0; step <= 5; step++) {
            Path file = ckpts.save(step, values(step), Map.of("step", Long.toString(step)));
            assertEquals(ckpts.file(step), file);
        }
        assertEquals(List.of(3L, 4L, 5L), ckpts.steps());
        assertEquals(List.of("step-00000003.ckpt", "step-00000004.ckpt", "step-00000005.ckpt"), names(ckpts.dir()));
        CheckpointDirectory.Latest latest = ckpts.latest();
        assertEquals(List.of(), latest.skipped());
        CheckpointDirectory.Saved s = latest.checkpoint().orElseThrow();
        assertEquals(5, s.step());
        assertEquals(ckpts.file(5), s.file());
        assertEquals(Map.of("step", "5"), s.metadata());
        assertArrayEquals(bits(values(5).get("w")), bits(s.values().get("w")));
        // Another handle on the same directory, as a resumed process would open it, sees the same.
        assertEquals(5, CheckpointDirectory.open(tmp.resolve("a/b"), 1).latest().checkpoint().orElseThrow().step());
    }

    @Test
    void strayTemporaryFilesAndDamagedCheckpointsAreSkippedWithTheReason() throws IOException {
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp, 10);
        ckpts.save(1, values(1), Map.of());
        ckpts.save(2, values(2), Map.of());
        byte[] two = Files.readAllBytes(ckpts.file(2));
        // What a killed save leaves, and what other programs might put there.
        Files.write(tmp.resolve(".step-00000009.ckpt.4242-1f.tmp"), Arrays.copyOf(two, 100));
        Files.write(ckpts.file(3), Arrays.copyOf(two, two.length - 1));
        Files.writeString(ckpts.file(4), "garbage, not a checkpoint");
        Files.createDirectory(ckpts.file(5));
        Files.write(tmp.resolve("step-7.ckpt"), two);  // not a name this directory writes
        Files.write(tmp.resolve("notes.txt"), two);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ckpts.steps());
        CheckpointDirectory.Latest latest = ckpts.latest();
        assertEquals(2, latest.checkpoint().orElseThrow().step());
        List<CheckpointDirectory.Skipped> skipped = latest.skipped();
        assertEquals(List.of(ckpts.file(5), ckpts.file(4), ckpts.file(3)),
                skipped.stream().map(CheckpointDirectory.Skipped::file).toList());
        assertTrue(skipped.get(0).reason().contains("cannot read"), skipped.get(0).reason());
        assertTrue(skipped.get(1).reason().contains("not a Nabla checkpoint"), skipped.get(1).reason());
        assertTrue(skipped.get(2).reason().contains("truncated at byte " + (two.length - 1)), skipped.get(2).reason());
        assertTrue(skipped.get(2).reason().contains(ckpts.file(3).toString()), "the reason names the file");
    }

    @Test
    void aSaveDeletesTheTemporaryFilesOfDeadSavesOnly() throws IOException {
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp, 2);
        long self = ProcessHandle.current().pid();
        long dead = 4_000_000_000L;  // above any Linux pid_max; no such process
        Path ours = Files.writeString(tmp.resolve(".step-00000001.ckpt." + self + "-abc.tmp"), "a save in progress");
        Path stale = Files.writeString(tmp.resolve(".step-00000001.ckpt." + dead + "-abc.tmp"), "a killed save");
        Path foreign = Files.writeString(tmp.resolve(".other.ckpt." + dead + "-abc.tmp"), "not ours to delete");
        ckpts.save(1, values(1), Map.of());
        assertTrue(Files.exists(ours) && Files.exists(foreign));
        assertTrue(Files.notExists(stale));
    }

    @Test
    void savingAnOlderStepKeepsTheNewerOnesAndDeletesOnlyOlderOnes() {
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp, 2);
        ckpts.save(10, values(10), Map.of());
        ckpts.save(2, values(2), Map.of());
        ckpts.save(3, values(3), Map.of());
        assertEquals(List.of(3L, 10L), ckpts.steps(), "step 3, just saved, and the newer step 10 stay");
        assertEquals(10, ckpts.latest().checkpoint().orElseThrow().step());
        ckpts.save(3, values(4), Map.of("again", "yes"));  // replaces the step atomically
        assertEquals(Map.of("again", "yes"), Checkpoint.metadata(ckpts.file(3)));
    }

    @Test
    void restoreLoadsTheLatestIntoAStoreOrReportsThereIsNone() {
        Layer model = Sequential.of(Dense.of(3, 4), Dense.of(4, 2));
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp, 2);
        ParamStore fresh = new ParamStore();
        assertEquals(OptionalLong.empty(), ckpts.restore(fresh, model.params()));
        ParamStore trained = Params.initialize(model, new ParamStore(), 7);
        ckpts.save(4, trained.snapshot(), Map.of());
        assertEquals(OptionalLong.of(4), ckpts.restore(fresh, model.params()));
        for (String name : trained.snapshot().keySet()) {
            assertArrayEquals(bits(trained.get(name)), bits(fresh.get(name)), name);
        }
        Layer other = Sequential.of(Dense.of(3, 5), Dense.of(5, 2));
        ParamStore store = Params.initialize(other, new ParamStore(), 8);
        Map<String, Tensor> before = store.snapshot();
        String m = assertThrows(CheckpointException.class, () -> ckpts.restore(store, other.params())).getMessage();
        assertTrue(m.contains(ckpts.file(4).toString()) && m.contains("does not fit the model"), m);
        assertSame(before, store.snapshot(), "a failed restore changes nothing");
    }

    @Test
    void aTrainerSavesEveryEpochThroughACallbackAndARestoreGetsTheWholeState() {
        Layer model = Dense.of(2, 1);
        ParamStore store = new ParamStore();
        Trainer trainer = new Trainer(model, Losses::mse, Optimizer.adam(), store);
        Dataset data = new Dataset(Tensor.randomNormal(1, 0, 1, 16, 2), Tensor.randomNormal(2, 0, 1, 16, 1));
        // As in README's Training section.
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp.resolve("run"), 2);
        long start = ckpts.restore(store, model.params()).orElse(-1) + 1;
        trainer.fit(data, TrainOptions.defaults().epochs(3).batchSize(8).verbosity(TrainOptions.Verbosity.QUIET)
                .callback((epoch, logs, control) -> ckpts.save(start + epoch, store.snapshot(), Map.of())));
        assertEquals(List.of(1L, 2L), ckpts.steps());
        List<Param> all = new ArrayList<>(model.params());
        all.addAll(Optimizer.adam().state(model.params()));
        ParamStore resumed = new ParamStore();
        assertEquals(OptionalLong.of(2), ckpts.restore(resumed, all));
        assertEquals(store.snapshot().keySet(), resumed.snapshot().keySet());
        for (String name : store.snapshot().keySet()) {
            assertArrayEquals(bits(store.get(name)), bits(resumed.get(name)), name);
        }
    }

    @Test
    void badArgumentsAreRefusedClearly() throws IOException {
        assertThrows(CheckpointException.class, () -> CheckpointDirectory.open(null, 3));
        String m = assertThrows(CheckpointException.class, () -> CheckpointDirectory.open(tmp, 0)).getMessage();
        assertTrue(m.contains("keep must be at least 1"), m);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        m = assertThrows(CheckpointException.class, () -> CheckpointDirectory.open(file, 1)).getMessage();
        assertTrue(m.contains("cannot create the directory"), m);
        CheckpointDirectory ckpts = CheckpointDirectory.open(tmp, 1);
        m = assertThrows(CheckpointException.class, () -> ckpts.save(-1, values(1), Map.of())).getMessage();
        assertTrue(m.contains("step -1 is outside"), m);
        assertThrows(CheckpointException.class, () -> ckpts.save(1, null, Map.of()));
        assertThrows(CheckpointException.class, () -> ckpts.restore(null, List.of()));
        assertEquals(List.of(), ckpts.steps(), "failed saves leave nothing behind");
    }
}
