// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.data;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.nn.train.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; MIT licence): 70,000 grey 28x28 photographs of
 * clothes in ten classes, read from the four IDX files its authors distribute. Nabla does not ship
 * them; Debian's package {@code dataset-fashion-mnist} puts them in {@link #DEBIAN_DIRECTORY}.
 *
 * <p>Usage: {@code FashionMnist f = FashionMnist.read(FashionMnist.DEBIAN_DIRECTORY); trainer.fit(f.train(), options);}
 *
 * @param train the 60,000 training images {@code [N, 1, 28, 28]} in [0, 1] and their classes {@code [N]}
 * @param test the 10,000 test images and their classes, the same way
 */
public record FashionMnist(Dataset train, Dataset test) {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** The files' names as distributed, without {@code .gz}; the training set's first. */
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final int SIDE = 28;

    /** Checks that both parts are 28x28 one-channel images with class indices below 10. */
    public FashionMnist {
        Arguments.requireNonNulls("FashionMnist", "train", train, "test", test);
        requireImages("train", train);
        requireImages("test", test);
    }

    /**
     * Names the ten classes, so that {@code classes().get(k)} is what class index {@code k} shows.
     *
     * @return T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot
     */
    public static List<String> classes() {
        return CLASSES;
    }

    /**
     * Reads the training and test sets from a directory holding the four files as distributed
     * ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
     * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}), gzipped or not.
     * Takes a few seconds and about 440 MB of heap for the float64 images.
     *
     * @param directory the directory, such as {@link #DEBIAN_DIRECTORY}
     * @return the two sets
     * @throws NablaException if the directory or a file is missing (saying how to get them), or if
     *     a file is not what {@link IdxReader} and the data set's shape expect
     */
    public static FashionMnist read(Path directory) {
        String where = "FashionMnist.read";
        Arguments.requireNonNull(where, "directory", directory);
        if (!Files.isDirectory(directory)) {
            throw new NablaException(where + ": no directory " + directory + "; " + howToGet());
        }
        Path[] files = new Path[FILES.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = find(directory, FILES.get(i));
            if (files[i] == null) {
                throw new NablaException(where + ": " + directory + " has no " + FILES.get(i) + ".gz (nor "
                        + FILES.get(i) + "); " + howToGet());
            }
        }
        return new FashionMnist(IdxReader.images(files[0], files[1]), IdxReader.images(files[2], files[3]));
    }

    /**
     * Tells whether a directory holds the four files, gzipped or not, so a program can explain how
     * to get them instead of failing; it does not read them.
     *
     * @param directory the directory to look in
     * @return true if {@link #read} would find every file
     * @throws NablaException if {@code directory} is null
     */
    public static boolean available(Path directory) {
        Arguments.requireNonNull("FashionMnist.available", "directory", directory);
        return FILES.stream().allMatch(f -> find(directory, f) != null);
    }

    /**
     * Says how to get the files, for messages to a user who lacks them.
     *
     * @return the Debian package, the download address and how to point Nabla at a directory
     */
    public static String howToGet() {
        return "get the files with `sudo apt-get install dataset-fashion-mnist` (Debian and derivatives; it puts them"
                + " in " + DEBIAN_DIRECTORY + "/) or download the four .gz files of"
                + " https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) into a directory, and"
                + " give that directory (the cnn-fashion example takes --data DIR)";
    }

    /** The file, gzipped by preference, or null. */
    private static Path find(Path directory, String name) {
        for (Path p : List.of(directory.resolve(name + ".gz"), directory.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static void requireImages(String part, Dataset d) {
        Shape s = d.x().shape();
        if (s.rank() != 4 || s.dim(1) != 1 || s.dim(2) != SIDE || s.dim(3) != SIDE || d.y().rank() != 1) {
            throw new NablaException("FashionMnist: the " + part + " set has inputs " + s + " and targets "
                    + d.y().shape() + "; expected images [N, 1, 28, 28] and labels [N]");
        }
        double[] y = d.y().toArray();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < CLASSES.size() && y[i] == Math.rint(y[i]))) {
                throw new NablaException("FashionMnist: the " + part + " set's label " + i + " is " + y[i]
                        + "; expected a class index 0..9");
            }
        }
    }
}
