// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.nn.data.Datasets;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The data the training examples share: the digits, split and standardised, and seeded noisy
 * 1-D regression samples.
 *
 * <p>Usage: {@code TrainingData.Split s = TrainingData.digits(0.25, run.seed()); trainer.fit(s.train(), ...);}
 */
final class TrainingData {
    private TrainingData() {}

    /**
     * A training part and a held-out part.
     *
     * @param train the training samples
     * @param test the held-out samples
     */
    record Split(Dataset train, Dataset test) {}

    /**
     * The digits, split stratified and standardised with the training part's statistics.
     *
     * @param testFraction the held-out share of each class
     * @param seed the split's seed
     * @return the two parts
     */
    static Split digits(double testFraction, long seed) {
        Dataset[] parts = Datasets.digits().stratifiedSplit(testFraction, seed);
        double[][] stats = parts[0].columnStats();
        return new Split(parts[0].standardize(stats[0], stats[1]), parts[1].standardize(stats[0], stats[1]));
    }

    /**
     * The first rows of a data set.
     *
     * @param data the data
     * @param n how many rows, at most the data's size
     * @return a new data set
     */
    static Dataset head(Dataset data, int n) {
        return data.rows(java.util.stream.IntStream.range(0, Math.min(n, data.size())).toArray());
    }

    /**
     * Samples {@code x} uniformly on [low, high] and sets {@code y_o = f_o(x) + noise * N(0, 1)}
     * for each target function.
     *
     * @param n the number of samples
     * @param low the smallest x
     * @param high the largest x
     * @param noise the noise's standard deviation
     * @param seed the seed
     * @param targets the target functions, one output column each
     * @return inputs {@code [n, 1]} and targets {@code [n, O]}
     */
    static Dataset regression(int n, double low, double high, double noise, long seed, DoubleUnaryOperator... targets) {
        Well19937c rng = new Well19937c(seed);
        double[] x = new double[n];
        double[] y = new double[n * targets.length];
        for (int i = 0; i < n; i++) {
            x[i] = low + (high - low) * rng.nextDouble();
            for (int o = 0; o < targets.length; o++) {
                y[i * targets.length + o] = targets[o].applyAsDouble(x[i]) + noise * rng.nextGaussian();
            }
        }
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n, targets.length), y));
    }
}
