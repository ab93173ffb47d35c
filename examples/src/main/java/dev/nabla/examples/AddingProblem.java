// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;
import java.util.SplittableRandom;

/**
 * Batches of the adding problem (Hochreiter and Schmidhuber, 1997, in the form of Le, Jaitly and
 * Hinton, 2015): sequences of T steps with two channels, a value drawn from U(0, 1) and a marker
 * that is 1 at exactly two steps, one in each half of the sequence; the target is the sum of the
 * two marked values. A model that forgets predicts the mean, 1, and its mean squared error is the
 * variance of a sum of two uniforms, {@link #BASELINE_MSE} = 1/6.
 *
 * <p>Usage: {@code AddingProblem.Batch b = AddingProblem.sample(64, 30, rng);} with {@code b.x()}
 * {@code [64, 30, 2]} and {@code b.y()} {@code [64, 1]}.
 */
final class AddingProblem {
    /** The MSE of always predicting the mean sum 1: Var(u1 + u2) = 2/12. */
    static final double BASELINE_MSE = 1.0 / 6;

    private AddingProblem() {}

    /**
     * A batch of sequences and their targets.
     *
     * @param x the sequences {@code [N, T, 2]}: value, marker
     * @param y the sums of the marked values {@code [N, 1]}
     */
    record Batch(Tensor x, Tensor y) {}

    /**
     * Draws a batch.
     *
     * @param n sequences
     * @param steps the length T, at least 2 so that each half holds a marker
     * @param rng the source of randomness, advanced
     * @return the batch
     * @throws NablaException if n is below 1 or steps below 2
     */
    static Batch sample(int n, int steps, SplittableRandom rng) {
        if (n < 1 || steps < 2) {
            throw new NablaException("AddingProblem.sample: expected n >= 1 and steps >= 2, got n = " + n + ", steps = "
                    + steps);
        }
        double[] x = new double[n * steps * 2];
        double[] y = new double[n];
        int half = steps / 2;
        for (int i = 0; i < n; i++) {
            int base = i * steps * 2;
            for (int t = 0; t < steps; t++) {
                x[base + 2 * t] = rng.nextDouble();
            }
            int first = rng.nextInt(half);
            int second = half + rng.nextInt(steps - half);
            x[base + 2 * first + 1] = 1;
            x[base + 2 * second + 1] = 1;
            y[i] = x[base + 2 * first] + x[base + 2 * second];
        }
        return new Batch(Tensor.fromArray(x, n, steps, 2), Tensor.fromArray(y, n, 1));
    }
}
