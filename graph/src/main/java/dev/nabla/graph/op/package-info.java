// SPDX-License-Identifier: Apache-2.0
/**
 * The primitives: the closed set of ops the executor runs, each a record holding its shape rule,
 * its kernel and its derivative rule, listed by {@link dev.nabla.graph.op.OpKind}.
 *
 * <p>From a {@link dev.nabla.graph.Node} method, an op's kernel and rule are one hop away: an
 * elementwise function's row in {@link dev.nabla.graph.op.UnaryFn} or
 * {@link dev.nabla.graph.op.BinaryFn} (its scalar kernel and its rule on one line), or a record
 * such as {@link dev.nabla.graph.op.MatMul} (its {@code forward} and {@code vjp}); the loops they
 * call are in {@code dev.nabla.graph.kernel}. Public for autodiff, which switches on the kinds, and
 * for users who read a node's op; users build nodes through {@code Node}, {@code Ops} and the other
 * front ends, never by constructing these records.
 */
package dev.nabla.graph.op;
