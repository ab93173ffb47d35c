// SPDX-License-Identifier: Apache-2.0
/**
 * Vectorised exp, tanh and sigmoid (float64 and float32) and erf (float32) on the JDK's incubating
 * Vector API: {@link dev.nabla.simd.VectorApiMath}, a {@link dev.nabla.graph.kernel.VectorMath}
 * found by {@link java.util.ServiceLoader}.
 *
 * <p>Invariant: every loop gives, for every element, the bits of
 * {@link dev.nabla.graph.kernel.ScalarMath}'s scalar method (float32 loops: of
 * {@link dev.nabla.graph.kernel.FloatMath}'s), in every JIT tier; so results never
 * depend on whether this module is present or the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. Nothing here calls the Vector API's own
 * transcendental functions, which round differently before and after the JIT compiles a loop.
 */
package dev.nabla.simd;
