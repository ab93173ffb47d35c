// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs one compiled README block in a JVM of its own, with an empty working directory, then
 * {@link ReadmeSnippetsTest}'s checks on what it computed: the block sees what a reader's program
 * would, and a file it writes by a relative path lands in that directory.
 *
 * <p>Usage: {@code ReadmeBlockRun.inOwnJvm(block, classesDir, emptyDir)}
 */
final class ReadmeBlockRun {
    /** Longer than the slowest block (digits, 30 epochs) takes on a loaded 2-core machine. */
    private static final long TIMEOUT_SECONDS = 300;

    private ReadmeBlockRun() {}

    /**
     * The child JVM's entry point: runs the block's class and its marker's checks; an exception
     * or a failed check ends the JVM with a stack trace and status 1.
     *
     * @param args the block's class name, and its marker if it has one
     * @throws Exception whatever the block or a check throws
     */
    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        Callable<Map<String, Object>> block = (Callable<Map<String, Object>>) Class.forName(args[0])
                .getDeclaredConstructor().newInstance();
        ReadmeSnippetsTest.check(args.length > 1 ? args[1] : null, block.call());
    }

    /**
     * Runs a block in a new JVM and fails with its output unless it ends with status 0.
     *
     * @param b the block, compiled into {@code classes}
     * @param classes the compiled blocks
     * @param dir the child's working directory
     * @throws IOException if the JVM cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    static void inOwnJvm(ReadmeBlocks.Block b, Path classes, Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = classes + File.pathSeparator + System.getProperty("java.class.path");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", classPath, ReadmeBlockRun.class.getName(),
                ReadmeBlocks.PACKAGE + "." + b.className()));
        if (b.marker() != null) {
            command.add(b.marker());
        }
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail(b + " did not finish in " + TIMEOUT_SECONDS + " s; its output:\n" + read(log));
        }
        if (p.exitValue() != 0) {
            fail(b + " failed (exit status " + p.exitValue() + "); its output:\n" + read(log));
        }
    }

    private static String read(Path log) throws IOException {
        return java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
    }
}
