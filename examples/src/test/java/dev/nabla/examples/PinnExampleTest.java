// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The physics-informed network, run as the command line runs it (full size, seed 42): its claim as a number. */
class PinnExampleTest {
    @Test
    void thePinnMatchesSinToOneThousandthAfterAdamThenLbfgs(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PinnExample.Result r = PinnExample.compute(new ExampleRun(dir, 42, false,
                new PrintStream(report, true, StandardCharsets.UTF_8)));
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(r.maxError() <= 1e-3, () -> "max |u - sin x| = " + r.maxError() + "\n" + text);
        assertTrue(r.lbfgs().loss() < r.adamLoss() / 10, () -> "the caption: L-BFGS takes Adam's loss down by more"
                + " than a decade: " + r.adamLoss() + " -> " + r.lbfgs());
        assertTrue(text.contains("caption: "), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "pinn: max |u - sin x| = %.1e on 1,001 points",
                r.maxError())), text);
        assertNotNull(ImageIO.read(r.png().toFile()), "a PNG at " + r.png());
    }
}
