// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an export may choose besides the graph: the opset, the element type, and the inputs fixed
 * to a value (the train/eval switch among them). Immutable: each setter returns a new value.
 *
 * <p>Usage: {@code OnnxOptions.defaults().dtype(DType.FLOAT32).fix(temperature, Tensor.scalar(1))}
 */
public final class OnnxOptions {
    /** The opset written by default: ONNX 1.16's, which ONNX Runtime 1.18 and later run. */
    public static final int DEFAULT_OPSET = 21;
    /** The lowest opset the mapping supports: Reduce* and Pad take their axes as inputs from 18 on. */
    public static final int MIN_OPSET = 18;
    /** The highest opset the ONNX message classes know (ONNX 1.17). */
    public static final int MAX_OPSET = 22;
    /** The name of nn's train/eval switch, fixed to 0 (evaluation) unless an option fixes it otherwise. */
    public static final String TRAINING = "training";

    private final int opset;
    private final DType dtype;
    private final Map<Node, Tensor> fixed;

    private OnnxOptions(int opset, DType dtype, Map<Node, Tensor> fixed) {
        this.opset = opset;
        this.dtype = dtype;
        this.fixed = fixed;
    }

    /**
     * The defaults: opset 21, the graph's element type, and an input named {@code training}
     * fixed to 0.
     *
     * @return the default options
     */
    public static OnnxOptions defaults() {
        return new OnnxOptions(DEFAULT_OPSET, null, Map.of());
    }

    /**
     * Chooses the opset to write.
     *
     * @param version from {@link #MIN_OPSET} to {@link #MAX_OPSET}
     * @return new options with that opset
     * @throws NablaException if the mapping does not support the version
     */
    public OnnxOptions opset(int version) {
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new NablaException("OnnxOptions.opset: version must be in [" + MIN_OPSET + ", " + MAX_OPSET + "], got "
                    + version);
        }
        return new OnnxOptions(version, dtype, fixed);
    }

    /**
     * Chooses the element type of the exported model, whatever the graph's: the weights and
     * constants are cast to it (float64 to float32 rounds each weight), and so are the inputs.
     *
     * @param type FLOAT64 or FLOAT32
     * @return new options with that type
     */
    public OnnxOptions dtype(DType type) {
        Arguments.requireNonNull("OnnxOptions.dtype", "type", type);
        return new OnnxOptions(opset, type, fixed);
    }

    /**
     * Fixes an input to a value for the export: it becomes a constant, and a {@code where} whose
     * condition it decides keeps only the branch taken.
     *
     * @param input an input node ({@code Graph.input})
     * @param value a value its shape accepts
     * @return new options with the input fixed
     * @throws NablaException if the node is not an input or the value's shape does not fit it
     */
    public OnnxOptions fix(Node input, Tensor value) {
        Arguments.requireNonNulls("OnnxOptions.fix", "input", input, "value", value);
        if (!(input.op() instanceof Leaf.Input)) {
            throw new NablaException("OnnxOptions.fix: " + input.describe() + " is not an input; only inputs can be fixed");
        }
        if (!input.shape().accepts(value.shape())) {
            throw new NablaException("OnnxOptions.fix: input " + input.label() + " has shape " + input.shape()
                    + ", the value " + value.shape());
        }
        Map<Node, Tensor> next = new LinkedHashMap<>(fixed);
        next.put(input, value);
        return new OnnxOptions(opset, dtype, Collections.unmodifiableMap(next));
    }

    /** Tells the opset written. @return the ONNX opset version */
    public int opset() {
        return opset;
    }

    /**
     * Tells the element type of the model for a graph of type {@code graphType}.
     *
     * @param graphType the graph's element type
     * @return the chosen type, or the graph's when none was chosen
     */
    public DType dtypeFor(DType graphType) {
        Arguments.requireNonNull("OnnxOptions.dtypeFor", "graphType", graphType);
        return dtype != null ? dtype : graphType;
    }

    /** Tells which inputs are fixed, besides the default {@code training} = 0. @return input to value */
    public Map<Node, Tensor> fixed() {
        return fixed;
    }

    /** Summarises the options. @return one line: opset, element type, how many inputs are fixed */
    @Override
    public String toString() {
        return "OnnxOptions(opset " + opset + ", dtype " + (dtype == null ? "of the graph" : dtype) + ", " + fixed.size()
                + " fixed inputs)";
    }
}
