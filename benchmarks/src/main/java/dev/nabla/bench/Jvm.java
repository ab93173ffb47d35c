// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

/** JVM options every benchmark fork gets, for {@code @Fork(jvmArgsAppend = ...)}. */
final class Jvm {
    /**
     * Adds the JDK's incubating Vector API, which nabla-simd's vectorised exp, tanh and sigmoid
     * need; without it they fall back to scalar loops with the same results.
     */
    static final String VECTOR_API = "--add-modules=jdk.incubator.vector";

    /**
     * Touches every page of the fixed heap when the fork starts. Without it the first pass through
     * a fresh 2 GB heap page-faults: a float32 MLP step (b128), which allocates 1.6 MB of new
     * params, took 87 minor faults a step and a median 6.9 ms against 0.9 faults and 3.0 ms with
     * it (AMD EPYC Zen 5, 2 cores, one thread's CPU time and wall time over 4 s). A long training
     * run reaches the pre-touched state once its heap has grown; a one-second JMH iteration does not.
     */
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private Jvm() {}
}
