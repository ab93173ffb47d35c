// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Param;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Saves and loads the whole state of a model (params, optimizer state, batch-norm statistics: all
 * that a {@link ParamStore} holds) in a versioned, checksummed binary file.
 *
 * <p>A save is atomic: it writes a temporary file in the same directory, syncs it to disk and
 * renames it over the target, so a crash at any moment leaves either the previous checkpoint or
 * the new one, both complete. A killed save may leave a {@code .<name>.<pid>-<random>.tmp} file
 * behind; it is never read and may be deleted. A load checks the format version, the checksum,
 * the length and every expected param's name and shape before it changes the store, then puts all
 * values in one step; on any error the store is unchanged. Every error is a
 * {@link CheckpointException} naming the file and what is wrong.
 *
 * <p>The file (format version {@value #FORMAT_VERSION}, big-endian): an 8-byte magic
 * {@code 89 4E 41 42 4C 41 0D 0A}, the int32 version, the int64 length of the content, the
 * content (the metadata pairs, then each tensor's UTF-8 name, rank, dims and raw float64 bits,
 * sorted by name), and a CRC32C of everything before it. Values come back bit for bit: NaN
 * payloads, {@code -0.0} and infinities included.
 *
 * <p>Usage:
 * <pre>{@code
 * List<Param> all = new ArrayList<>(model.params());
 * all.addAll(optimizer.state(model.params()));
 * Checkpoint.save(Path.of("run/model.ckpt"), store.snapshot(), Map.of("epoch", "3"));
 * // later, or in another process, into a model built the same way:
 * Map<String, String> meta = Checkpoint.load(Path.of("run/model.ckpt"), store, all);
 * int epoch = Integer.parseInt(meta.get("epoch"));
 * }</pre>
 */
public final class Checkpoint {
    /** The format version this class writes, and the newest it reads. */
    public static final int FORMAT_VERSION = CheckpointFormat.VERSION;

    private Checkpoint() {}

    /**
     * Saves every value of a store, without metadata.
     *
     * @param file the checkpoint file; replaced atomically if it exists
     * @param store the store, read in one snapshot
     * @throws CheckpointException if the file cannot be written; a previous checkpoint is then unchanged
     */
    public static void save(Path file, ParamStore store) {
        if (store == null) {
            throw new CheckpointException("Checkpoint.save(" + file + "): the store is null");
        }
        save(file, store.snapshot(), Map.of());
    }

    /**
     * Saves values and small metadata (epoch, step, a note) atomically: a temporary file, synced,
     * then renamed over {@code file}.
     *
     * @param file the checkpoint file; replaced atomically if it exists
     * @param values the tensors by name, such as {@code store.snapshot()}
     * @param metadata string pairs stored alongside, such as {@code Map.of("step", "1200")}
     * @throws CheckpointException if an argument is null or holds null, or the file cannot be
     *     written; a previous checkpoint is then unchanged and the temporary file is deleted
     */
    public static void save(Path file, Map<String, Tensor> values, Map<String, String> metadata) {
        save(file, values, metadata, Disk.REAL);
    }

    /** {@link #save(Path, Map, Map)} through the given file system seam. */
    static void save(Path file, Map<String, Tensor> values, Map<String, String> metadata, Disk disk) {
        String where = "Checkpoint.save(" + file + ")";
        SortedMap<String, Tensor> tensors = copy(values, "values", where);
        SortedMap<String, String> meta = copy(metadata, "metadata", where);
        if (file == null || tensors.keySet().stream().anyMatch(String::isBlank)) {
            throw new CheckpointException(where + ": " + (file == null ? "the path is null"
                    : "a value has a blank name; params are named, such as dense_1/W"));
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CheckpointException(where + ": directory " + dir + " does not exist; create it first");
        }
        Path temp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = disk.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                CheckpointFormat.write(ch, tensors, meta, where);
                ch.force(true);  // the bytes must be on disk before the rename makes them the checkpoint
            }
            disk.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(disk, dir);
        } catch (IOException e) {
            throw new CheckpointException(where + ": cannot write: " + e
                    + "; the previous checkpoint, if any, is unchanged", e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Reads and checks a checkpoint's tensors.
     *
     * @param file the checkpoint file
     * @return its tensors by name, sorted by name, unmodifiable
     * @throws CheckpointException if the file is missing, not a checkpoint, of an unknown version,
     *     truncated or corrupted
     */
    public static Map<String, Tensor> read(Path file) {
        return open(file).tensors();
    }

    /**
     * Reads and checks a checkpoint's metadata; the whole file is checked.
     *
     * @param file the checkpoint file
     * @return its metadata pairs, sorted by key, unmodifiable
     * @throws CheckpointException as {@link #read}
     */
    public static Map<String, String> metadata(Path file) {
        return open(file).metadata();
    }

    /**
     * Loads a checkpoint into a store: checks the file and that every expected param is present
     * with the same shape, then puts all of the checkpoint's values into the store in one step,
     * so a concurrent reader sees the old values or the new ones, never a mix.
     *
     * @param file the checkpoint file
     * @param store the store to fill
     * @param expected the params that must be present with these shapes, usually the model's
     *     params plus its optimizer's state; entries the file has beyond these are loaded too
     * @return the checkpoint's metadata, read from the same file as the values
     * @throws CheckpointException if the file is bad (as {@link #read}), an expected param is
     *     missing, or a shape differs; the message names each such param and both shapes, and the
     *     store is then unchanged
     */
    public static Map<String, String> load(Path file, ParamStore store, Collection<Param> expected) {
        String where = "Checkpoint.load(" + file + ")";
        if (store == null || expected == null || expected.stream().anyMatch(Objects::isNull)) {
            throw new CheckpointException(where + ": the store and the expected params must not be or contain null");
        }
        return loadInto(where, open(file), store, expected);
    }

    /** Checks that the contents fit the expected params, then puts them all into the store in one step. */
    static Map<String, String> loadInto(String where, CheckpointFormat.Contents c, ParamStore store,
            Collection<Param> expected) {
        List<String> problems = new ArrayList<>();
        for (Param p : expected) {
            Tensor t = c.tensors().get(p.name());
            if (t == null) {
                problems.add("param \"" + p.name() + "\" " + p.shape() + " is missing");
            } else if (!t.shape().equals(p.shape())) {
                problems.add("param \"" + p.name() + "\" has shape " + p.shape() + " in the model but "
                        + t.shape() + " in the checkpoint");
            }
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(where + ": the checkpoint does not fit the model: "
                    + String.join("; ", problems) + "; the checkpoint holds " + c.tensors().keySet()
                    + "; nothing was loaded");
        }
        if (c.tensors().keySet().stream().anyMatch(String::isBlank)) {
            throw new CheckpointException(where + ": the checkpoint holds a value with a blank name, which no param"
                    + " has; nothing was loaded");
        }
        // Values come back as float64 (a float32 one exactly); a param the store holds keeps its type,
        // read as the store's writer so no put can change it before the values go in.
        return store.exclusively(() -> {
            Map<String, Tensor> typed = new java.util.HashMap<>();
            c.tensors().forEach((name, t) -> typed.put(name, store.contains(name) ? t.to(store.get(name).dtype()) : t));
            store.putAll(typed);
            return c.metadata();
        });
    }

    /** Reads and checks a whole checkpoint file. */
    static CheckpointFormat.Contents open(Path file) {
        String where = "Checkpoint.read(" + file + ")";
        if (file == null) {
            throw new CheckpointException(where + ": the path is null");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return CheckpointFormat.read(ch, where);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(where + ": no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(where + ": cannot read: " + e, e);
        }
    }

    private static <V> SortedMap<String, V> copy(Map<String, V> map, String what, String where) {
        // Not containsKey(null): Map.of's maps throw on it.
        if (map == null || map.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new CheckpointException(where + ": the " + what + " must not be or contain null");
        }
        return new TreeMap<>(map);
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, and lose nothing else. */
    private static void syncDirectory(Disk disk, Path dir) {
        try (FileChannel ch = disk.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // The checkpoint is complete and in place; only its survival of a power cut is less certain.
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Already failing; the leftover temporary file is never read and its name says what it is.
        }
    }
}
