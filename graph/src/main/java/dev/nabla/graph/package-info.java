// SPDX-License-Identifier: Apache-2.0
/**
 * Tensors, shapes, the graph of primitive ops, and the executor.
 *
 * <p>Nodes are immutable and built through a {@link dev.nabla.graph.Graph} (leaves) or the fluent
 * methods of {@link dev.nabla.graph.Node} and {@link dev.nabla.graph.Ops} (everything else).
 * Shapes are checked when a node is built. A {@link dev.nabla.graph.Session} compiles fetches into
 * a {@link dev.nabla.graph.Plan} and runs it against a {@link dev.nabla.graph.ParamStore}.
 * Primitives are the closed set permitted by {@link dev.nabla.graph.Primitive}; everything else is
 * a composite in {@link dev.nabla.graph.Ops}, {@link dev.nabla.graph.Reductions}, {@link dev.nabla.graph.Indexing} or
 * {@link dev.nabla.graph.Randoms}.
 */
package dev.nabla.graph;
