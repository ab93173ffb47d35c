// SPDX-License-Identifier: Apache-2.0
/**
 * ONNX export: {@link dev.nabla.onnx.Onnx#export} writes the inference graph of any fetch as an
 * ONNX model that ONNX Runtime (or any ONNX 1.17 consumer) runs.
 *
 * <p>The export first specialises the graph for inference ({@code Specialisation}: fixed inputs,
 * the train/eval switch among them, become constants, and a {@code where} they decide is replaced
 * by its branch), then maps each remaining primitive to ONNX operators in one exhaustive
 * {@code switch} over {@link dev.nabla.graph.op.OpKind} ({@code PrimitiveMapping}, which hands each
 * family to its own small class). Only the generated message classes {@code ai.onnx.proto.OnnxMl}
 * are used, so their source (today Tribuo's {@code tribuo-util-onnx}) can be swapped.
 */
package dev.nabla.onnx;
