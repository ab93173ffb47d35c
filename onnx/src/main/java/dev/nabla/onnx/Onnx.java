// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes the inference graph of a fetch as an ONNX model, to run in ONNX Runtime or any other
 * ONNX consumer.
 *
 * <p>The graph is specialised for inference first: nn's {@code training} input is fixed to 0
 * (dropout becomes the identity, batch norm reads its running statistics), and so is any input
 * the options fix. The inputs the fetch still needs become the model's inputs, named as in Nabla,
 * an unknown batch size as the symbolic dimension {@code batch}; params become initializers named
 * by param name, with their values from the store. The model is built in memory, written to a
 * temporary file beside the target and moved into place, so a refusal or an I/O error never leaves
 * a broken file.
 *
 * <p>Usage: {@code Onnx.export(probabilities, store, Path.of("mlp.onnx"), OnnxOptions.defaults());}
 */
public final class Onnx {
    private Onnx() {}

    /**
     * Exports the graph computing one output.
     *
     * @param output the node to compute; the model's output is named after it, or {@code output}
     * @param store the params' values
     * @param file the model file to write (replaced if it exists)
     * @param options the opset, element type and fixed inputs
     * @throws OnnxException if a primitive has no ONNX form (naming the node), a param is missing
     *     from the store or shaped otherwise, or the file cannot be written
     */
    public static void export(Node output, ParamStore store, Path file, OnnxOptions options) {
        Arguments.requireNonNull("Onnx.export", "output", output);
        export(List.of(output), store, file, options);
    }

    /**
     * Exports the graph computing several outputs, in order; unnamed outputs are
     * {@code output_0}, {@code output_1}, ...
     *
     * @param outputs the nodes to compute, of one graph
     * @param store the params' values
     * @param file the model file to write (replaced if it exists)
     * @param options the opset, element type and fixed inputs
     * @throws OnnxException as {@link #export(Node, ParamStore, Path, OnnxOptions)}
     */
    public static void export(List<Node> outputs, ParamStore store, Path file, OnnxOptions options) {
        Arguments.requireNonNulls("Onnx.export", "outputs", outputs, "store", store, "file", file, "options", options);
        Arguments.requireElements("Onnx.export", "outputs", outputs);
        if (outputs.isEmpty()) {
            throw new OnnxException("Onnx.export: outputs is empty; give at least one node to compute");
        }
        write(Exporter.build(outputs, store, options), file);
    }

    private static void write(ModelProto model, Path file) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new OnnxException("Onnx.export: cannot write " + file + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write has failed already; that error is the one to report.
            }
        }
    }
}
