// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How a checkpoint save reaches the file system: opening channels and moving files. Everything
 * else a save does to make itself durable (writing, syncing the file, the rename, syncing the
 * directory) is called on what these return, in {@link Checkpoint}'s order.
 *
 * <p>A seam for tests: a crash test shows that a rename is atomic, but only one that records the
 * calls can show that a returned save was synced to disk, and in which order.
 */
interface Disk {
    /** The file system itself. */
    Disk REAL = new Disk() {
        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            return FileChannel.open(path, options);
        }

        @Override
        public void move(Path from, Path to, CopyOption... options) throws IOException {
            Files.move(from, to, options);
        }
    };

    /**
     * Opens a channel, as {@link FileChannel#open(Path, OpenOption...)}.
     *
     * @param path a file, or a directory to sync
     * @param options how to open it
     * @return the open channel
     * @throws IOException as {@link FileChannel#open(Path, OpenOption...)}
     */
    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * Moves a file, as {@link Files#move}.
     *
     * @param from the file to move
     * @param to its new name
     * @param options how to move it
     * @throws IOException as {@link Files#move}
     */
    void move(Path from, Path to, CopyOption... options) throws IOException;
}
