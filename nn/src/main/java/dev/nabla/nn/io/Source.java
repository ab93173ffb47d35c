// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Buffered, bounds-checked reads of a checkpoint's content section. Each read is checked against
 * the content's end before a byte is taken, so a malformed file gives a {@link CheckpointException}
 * with the byte offset, never an EOF, a negative array size or a huge allocation.
 */
final class Source {
    private static final int BUFFER = 1 << 16;

    private final FileChannel ch;
    private final String where;
    private final long end;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).flip();
    private long pos;
    private long filePos;

    Source(FileChannel ch, String where, long start, long end) {
        this.ch = ch;
        this.where = where;
        this.pos = start;
        this.filePos = start;
        this.end = end;
    }

    /**
     * Counts the bytes not yet read.
     *
     * @return the bytes left before the content's end
     */
    long remaining() {
        return end - pos;
    }

    int getInt(String what) throws IOException {
        ensure(4, what);
        pos += 4;
        return buf.getInt();
    }

    long getLong() throws IOException {
        ensure(8, "a value");
        pos += 8;
        return buf.getLong();
    }

    /**
     * Reads a count of items that each take at least {@code minBytes}.
     *
     * @return the count, checked against the bytes left
     */
    int count(String what, int minBytes) throws IOException {
        long at = pos;
        int n = getInt("the count of " + what);
        if (n < 0 || (long) n * minBytes > remaining()) {
            throw malformed("the count of " + what + " at byte " + at + " is " + n + " but only " + remaining()
                    + " bytes remain");
        }
        return n;
    }

    /** Reads an int32 byte count and that many bytes of UTF-8. */
    String string(String what) throws IOException {
        long at = pos;
        int n = getInt(what);
        if (n < 0 || n > remaining()) {
            throw malformed(what + " at byte " + at + " declares " + n + " bytes but only " + remaining() + " remain");
        }
        byte[] b = new byte[n];
        for (int off = 0; off < n; ) {
            ensure(1, what);
            int k = Math.min(buf.remaining(), n - off);
            buf.get(b, off, k);
            pos += k;
            off += k;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(what + " at byte " + at + " is not valid UTF-8");
        }
    }

    void requireEnd() {
        if (pos != end) {
            throw malformed(remaining() + " bytes remain after the last tensor, at byte " + pos);
        }
    }

    CheckpointException malformed(String what) {
        return new CheckpointException(where + ": malformed: " + what
                + "; its checksum matches, so the program that wrote it is at fault");
    }

    /** Makes at least {@code n} bytes of the content available in the buffer. */
    private void ensure(int n, String what) throws IOException {
        if (end - pos < n) {
            throw malformed(what + " at byte " + pos + " runs past the end of the content at byte " + end);
        }
        if (buf.remaining() < n) {
            buf.compact();
            while (buf.position() < n) {
                int r = ch.read(buf, filePos);
                if (r < 0) {
                    throw new CheckpointException(where + ": truncated at byte " + filePos + " while it was read;"
                            + " another program is cutting the file");
                }
                filePos += r;
            }
            buf.flip();
        }
    }
}
