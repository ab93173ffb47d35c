// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

/**
 * A smooth function of a flat vector with its gradient, as L-BFGS sees it: the graph-level
 * {@link Lbfgs#minimize} runs a compiled plan behind it. Internal to nabla-nn.
 */
@FunctionalInterface
interface Objective {
    /**
     * Evaluates the function and its gradient.
     *
     * @param x the point; not kept
     * @param grad where the gradient at {@code x} is written, as long as {@code x}
     * @return the value at {@code x}
     */
    double at(double[] x, double[] grad);
}
