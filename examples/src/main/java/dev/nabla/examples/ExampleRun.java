// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an example run gets: its output folder, its seed, whether to shrink epochs and grids,
 * and the stream its report goes to.
 *
 * <p>Usage: {@code run.report().printf("accuracy %.4f%n", acc); Figures.save(chart, run.file("loss.png"), 800, 500);}
 *
 * @param out the folder for this example's figures
 * @param seed the seed of everything random
 * @param quick shrink epochs and grids so that the whole tour finishes in about two minutes
 * @param report where the plain-text report goes
 * @param data the directory of data files the user named ({@code --data DIR}), or null for each
 *     example's default place
 */
public record ExampleRun(Path out, long seed, boolean quick, PrintStream report, Path data) {
    /**
     * A run that reads its data from each example's default place.
     *
     * @param out the folder for this example's figures
     * @param seed the seed of everything random
     * @param quick shrink epochs and grids
     * @param report where the plain-text report goes
     */
    public ExampleRun(Path out, long seed, boolean quick, PrintStream report) {
        this(out, seed, quick, report, null);
    }

    /**
     * The directory of an example's data: the one the user named with {@code --data}, else the given default.
     *
     * @param fallback where the example looks when the user named none
     * @return the directory to read from
     */
    public Path dataOr(Path fallback) {
        return data != null ? data : fallback;
    }

    /**
     * A file in the output folder, which is created if needed.
     *
     * @param name the file's name
     * @return its path
     * @throws IOException if the folder cannot be created
     */
    public Path file(String name) throws IOException {
        Files.createDirectories(out);
        return out.resolve(name);
    }

    /**
     * Picks a size by mode.
     *
     * @param full the size of a full run
     * @param small the size in quick mode
     * @return one of them
     */
    public int pick(int full, int small) {
        return quick ? small : full;
    }
}
