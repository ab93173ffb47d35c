// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

/** JVM options every benchmark fork gets, for {@code @Fork(jvmArgsAppend = ...)}. */
final class Jvm {
    /**
     * Adds the JDK's incubating Vector API, which nabla-simd's vectorised exp, tanh and sigmoid
     * need; without it they fall back to scalar loops with the same results.
     */
    static final String VECTOR_API = "--add-modules=jdk.incubator.vector";

    private Jvm() {}
}
