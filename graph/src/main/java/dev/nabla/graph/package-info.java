// SPDX-License-Identifier: Apache-2.0
/**
 * What a user of Nabla's graphs imports: tensors and shapes, the graph and its nodes, the front
 * ends that build nodes, sessions and plans that run them, the param store, custom ops, and the
 * exceptions.
 *
 * <p>Nodes are immutable and built through a {@link dev.nabla.graph.Graph} (leaves) or the fluent
 * methods of {@link dev.nabla.graph.Node} and {@link dev.nabla.graph.Ops} (everything else).
 * Shapes are checked when a node is built. A {@link dev.nabla.graph.Session} compiles fetches into
 * a {@link dev.nabla.graph.Plan} and runs it against a {@link dev.nabla.graph.ParamStore}.
 * Primitives are the closed set in {@code dev.nabla.graph.op}; everything else is a composite in
 * {@link dev.nabla.graph.Ops}, {@link dev.nabla.graph.Reductions}, {@link dev.nabla.graph.Indexing},
 * {@link dev.nabla.graph.Randoms}, or the functional image front ends {@link dev.nabla.graph.Convolutions}
 * and {@link dev.nabla.graph.Pooling}. Authors of custom ops and layers also use
 * {@link dev.nabla.graph.Cotangents} (what derivative rules share) and
 * {@link dev.nabla.graph.Arguments} (argument checks in Nabla's words). The other packages:
 * {@code op} (primitives and their rules), {@code exec} and {@code storage} (internal), {@code kernel}
 * (flat-array loops, where blas and simd plug in) and {@code view} (printing and DOT export).
 */
package dev.nabla.graph;
