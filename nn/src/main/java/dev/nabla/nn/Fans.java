// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;

/**
 * How many inputs feed each output of a weight and how many outputs each input feeds, the numbers
 * that scaled initialisers ({@link Init#he()}, {@link Init#xavierNormal()}, ...) divide by so
 * that a layer keeps its signal's variance.
 *
 * <p>A dense weight {@code [in, out]} has the fans {@code (in, out)}; a convolution kernel
 * {@code [out, in/groups, k...]} has {@code (in/groups * taps, out * taps)}, where taps is the
 * product of the kernel sizes, as PyTorch computes them. Usage:
 * {@code Init.he().withFans(Fans.ofKernel(Shape.of(16, 8, 3, 3)))}
 *
 * @param in the fan-in, at least 1
 * @param out the fan-out, at least 1
 */
public record Fans(int in, int out) {
    /** Checks that both fans are positive. */
    public Fans {
        if (in < 1 || out < 1) {
            throw new NablaException("Fans: fan-in and fan-out must be at least 1, got " + in + " and " + out);
        }
    }

    /**
     * The fans of a dense weight {@code [in, out]}; for other ranks fan-in is the product of all
     * but the last size and fan-out the last size (1 for a scalar).
     *
     * @param shape the weight's shape
     * @return its fans
     */
    public static Fans of(Shape shape) {
        Arguments.requireNonNull("Fans.of", "shape", shape);
        int in = 1;
        for (int i = 0; i < shape.rank() - 1; i++) {
            in *= shape.dim(i);
        }
        return new Fans(Math.max(in, 1), shape.rank() == 0 ? 1 : Math.max(shape.dim(-1), 1));
    }

    /**
     * The fans of a convolution kernel {@code [out, in/groups, k...]}: each output sums
     * {@code in/groups} channels times the kernel's taps.
     *
     * @param shape the kernel's shape, rank at least 3
     * @return {@code (in/groups * taps, out * taps)}
     * @throws NablaException if the rank is below 3
     */
    public static Fans ofKernel(Shape shape) {
        Arguments.requireNonNull("Fans.ofKernel", "shape", shape);
        if (shape.rank() < 3) {
            throw new NablaException("Fans.ofKernel: a kernel is [out, in/groups, k...] (rank at least 3), got "
                    + shape);
        }
        int taps = 1;
        for (int i = 2; i < shape.rank(); i++) {
            taps *= shape.dim(i);
        }
        return new Fans(shape.dim(1) * taps, shape.dim(0) * taps);
    }
}
