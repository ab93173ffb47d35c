// SPDX-License-Identifier: Apache-2.0
/**
 * Gradient property tests for users' own layers, losses and ops, shared with Nabla's own suites:
 * {@link dev.nabla.testkit.GradientProperty} turns any function of nodes into a first- and
 * second-order check against finite differences over drawn inputs, from generators of shapes
 * ({@link dev.nabla.testkit.Shapes}), value domains that keep away from kinks and poles
 * ({@link dev.nabla.testkit.Domain}), and random well-formed graphs of smooth ops
 * ({@link dev.nabla.testkit.RandomGraphs}, {@link dev.nabla.testkit.GraphRecipe}).
 *
 * <p>Invariants: every generator draws only through the {@code RandomnessSource} it is handed, so
 * a fixed QuickTheories seed reproduces every draw and QuickTheories can shrink a failing case;
 * every generated shape has known sizes of at least 1; every drawn value is finite.
 */
package dev.nabla.testkit;
