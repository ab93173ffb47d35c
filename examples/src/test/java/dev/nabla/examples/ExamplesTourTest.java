// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick tour runs every example, so none rots. */
class ExamplesTourTest {
    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Examples.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, text);
        return text;
    }

    @Test
    void theQuickTourRunsEveryExample(@TempDir Path dir) throws Exception {
        String text = run(0, "tour", "--quick", "--out", dir.toString());
        for (Example e : Examples.all()) {
            assertTrue(text.contains("== " + e.name() + ":"), "tour skipped " + e.name());
            assertTrue(Files.isDirectory(dir.resolve(e.name())), "no output folder for " + e.name());
        }
        // Every example that draws a figure says in its report, in a caption, what to see in it.
        for (String section : ("\n" + text).split("\n== ")) {
            String name = section.substring(0, Math.max(0, section.indexOf(':')));
            boolean drew = Files.exists(dir.resolve(name)) && Files.list(dir.resolve(name))
                    .anyMatch(p -> p.toString().endsWith(".png"));
            assertTrue(!drew || section.contains("caption: "), "example " + name + " draws a figure with no caption");
        }
        assertTrue(text.contains("dL/dw2 = (yhat - y) * z1 = -1.0099"), text);
        assertTrue(text.contains("L = 1.315, dL/dw2 = -1.009, dL/dw1 = 0.381"), text);
    }

    @Test
    void withoutANameItListsTheExamples() {
        String text = run(0);
        for (Example e : Examples.all()) {
            assertTrue(text.contains(e.name()), text);
        }
    }

    @Test
    void anUnknownNameOrFlagIsAUsageError() {
        assertTrue(run(2, "no-such-example").contains("no example named \"no-such-example\""));
        assertTrue(run(2, "backprop", "--bogus").contains("usage:"));
    }
}
