// SPDX-License-Identifier: Apache-2.0
/**
 * A tensor's arrays, reached from inside nabla-graph only: {@link dev.nabla.graph.storage.Buffers}
 * (the one way to a tensor's {@code double[]} or {@code float[]}, granted by
 * {@link dev.nabla.graph.Tensor} when its class initialises), {@link dev.nabla.graph.storage.TensorLoops}
 * (the loops a kernel writes once for both element types) and {@link dev.nabla.graph.storage.Fills}
 * (the arrays behind Tensor's factories).
 *
 * <p>Internal to nabla-graph: public only because Java has no access level between packages of
 * one jar; the {@code tests} module's {@code ArchitectureTest} fails the build if a class outside
 * {@code dev.nabla.graph} uses it.
 */
package dev.nabla.graph.storage;
