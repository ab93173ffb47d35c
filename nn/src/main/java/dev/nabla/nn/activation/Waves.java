// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;

/**
 * The periodic and bump-shaped activations, sinusoid, sinc and Gaussian, each defined here once;
 * {@link Activations} lists them beside the other families.
 *
 * <p>Usage: {@code Node h = Waves.sinc(x.matmul(w));}
 */
public final class Waves {
    /** Below this |x|, sinc uses its Taylor series; its first dropped term, x^10/11!, is under 1e-17 there. */
    private static final double SINC_SERIES = 0.1;

    private Waves() {}

    /**
     * The sinusoid {@code sin(x)}, a periodic activation. Usage: {@code Waves.sinusoid(x)}.
     *
     * @param x the input
     * @return sin
     */
    public static Node sinusoid(Node x) {
        return Branches.require("sinusoid", x).sin();
    }

    /**
     * Sinc {@code sin(x) / x}, a decaying wave that is 1 at 0 with derivative 0 there and no NaN.
     * Usage: {@code Waves.sinc(x)}.
     *
     * <p>For {@code |x| < 0.1} it is {@code 1 - x^2/3! + x^4/5! - x^6/7! + x^8/9!}: there the quotient's derivatives
     * cancel catastrophically, and at 0 they are 0/0. Each branch sees a harmless argument where it is not picked (1
     * for the quotient, 0 for the series), so no NaN reaches the value, the gradient or the second derivative.
     *
     * @param x the input
     * @return sinc
     */
    public static Node sinc(Node x) {
        Branches.require("sinc", x);
        Node near = Branches.below(x.abs(), SINC_SERIES);
        Node xs = Branches.when(near, x, 0.0);
        Node z = xs.square();
        Node series = z.mul(1.0 / 362880).add(-1.0 / 5040).mul(z).add(1.0 / 120).mul(z).add(-1.0 / 6).mul(z).add(1.0);
        Node xq = Branches.unless(near, x, 1.0);
        return Ops.where(near, series, xq.sin().div(xq));
    }

    /**
     * The Gaussian {@code e^(-x^2)}, a bump that is 1 at 0 and vanishes on both sides.
     * Usage: {@code Waves.gaussian(x)}.
     *
     * @param x the input
     * @return the Gaussian
     */
    public static Node gaussian(Node x) {
        return Branches.require("gaussian", x).square().neg().exp();
    }
}
