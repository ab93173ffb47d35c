// SPDX-License-Identifier: Apache-2.0
/**
 * Flat-array kernels: static loops over {@code double[]} with explicit offsets and strides.
 *
 * <p>Internal to Nabla: the primitives in {@code dev.nabla.graph.op} call these with the storage of
 * tensors the executor owns. Kernels never allocate, never box, and write every element of their
 * output, so the executor may hand them a reused buffer full of old values.
 */
package dev.nabla.graph.kernel;
