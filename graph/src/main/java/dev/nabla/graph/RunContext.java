// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * What one run gives every kernel: a seed that changes from run to run in a reproducible way,
 * and how many threads the kernels may use.
 *
 * <p>Usage: {@code new Well19937c(ctx.seedFor(myOwnSeed))}
 *
 * @param runSeed the seed of this run, derived from the session's seed and its run count
 * @param threads how many threads a kernel may use, its caller's included (the session's setting)
 */
public record RunContext(long runSeed, int threads) {
    /** Requires at least one thread. */
    public RunContext {
        Arguments.requireAtLeast("RunContext", "threads", threads, 1);
    }

    /**
     * Mixes this run's seed with an op's own seed, so two random ops in one run draw differently.
     *
     * @param opSeed the op's seed
     * @return a well-mixed 64-bit seed
     */
    public long seedFor(long opSeed) {
        return mix(runSeed ^ mix(opSeed + 0x9E3779B97F4A7C15L));
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
