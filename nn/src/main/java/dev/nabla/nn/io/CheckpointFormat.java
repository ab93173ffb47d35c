// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32C;

/**
 * The checkpoint file layout, version 1. Every number is big-endian.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic 89 4E 41 42 4C 41 0D 0A ("\x89NABLA\r\n", after PNG: catches 7-bit and newline mangling)
 * 8       4     format version, int32 (1)
 * 12      8     content length L in bytes, int64
 * 20      L     content:
 *                 int32 M, then M metadata pairs (string key, string value)
 *                 int32 N, then N tensors: string name, int32 rank, rank x int32 dims,
 *                 size x float64 (raw IEEE 754 bits, so NaN payloads and -0.0 survive), row-major
 * 20+L    4     CRC32C of bytes [0, 20+L)
 * </pre>
 *
 * A string is an int32 byte count followed by that many bytes of UTF-8. The file is exactly
 * {@code 24 + L} bytes long, so a cut file is told from a corrupted one before anything is parsed.
 */
final class CheckpointFormat {
    static final int VERSION = 1;
    static final int HEADER = 20;
    static final int TRAILER = 4;
    private static final byte[] MAGIC = {(byte) 0x89, 'N', 'A', 'B', 'L', 'A', '\r', '\n'};
    private static final int BUFFER = 1 << 16;
    /** More dims than any real tensor has; bounds what a malformed file can make us allocate. */
    private static final int MAX_RANK = 64;

    /** What a checkpoint holds, in file order (sorted by name). */
    record Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {}

    private CheckpointFormat() {}

