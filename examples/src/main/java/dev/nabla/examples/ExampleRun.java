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
 */
public record ExampleRun(Path out, long seed, boolean quick, PrintStream report) {
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
