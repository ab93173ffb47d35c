// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A rolling directory of checkpoints, one file per step ({@code step-00000042.ckpt}): saves a step
 * as a new file, keeps the newest few, and finds the newest one that reads back complete.
 *
 * <p>Every save is {@link Checkpoint#save atomic} (temporary file, sync, rename, sync of the
 * directory), so a file named like a checkpoint is always one that a save finished; a save that is
 * killed leaves only a hidden {@code .step-...tmp} file, which is never read. Once {@link #save}
 * returns, that step survives a crash, and pruning never deletes it: pruning runs only after the
 * new file is durable, and only deletes steps older than the one just saved, beyond the newest
 * {@code keep}. {@link #latest} checks whole files (length and checksum), newest step first, and
 * passes over a damaged one with the reason, so a file cut or corrupted outside Nabla costs that
 * step, not the run. Temporary files of saves whose process has died are deleted on the next save.
 *
 * <p>One process saves into a directory at a time; any number may read it.
 *
 * <p>Usage:
 * <pre>{@code
 * CheckpointDirectory ckpts = CheckpointDirectory.open(Path.of("run/checkpoints"), 3);
 * long start = ckpts.restore(store, all).orElse(-1) + 1;   // resume where the last run stopped
 * for (long step = start; step < steps; step++) { train(); ckpts.save(step, store.snapshot(), Map.of()); }
 * }</pre>
 */
public final class CheckpointDirectory {
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,18})\\.ckpt");
    /** The temporary files of {@link Checkpoint#save} for our names: {@code .<name>.<pid>-<hex>.tmp}. */
    private static final Pattern TEMP = Pattern.compile("\\.step-\\d{1,18}\\.ckpt\\.(\\d{1,19})-[0-9a-f]{1,16}\\.tmp");
    /** Rescans when files vanish while they are read, which a concurrent pruning save causes. */
    private static final int SCANS = 3;

    private final Path dir;
    private final int keep;

    /** A checkpoint that read back complete: its step, file, tensors and metadata. */
    public record Saved(long step, Path file, Map<String, Tensor> values, Map<String, String> metadata) {
        /** Requires a step of at least 0 and every other field. */
        public Saved {
            Arguments.requireAtLeast("CheckpointDirectory.Saved", "step", step, 0L);
            Arguments.requireNonNulls("CheckpointDirectory.Saved", "file", file, "values", values, "metadata", metadata);
        }
    }

    /** A file named like a checkpoint that {@link #latest} passed over, and why. */
    public record Skipped(Path file, String reason) {
        /** Requires both fields. */
        public Skipped {
            Arguments.requireNonNulls("CheckpointDirectory.Skipped", "file", file, "reason", reason);
        }
    }

    /**
     * What {@link #latest} found.
     *
     * @param checkpoint the newest checkpoint that reads back complete, or empty if there is none
     * @param skipped the files with newer steps that did not, newest first, each with the reason
     */
    public record Latest(Optional<Saved> checkpoint, List<Skipped> skipped) {
        /** Copies the list. */
        public Latest {
            Arguments.requireNonNull("CheckpointDirectory.Latest", "checkpoint", checkpoint);
            skipped = List.copyOf(Arguments.requireElements("CheckpointDirectory.Latest", "skipped", skipped));
        }
    }

    private CheckpointDirectory(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /**
     * Opens a checkpoint directory, creating it (and its parents) if it does not exist.
     *
     * @param dir the directory
     * @param keep how many of the newest steps each save keeps, at least 1
     * @return the directory
     * @throws CheckpointException if {@code dir} is null, {@code keep} is below 1, or the directory
     *     cannot be created
     */
    public static CheckpointDirectory open(Path dir, int keep) {
        String where = "CheckpointDirectory.open(" + dir + ", keep " + keep + ")";
        if (dir == null || keep < 1) {
            throw new CheckpointException(where + ": " + (dir == null ? "the path is null"
                    : "keep must be at least 1, or the step just saved would be deleted"));
        }
        try {
            return new CheckpointDirectory(Files.createDirectories(dir.toAbsolutePath()), keep);
        } catch (IOException e) {
            throw new CheckpointException(where + ": cannot create the directory: " + e, e);
        }
    }

    /**
     * Returns the directory the checkpoints are written to.
     *
     * @return the directory, absolute
     */
    public Path dir() {
        return dir;
    }

    /**
     * Names a step's file.
     *
     * @param step the step, from 0
     * @return {@code dir/step-<step, zero-padded to 8 digits>.ckpt}
     * @throws CheckpointException if the step is negative or has more than 18 digits
     */
    public Path file(long step) {
        if (step < 0 || step > 999_999_999_999_999_999L) {
            throw new CheckpointException("CheckpointDirectory(" + dir + "): step " + step
                    + " is outside 0 to 10^18 - 1");
        }
        return dir.resolve(String.format("step-%08d.ckpt", step));
    }

    /**
     * Saves a step atomically as its own file (replacing that step's file if it exists), then
     * deletes the steps below it beyond the newest {@code keep}, and the temporary files of
     * saves whose process has died.
     *
     * @param step the step, from 0
     * @param values the tensors by name, such as {@code store.snapshot()}
     * @param metadata string pairs stored alongside
     * @return the step's file
     * @throws CheckpointException as {@link Checkpoint#save(Path, Map, Map)}, or if the step is out
     *     of range; the directory's older checkpoints are then unchanged. A failure to prune
     *     afterwards is not an error: the step is saved, and the next save prunes again
     */
    public Path save(long step, Map<String, Tensor> values, Map<String, String> metadata) {
        Path file = file(step);
        Checkpoint.save(file, values, metadata);
        prune(step);
        return file;
    }

    /**
     * Lists the steps that have a file, without reading the files.
     *
     * @return the steps, ascending
     * @throws CheckpointException if the directory cannot be listed
     */
    public List<Long> steps() {
        return List.copyOf(scan().keySet());
    }

    /**
     * Finds the newest checkpoint that reads back complete, reading whole files newest first.
     *
     * @return that checkpoint, if any, and the newer files that were passed over, with reasons
     * @throws CheckpointException if the directory cannot be listed
     */
    public Latest latest() {
        List<Skipped> skipped = new ArrayList<>();
        for (int attempt = 0; attempt < SCANS; attempt++) {
            skipped.clear();
            boolean vanished = false;
            for (Map.Entry<Long, Path> e : scan().descendingMap().entrySet()) {
                try {
                    CheckpointFormat.Contents c = Checkpoint.open(e.getValue());
                    return new Latest(Optional.of(new Saved(e.getKey(), e.getValue(), c.tensors(), c.metadata())),
                            skipped);
                } catch (CheckpointException ex) {
                    if (ex.getCause() instanceof NoSuchFileException) {
                        vanished = true;  // pruned by a save since the listing; older ones may be gone too
                        break;
                    }
                    skipped.add(new Skipped(e.getValue(), ex.getMessage()));
                }
            }
            if (!vanished) {
                break;
            }
        }
        return new Latest(Optional.empty(), skipped);
    }

    /**
     * Loads the newest complete checkpoint into a store, as {@link Checkpoint#load} does.
     *
     * @param store the store to fill
     * @param expected the params that must be present with these shapes
     * @return the step loaded, or empty if the directory holds no complete checkpoint (the store
     *     is then unchanged)
     * @throws CheckpointException if the newest complete checkpoint does not fit the expected
     *     params (the store is then unchanged), or the directory cannot be listed
     */
    public OptionalLong restore(ParamStore store, Collection<Param> expected) {
        if (store == null || expected == null || expected.stream().anyMatch(p -> p == null)) {
            throw new CheckpointException("CheckpointDirectory.restore(" + dir
                    + "): the store and the expected params must not be or contain null");
        }
        Optional<Saved> found = latest().checkpoint();
        if (found.isEmpty()) {
            return OptionalLong.empty();
        }
        Saved s = found.get();
        Checkpoint.loadInto("CheckpointDirectory.restore(" + s.file() + ")",
                new CheckpointFormat.Contents(s.metadata(), s.values()), store, expected);
        return OptionalLong.of(s.step());
    }

    /**
     * Lists the checkpoint files in the directory, keyed by step.
     *
     * @return the files named like checkpoints, by step
     */
    private TreeMap<Long, Path> scan() {
        TreeMap<Long, Path> steps = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                // Only the exact names file(step) gives: step-000000007.ckpt would otherwise be step 7 twice.
                if (m.matches() && p.equals(file(Long.parseLong(m.group(1))))) {
                    steps.put(Long.parseLong(m.group(1)), p);
                }
            });
        } catch (IOException e) {
            throw new CheckpointException("CheckpointDirectory(" + dir + "): cannot list the directory: " + e, e);
        }
        return steps;
    }

    /**
     * Deletes steps below {@code saved} beyond the newest {@code keep}, and dead saves' temporary
     * files. Never throws: the step is saved by now, and a file that stays only costs space.
     */
    private void prune(long saved) {
        List<Path> doomed;
        try (Stream<Path> files = Files.list(dir)) {
            doomed = files.filter(this::isDeadTemp).collect(Collectors.toCollection(ArrayList::new));
            TreeMap<Long, Path> steps = scan();
            // Steps above the one just saved (a run resumed from an older step) count towards keep,
            // but only older steps are deleted: the newest files are the ones a crash must not take.
            int room = Math.max(0, keep - 1 - steps.tailMap(saved, false).size());
            List<Path> older = new ArrayList<>(steps.headMap(saved, false).descendingMap().values());
            doomed.addAll(older.subList(Math.min(room, older.size()), older.size()));
        } catch (IOException | CheckpointException e) {
            return;
        }
        for (Path p : doomed) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // Left for the next save to try again.
            }
        }
    }

    /** A temporary file whose writer is gone: another live process may still be renaming its own. */
    private boolean isDeadTemp(Path p) {
        Matcher m = TEMP.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