    /**
     * Writes a whole checkpoint from the channel's start.
     *
     * @param ch an empty file, open for writing
     * @param tensors the values, by name
     * @param metadata small string pairs
     * @param where the operation and file, for messages
     */
    static void write(FileChannel ch, SortedMap<String, Tensor> tensors, SortedMap<String, String> metadata, String where)
            throws IOException {
        Map<String, byte[]> names = new LinkedHashMap<>();
        long length = 8;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            length += 8L + utf8(e.getKey(), where).length + utf8(e.getValue(), where).length;
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = utf8(e.getKey(), where);
            names.put(e.getKey(), name);
            length += 8L + name.length + 4L * e.getValue().rank() + 8L * e.getValue().size();
        }
        Sink out = new Sink(ch);
        out.bytes(MAGIC);
        out.putInt(VERSION);
        out.putLong(length);
        out.putInt(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.string(utf8(e.getKey(), where));
            out.string(utf8(e.getValue(), where));
        }
        out.putInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            out.string(names.get(e.getKey()));
            out.putInt(t.rank());
            for (int d : t.shape().dims()) {
                out.putInt(d);
            }
            out.doubles(t.toArray());
        }
        long end = out.finish();
        if (end != HEADER + length + TRAILER) {
            // A bug in the length sum above, not bad input: the reader would reject this file.
            throw new CheckpointException(where + ": internal error: wrote " + end + " bytes, expected "
                    + (HEADER + length + TRAILER));
        }
    }

    /**
     * Reads and checks a whole checkpoint: magic, version, length, checksum, then the content.
     *
     * @param ch the file, open for reading
     * @param where the operation and file, for messages
     * @return its contents
     * @throws CheckpointException if anything is wrong, saying what and where
     */
    static Contents read(FileChannel ch, String where) throws IOException {
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(HEADER);
        int n = readAt(ch, head, 0);
        checkMagic(head, n, where);
        if (n < HEADER) {
            throw new CheckpointException(where + ": truncated at byte " + n + "; the header alone takes " + HEADER
                    + " bytes");
        }
        int version = head.getInt(8);
        if (version != VERSION) {
            throw new CheckpointException(where + ": " + (version > VERSION
                    ? "written in checkpoint format version " + version + ", but this Nabla reads only version " + VERSION
                            + "; load it with a newer Nabla"
                    : "format version " + version + " does not exist; the header is corrupted"));
        }
        long length = head.getLong(12);
        if (length < 0 || length > size) {
            throw new CheckpointException(where + ": " + (length < 0 ? "the header declares a negative length " + length
                    + "; the header is corrupted" : "truncated at byte " + size + " of the " + (length + HEADER + TRAILER)
                    + " its header declares; the save that wrote it did not finish, or the file was cut"));
        }
        long total = HEADER + length + TRAILER;
        if (size != total) {
            throw new CheckpointException(where + ": " + (size < total
                    ? "truncated at byte " + size + " of the " + total + " its header declares; the save that wrote it"
                            + " did not finish, or the file was cut"
                    : (size - total) + " bytes follow the checksum, which ends at byte " + total
                            + "; the file is corrupted or something was appended to it"));
        }
        verifyChecksum(ch, HEADER + length, where);
        return parse(new Source(ch, where, HEADER, HEADER + length));
    }

    private static void checkMagic(ByteBuffer head, int n, String where) {
        if (n == 0) {
            throw new CheckpointException(where + ": the file is empty (truncated at byte 0)");
        }
        for (int i = 0; i < Math.min(n, MAGIC.length); i++) {
            if (head.get(i) != MAGIC[i]) {
                StringBuilder got = new StringBuilder();
                for (int j = 0; j < Math.min(n, MAGIC.length); j++) {
                    got.append(String.format("%02X ", head.get(j)));
                }
                throw new CheckpointException(where + ": not a Nabla checkpoint: it starts with " + got
                        + "where a checkpoint starts with 89 4E 41 42 4C 41 0D 0A");
            }
        }
    }

    private static void verifyChecksum(FileChannel ch, long end, String where) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (long pos = 0; pos < end; ) {
            buf.clear().limit((int) Math.min(BUFFER, end - pos));
            int n = readAt(ch, buf, pos);
            if (n < buf.limit()) {
                throw new CheckpointException(where + ": truncated at byte " + (pos + n) + " while it was read;"
                        + " another program is cutting the file");
            }
            crc.update(buf.array(), 0, n);
            pos += n;
        }
        ByteBuffer stored = ByteBuffer.allocate(TRAILER);
        if (readAt(ch, stored, end) < TRAILER) {
            throw new CheckpointException(where + ": truncated at byte " + end + " while it was read;"
                    + " another program is cutting the file");
        }
        int expected = stored.getInt(0);
        int actual = (int) crc.getValue();
        if (expected != actual) {
            throw new CheckpointException(where + String.format(": checksum mismatch (stored %08X, computed %08X):"
                    + " the file is corrupted; restore an earlier checkpoint", expected, actual));
        }
    }

    private static Contents parse(Source in) throws IOException {
        int m = in.count("metadata pairs", 8);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            String key = in.string("metadata key " + i);
            if (metadata.put(key, in.string("metadata value \"" + key + "\"")) != null) {
                throw in.malformed("metadata key \"" + key + "\" appears twice");
            }
        }
        int n = in.count("tensors", 8);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.string("name of tensor " + i);
            if (tensors.put(name, tensor(in, name)) != null) {
                throw in.malformed("tensor \"" + name + "\" appears twice");
            }
        }
        in.requireEnd();
        return new Contents(Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(tensors));
    }

    private static Tensor tensor(Source in, String name) throws IOException {
        int rank = in.getInt("rank of \"" + name + "\"");
        if (rank < 0 || rank > MAX_RANK) {
            throw in.malformed("tensor \"" + name + "\" has rank " + rank);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.getInt("dims of \"" + name + "\"");
            if (dims[i] < 0) {
                throw in.malformed("tensor \"" + name + "\" has a negative size " + dims[i]);
            }
        }
        Shape shape;
        try {
            shape = Shape.of(dims);
        } catch (ShapeException e) {
            throw in.malformed("tensor \"" + name + "\": " + e.getMessage());
        }
        long bytes = 8L * shape.size();
        if (bytes > in.remaining()) {
            throw in.malformed("tensor \"" + name + "\" of shape " + shape + " needs " + bytes
                    + " bytes of data but only " + in.remaining() + " remain");
        }
        double[] values = new double[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(in.getLong());
        }
        return Tensor.of(shape, values);
    }

    private static byte[] utf8(String s, String where) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new CheckpointException(where + ": \"" + s + "\" is not valid Unicode (a lone surrogate?)", e);
        }
    }

    /** Reads from {@code pos} until the buffer is full or the file ends. */
    private static int readAt(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        int start = buf.position();
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position() - start);
            if (n < 0) {
                break;
            }
        }
        return buf.position() - start;
    }

    /** Buffered writes to a channel, with a running CRC32C of everything but the trailer. */
    private static final class Sink {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        private final CRC32C crc = new CRC32C();
        private long written;

        Sink(FileChannel ch) {
            this.ch = ch;
        }

        void putInt(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void putLong(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void bytes(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                room(1);
                int n = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, n);
                off += n;
            }
        }

        void string(byte[] utf8) throws IOException {
            putInt(utf8.length);
            bytes(utf8);
        }

        void doubles(double[] values) throws IOException {
            for (double v : values) {
                putLong(Double.doubleToRawLongBits(v));  // not doubleToLongBits, which folds NaN payloads
            }
        }

        /** Writes the checksum; returns the file's length. */
        long finish() throws IOException {
            drain();
            buf.putInt((int) crc.getValue());
            buf.flip();
            written += buf.remaining();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            return written;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                drain();
            }
        }

        private void drain() throws IOException {
            crc.update(buf.array(), 0, buf.position());
            buf.flip();
            written += buf.remaining();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }
}
