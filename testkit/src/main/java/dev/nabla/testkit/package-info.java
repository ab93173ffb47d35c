// SPDX-License-Identifier: Apache-2.0
/**
 * QuickTheories generators for gradient property tests, shared by Nabla's own suites and open to
 * users for their own ops: shapes ({@link dev.nabla.testkit.Shapes}), value domains that keep away
 * from kinks and poles ({@link dev.nabla.testkit.Domain}), and random well-formed graphs of smooth
 * ops ({@link dev.nabla.testkit.RandomGraphs}, {@link dev.nabla.testkit.GraphRecipe}).
 *
 * <p>Invariants: every generator draws only through the {@code RandomnessSource} it is handed, so
 * a fixed QuickTheories seed reproduces every draw and QuickTheories can shrink a failing case;
 * every generated shape has known sizes of at least 1; every drawn value is finite.
 */
package dev.nabla.testkit;
