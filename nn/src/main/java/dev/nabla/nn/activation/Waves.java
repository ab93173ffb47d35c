// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;

/** The periodic and bump-shaped activations: sinusoid, sinc and Gaussian; see {@link Activations}. */
final class Waves {
    /** Below this |x|, sinc uses its Taylor series; its first dropped term, x^10/11!, is under 1e-17 there. */
    private static final double SINC_SERIES = 0.1;

    private Waves() {}

    static Node sinusoid(Node x) {
        return Branches.require("sinusoid", x).sin();
    }

    /**
     * {@code sin(x)/x}, with {@code 1 - x^2/3! + x^4/5! - x^6/7! + x^8/9!} for {@code |x| < 0.1}:
     * there the quotient's derivatives cancel catastrophically, and at 0 they are 0/0. Each branch
     * sees a harmless argument where it is not picked (1 for the quotient, 0 for the series), so
     * no NaN reaches the value, the gradient or the second derivative.
     */
    static Node sinc(Node x) {
        Branches.require("sinc", x);
        Node near = Branches.below(x.abs(), SINC_SERIES);
        Node xs = Branches.when(near, x, 0.0);
        Node z = xs.square();
        Node series = z.mul(1.0 / 362880).add(-1.0 / 5040).mul(z).add(1.0 / 120).mul(z).add(-1.0 / 6).mul(z).add(1.0);
        Node xq = Branches.unless(near, x, 1.0);
        return Ops.where(near, series, xq.sin().div(xq));
    }

    static Node gaussian(Node x) {
        return Branches.require("gaussian", x).square().neg().exp();
    }
}
