// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Domain;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A finite tensor and the same tensor with a few entries replaced by NaN, +inf or -inf, at
 * positions and of kinds drawn from a seed; the non-finite property suites draw these.
 *
 * @param clean the finite tensor
 * @param dirty the tensor with its non-finite entries
 */
record NonFiniteCase(Tensor clean, Tensor dirty) {
    private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /**
     * Draws cases.
     *
     * @param values the domain of the finite entries
     * @param most how many entries at most become NaN, +inf or -inf
     * @return inputs of shape {@code [1..3, 1..4]} with one to {@code most} entries made non-finite
     */
    static Gen<NonFiniteCase> cases(Domain values, int most) {
        Gen<Shape> shapes = Generate.range(1, 3).zip(Generate.range(1, 4), (r, c) -> Shape.of(r, c));
        return shapes.flatMap(s -> values.tensors(s).zip(seeds(), (t, seed) -> inject(t, seed, most)));
    }

    /** @return seeds for the draws a case makes beyond its values */
    static Gen<Long> seeds() {
        return Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** @return {@code clean} with one to {@code most} entries (at most all) made NaN, +inf or -inf */
    static NonFiniteCase inject(Tensor clean, long seed, int most) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = clean.toArray();
        int count = 1 + rng.nextInt(Math.min(most, v.length));
        for (int k = 0; k < count; k++) {
            int at = rng.nextInt(v.length);
            while (!Double.isFinite(v[at])) {
                at = (at + 1) % v.length;
            }
            v[at] = SPECIALS[rng.nextInt(SPECIALS.length)];
        }
        return new NonFiniteCase(clean, Tensor.of(clean.shape(), v));
    }

    /** @return the entry of {@link #dirty} at a flat index if it is not finite, else 0 */
    double special(int i) {
        double d = dirty.toArray()[i];
        return Double.isFinite(d) ? 0 : d;
    }

    @Override
    public String toString() {
        return "x " + clean.shape() + " = " + Arrays.toString(dirty.toArray());
    }
}
