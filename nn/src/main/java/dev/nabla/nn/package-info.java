// SPDX-License-Identifier: Apache-2.0
/**
 * Neural networks as graph compositions: layers ({@link dev.nabla.nn.Layer}) own
 * {@link dev.nabla.nn.Param}s and add nodes through a {@link dev.nabla.nn.Context}, which also
 * carries the train/eval switch. No layer has a backward pass; gradients come from autodiff.
 * Activation functions, their metadata and their layers are in {@code dev.nabla.nn.activation}.
 */
package dev.nabla.nn;
