// SPDX-License-Identifier: Apache-2.0
/**
 * The executor's passes over a compiled graph: the rewrites of an optimised plan (common
 * subexpressions and algebraic identities, {@code Rewrites}), constant folding and scalar broadcasts
 * ({@link dev.nabla.graph.exec.CompileTime}), running a kernel in either element type
 * ({@link dev.nabla.graph.exec.DTypeDispatch}), checking feeds ({@link dev.nabla.graph.exec.Feeds})
 * and scanning values for NaN and infinity ({@link dev.nabla.graph.exec.Anomalies}).
 *
 * <p>Internal to nabla-graph: {@link dev.nabla.graph.Plan} and {@link dev.nabla.graph.Session} are
 * what users hold. Public only because Java has no access level between packages of one jar; the
 * {@code tests} module's {@code ArchitectureTest} fails the build if a class outside
 * {@code dev.nabla.graph} uses it.
 */
package dev.nabla.graph.exec;
