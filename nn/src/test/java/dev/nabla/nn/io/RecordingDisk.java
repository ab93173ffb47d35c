// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.CopyOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The real file system, recording the calls that decide durability: writes, syncs and moves, in
 * the order they happen, each naming its file through {@code label}.
 *
 * <p>Usage: {@code RecordingDisk disk = new RecordingDisk(p -> p.getFileName().toString());
 * Checkpoint.save(file, values, meta, disk); disk.events();}
 */
final class RecordingDisk implements Disk {
    private final Function<Path, String> label;
    private final List<String> events = new ArrayList<>();

    /** @param label names a path in the events, such as "temp" for a temporary file */
    RecordingDisk(Function<Path, String> label) {
        this.label = label;
    }

    /** @return the events so far; consecutive writes to one file are one event */
    List<String> events() {
        return List.copyOf(events);
    }

    private void record(String event) {
        if (!(event.startsWith("write ") && !events.isEmpty() && events.get(events.size() - 1).equals(event))) {
            events.add(event);
        }
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Recorded(Disk.REAL.open(path, options), label.apply(path));
    }

    @Override
    public void move(Path from, Path to, CopyOption... options) throws IOException {
        Disk.REAL.move(from, to, options);
        record("move " + label.apply(from) + " -> " + label.apply(to) + " " + Arrays.toString(options));
    }

    /** A channel that records its writes and syncs and passes every call on. */
    private final class Recorded extends FileChannel {
        private final FileChannel ch;
        private final String name;

        Recorded(FileChannel ch, String name) {
            this.ch = ch;
            this.name = name;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            record("write " + name);
            return ch.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            record("write " + name);
            return ch.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            record("write " + name);
            return ch.write(src, position);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            record("write " + name);
            return ch.transferFrom(src, position, count);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            ch.force(metaData);
            record("force(" + metaData + ") " + name);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return ch.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return ch.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return ch.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            ch.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            record("write " + name);
            ch.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return ch.transferTo(position, count, target);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return ch.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return ch.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return ch.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            ch.close();
        }
    }
}
