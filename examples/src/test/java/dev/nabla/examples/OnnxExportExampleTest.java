// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * onnx-export in quick mode from the command line: one agreement line per model, parsed, the
 * difference at float64 rounding, both runtimes equally accurate, and the model files written.
 */
class OnnxExportExampleTest {
    private static final Pattern LINE = Pattern.compile("onnx: (\\S+) max \\|nabla - onnxruntime\\| = (\\S+); held-out"
            + " accuracy nabla (\\S+), onnxruntime (\\S+) \\((\\S+), \\d+ bytes\\)");

    /**
     * The bars a quick run clears: measured at seed 42, MLP after 3 epochs 0.9424 and CNN after 1
     * epoch 0.9335; a model that stopped learning falls far below (chance is 0.1).
     */
    private static final double QUICK_ACCURACY_BAR = 0.9;

    @Test
    void bothModelsAgreeWithOnnxRuntimeToRounding(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Examples.run(new String[] {"onnx-export", "--quick", "--out", dir.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        System.out.print(text);
        List<String> models = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("onnx: ")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            assertTrue(m.matches(), "an agreement line that does not parse: " + line);
            models.add(m.group(1));
            double difference = Double.parseDouble(m.group(2));
            // Probabilities in float64: a few units in the last place, not the 1e-7 of a float32 path.
            assertTrue(difference >= 0 && difference <= 1e-12, line);
            double nabla = Double.parseDouble(m.group(3));
            assertEquals(nabla, Double.parseDouble(m.group(4)), line);
            assertTrue(nabla >= QUICK_ACCURACY_BAR, line);
            Path file = dir.resolve(m.group(5));
            assertTrue(Files.size(file) > 0, "no model file " + file);
        }
        assertEquals(List.of("digits-mlp", "digits-cnn"), models, text);
    }
}
