// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files README's blocks read, put in place by their preludes (a prelude declares variables only, and may not throw). */
public final class ReadmeFixtures {
    private ReadmeFixtures() {}

    /**
     * Copies a class-path resource into the working directory, as a reader's own file would be there.
     *
     * @param resource the resource's path on the class path
     * @param file the file name to write
     * @return the written file
     */
    public static Path copy(String resource, String file) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource + " on the class path");
            }
            Path out = Path.of(file);
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
