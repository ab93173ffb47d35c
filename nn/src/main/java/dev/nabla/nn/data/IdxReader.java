// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a magic number {@code 0x0000 TT DD}
 * (element type {@code TT}, {@code DD} dimensions), then each size as a big-endian 32-bit integer,
 * then the elements in row-major order. Only unsigned bytes ({@code TT = 0x08}) are read, the type
 * of every image and label file of those data sets. A gzipped file ({@code .gz}, as they are
 * distributed) is recognised by its first two bytes, whatever its name.
 *
 * <p>Usage: {@code Dataset train = IdxReader.images(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"));}
 *
 * <p>Every file is checked as it is read, and a refusal names the file: a wrong magic number, an
 * element type other than unsigned bytes, sizes whose product does not fit one tensor, data that
 * ends before the sizes say or goes on after, a gzip stream that is corrupt.
 */
public final class IdxReader {
    /** The element type code of unsigned bytes, the only one read. */
    private static final int UBYTE = 0x08;
    /** A tensor holds at most this many elements (Java arrays' limit, with the JDK's margin). */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /** A file's sizes and its bytes, before they are widened to doubles. */
    private record Raw(int[] dims, byte[] data) {}

    /**
     * Reads an IDX file of unsigned bytes into a tensor of its values 0..255, shaped as the file says.
     *
     * @param file the file, gzipped or plain
     * @return a float64 tensor of the file's sizes
     * @throws NablaException naming the file if it is missing, unreadable or not an IDX file of unsigned bytes
     */
    public static Tensor read(Path file) {
        String where = "IdxReader.read";
        Arguments.requireNonNull(where, "file", file);
        Raw raw = raw(where, file);
        double[] values = new double[raw.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = raw.data()[i] & 0xFF;
        }
        return Tensor.of(Shape.of(raw.dims()), values);
    }

    /**
     * Reads images and their labels into a classification data set: images {@code [N, 1, H, W]}
     * (one channel) with each byte scaled from 0..255 to [0, 1], and the class indices {@code [N]}.
     *
     * @param images an IDX file of {@code [N, H, W]} unsigned bytes
     * @param labels an IDX file of {@code [N]} unsigned bytes
     * @return inputs {@code [N, 1, H, W]} in [0, 1] and labels {@code [N]}
     * @throws NablaException naming the file if either is missing, unreadable, not IDX, of the wrong
     *     rank, or if the two files do not hold as many images as labels
     */
    public static Dataset images(Path images, Path labels) {
        String where = "IdxReader.images";
        Arguments.requireNonNulls(where, "images", images, "labels", labels);
        Raw img = raw(where, images);
        Raw lab = raw(where, labels);
        if (img.dims().length != 3) {
            throw new NablaException(where + "(" + images + "): sizes " + Arrays.toString(img.dims())
                    + "; expected images [N, height, width] (3 sizes, an idx3 file)");
        }
        if (lab.dims().length != 1) {
            throw new NablaException(where + "(" + labels + "): sizes " + Arrays.toString(lab.dims())
                    + "; expected labels [N] (1 size, an idx1 file)");
        }
        int n = img.dims()[0];
        if (lab.dims()[0] != n) {
            throw new NablaException(where + ": " + images + " holds " + n + " images but " + labels + " holds "
                    + lab.dims()[0] + " labels; expected one label per image (are the files of the same split?)");
        }
        double[] x = new double[img.data().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (img.data()[i] & 0xFF) / 255.0;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.data()[i] & 0xFF;
        }
        return new Dataset(Tensor.of(Shape.of(n, 1, img.dims()[1], img.dims()[2]), x), Tensor.of(Shape.of(n), y));
    }

    private static Raw raw(String where, Path file) {
        String name = where + "(" + file + ")";
        try (InputStream in = open(file)) {
            DataInputStream data = new DataInputStream(in);
            int[] dims = header(name, data);
            long size = 1;
            for (int d : dims) {
                size *= d;
            }
            byte[] bytes = data.readNBytes((int) size);
            if (bytes.length < size) {
                throw new NablaException(name + ": truncated: the sizes " + Arrays.toString(dims) + " call for "
                        + size + " data bytes, the file ends after " + bytes.length + "; download it again");
            }
            if (data.read() != -1) {
                throw new NablaException(name + ": more bytes than the sizes " + Arrays.toString(dims) + " call for ("
                        + size + "); is it an IDX file, and the right one?");
            }
            return new Raw(dims, bytes);
        } catch (NoSuchFileException e) {
            throw new NablaException(name + ": no such file");
        } catch (EOFException e) {
            throw new NablaException(name + ": truncated: the file ends inside its " + (e.getMessage() == null
                    ? "header" : "gzip stream (" + e.getMessage() + ")") + "; download it again", e);
        } catch (ZipException e) {
            throw new NablaException(name + ": the gzip stream is corrupt (" + e.getMessage() + "); download it again", e);
        } catch (IOException e) {
            throw new NablaException(name + ": cannot read: " + e, e);
        }
    }

    /** The file's bytes, unzipped on the fly when they start with gzip's magic {@code 1f 8b}. */
    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** The magic number and the sizes, checked. */
    private static int[] header(String name, DataInputStream in) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0) {
            throw new NablaException(name + ": " + String.format("magic number 0x%08x", magic)
                    + " does not start with two zero bytes; expected 0x000008DD, an IDX file of unsigned bytes with"
                    + " DD dimensions");
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != UBYTE) {
            throw new NablaException(name + ": element type 0x" + String.format("%02x", type) + " (" + typeName(type)
                    + "); only unsigned bytes (0x08) are read, the type of the MNIST and Fashion-MNIST files");
        }
        int rank = magic & 0xFF;
        if (rank == 0) {
            throw new NablaException(name + ": the header declares 0 dimensions; expected at least 1");
        }
        int[] dims = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new NablaException(name + ": size " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", more than one tensor holds");
            }
            size *= dims[i];
            if (size > MAX_ELEMENTS) {
                throw new NablaException(name + ": the sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " make more than " + MAX_ELEMENTS + " elements, the most one tensor holds");
            }
        }
        return dims;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed bytes";
            case 0x0B -> "16-bit integers";
            case 0x0C -> "32-bit integers";
            case 0x0D -> "32-bit floats";
            case 0x0E -> "64-bit floats";
            default -> "not an IDX type";
        };
    }
}
