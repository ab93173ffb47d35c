// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

/** Seeds derived from a run's seed, so every task's random draws depend on where it is, not when it runs. */
final class Seeds {
    private Seeds() {}

    /**
     * Derives a seed for one step on one partition from the run's seed.
     *
     * @param seed the run's seed
     * @param step the step or round
     * @param partition the partition
     * @return a well-mixed seed for this step on this partition (SplitMix64's finaliser)
     */
    static long mix(long seed, long step, int partition) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + partition * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
