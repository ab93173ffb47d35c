// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.util.FastMath;

/**
 * Closed forms written independently of the code under test, in plain double arithmetic: each
 * catalog function's value and first derivative as a function of one entry {@code t} of column
 * {@code col} (0 or 1; only BReLU tells them apart), with the other column held at 0. Also the
 * kinks (where a derivative jumps) and seams (where the implementation switches branch although
 * the function is smooth).
 *
 * @param f the value
 * @param df the first derivative
 * @param kinks points where some derivative jumps
 * @param seams points where a smooth function's implementation switches branch
 */
record Reference(Scalar f, Scalar df, List<Double> kinks, List<Double> seams) {
    /** A function of one entry {@code t} in column {@code col}. */
    @FunctionalInterface
    interface Scalar {
        double at(double t, int col);
    }

    private static final double LAMBDA = 1.0507009873554805;
    private static final double ALPHA = 1.6732632423543772;
    private static final double C = Math.sqrt(2 / Math.PI);
    private static final Map<String, Reference> ALL = new TreeMap<>();

    static Reference of(String name) {
        Reference r = ALL.get(name);
        if (r == null) {
            throw new AssertionError("no closed-form reference for \"" + name + "\"");
        }
        return r;
    }

    static java.util.Set<String> names() {
        return ALL.keySet();
    }

    private static void smooth(String name, Scalar f, Scalar df, Double... seams) {
        ALL.put(name, new Reference(f, df, List.of(), List.of(seams)));
    }

    private static void kinked(String name, Scalar f, Scalar df, Double... kinks) {
        ALL.put(name, new Reference(f, df, List.of(kinks), List.of()));
    }

    static double sigma(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    static double softplus(double t) {
        return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    }

    private static double leaky(double t, double s) {
        return t > 0 ? t : s * t;
    }

    private static double hardSigmoid(double t) {
        return Math.min(Math.max(t + 3, 0), 6) / 6;
    }

    static {
        smooth("identity", (t, c) -> t, (t, c) -> 1);
        kinked("binary_step", (t, c) -> t >= 0 ? 1 : 0, (t, c) -> 0, 0.0);
        smooth("sigmoid", (t, c) -> sigma(t), (t, c) -> sigma(t) * (1 - sigma(t)));
        smooth("tanh", (t, c) -> Math.tanh(t), (t, c) -> 1 - Math.tanh(t) * Math.tanh(t));
        smooth("arctan", (t, c) -> Math.atan(t), (t, c) -> 1 / (1 + t * t));
        smooth("arsinh", (t, c) -> FastMath.asinh(t), (t, c) -> 1 / Math.sqrt(1 + t * t), 0.0);
        kinked("softsign", (t, c) -> t / (1 + Math.abs(t)), (t, c) -> 1 / ((1 + Math.abs(t)) * (1 + Math.abs(t))), 0.0);
        smooth("isru", (t, c) -> t / Math.sqrt(1 + t * t), (t, c) -> Math.pow(1 + t * t, -1.5));
        kinked("isrlu", (t, c) -> t < 0 ? t / Math.sqrt(1 + t * t) : t, (t, c) -> t < 0 ? Math.pow(1 + t * t, -1.5) : 1, 0.0);
        kinked("sqnl", (t, c) -> t > 2 ? 1 : t < -2 ? -1 : t >= 0 ? t - t * t / 4 : t + t * t / 4,
                (t, c) -> Math.abs(t) > 2 ? 0 : 1 - Math.abs(t) / 2, -2.0, 0.0, 2.0);
        kinked("relu", (t, c) -> Math.max(t, 0), (t, c) -> t > 0 ? 1 : 0, 0.0);
        kinked("brelu", (t, c) -> c == 0 ? Math.max(t, 0) : Math.min(t, 0),
                (t, c) -> c == 0 ? (t > 0 ? 1 : 0) : (t < 0 ? 1 : 0), 0.0);
        kinked("leaky_relu", (t, c) -> leaky(t, 0.01), (t, c) -> t > 0 ? 1 : 0.01, 0.0);
        kinked("prelu", (t, c) -> leaky(t, 0.25), (t, c) -> t > 0 ? 1 : 0.25, 0.0);
        kinked("rrelu", (t, c) -> leaky(t, 11.0 / 48), (t, c) -> t > 0 ? 1 : 11.0 / 48, 0.0);
        kinked("elu", (t, c) -> t > 0 ? t : Math.expm1(t), (t, c) -> t > 0 ? 1 : Math.exp(t), 0.0);
        kinked("selu", (t, c) -> LAMBDA * (t > 0 ? t : ALPHA * Math.expm1(t)),
                (t, c) -> LAMBDA * (t > 0 ? 1 : ALPHA * Math.exp(t)), 0.0);
        kinked("srelu", (t, c) -> t <= -1 ? -1 + 0.1 * (t + 1) : t >= 1 ? 1 + 0.1 * (t - 1) : t,
                (t, c) -> Math.abs(t) >= 1 ? 0.1 : 1, -1.0, 1.0);
        kinked("apl", (t, c) -> Math.max(0, t) + 0.5 * Math.max(0, 1 - t) - Math.max(0, -1 - t),
                (t, c) -> (t > 0 ? 1 : 0) - (t < 1 ? 0.5 : 0) + (t < -1 ? 1 : 0), -1.0, 0.0, 1.0);
        smooth("softplus", (t, c) -> softplus(t), (t, c) -> sigma(t), 0.0);
        smooth("bent_identity", (t, c) -> (Math.sqrt(t * t + 1) - 1) / 2 + t, (t, c) -> t / (2 * Math.sqrt(t * t + 1)) + 1);
        smooth("silu", (t, c) -> t * sigma(t), (t, c) -> sigma(t) + t * sigma(t) * (1 - sigma(t)));
        smooth("soft_exponential", (t, c) -> Math.expm1(0.5 * t) / 0.5 + 0.5, (t, c) -> Math.exp(0.5 * t));
        smooth("soft_clipping", (t, c) -> Math.log((1 + Math.exp(t)) / (1 + Math.exp(t - 1))),
                (t, c) -> sigma(t) - sigma(t - 1), 0.0, 1.0);
        smooth("sinusoid", (t, c) -> Math.sin(t), (t, c) -> Math.cos(t));
        smooth("sinc", (t, c) -> t == 0 ? 1 : Math.sin(t) / t,
                (t, c) -> t == 0 ? 0 : (t * Math.cos(t) - Math.sin(t)) / (t * t), -0.1, 0.0, 0.1);
        smooth("gaussian", (t, c) -> Math.exp(-t * t), (t, c) -> -2 * t * Math.exp(-t * t));
        smooth("gelu", (t, c) -> 0.5 * t * (1 + Erf.erf(t / Math.sqrt(2))),
                (t, c) -> 0.5 * (1 + Erf.erf(t / Math.sqrt(2))) + t * Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI));
        smooth("gelu_tanh", (t, c) -> 0.5 * t * (1 + Math.tanh(C * (t + 0.044715 * t * t * t))), (t, c) -> {
            double th = Math.tanh(C * (t + 0.044715 * t * t * t));
            return 0.5 * (1 + th) + 0.5 * t * (1 - th * th) * C * (1 + 3 * 0.044715 * t * t);
        });
        smooth("mish", (t, c) -> t * Math.tanh(softplus(t)),
                (t, c) -> Math.tanh(softplus(t)) + t * (1 - Math.pow(Math.tanh(softplus(t)), 2)) * sigma(t), 0.0);
        kinked("hard_sigmoid", (t, c) -> hardSigmoid(t), (t, c) -> Math.abs(t) < 3 ? 1.0 / 6 : 0, -3.0, 3.0);
        kinked("hard_swish", (t, c) -> t * hardSigmoid(t),
                (t, c) -> hardSigmoid(t) + (Math.abs(t) < 3 ? t / 6 : 0), -3.0, 3.0);
        // Softmax of (t, 0) in column 0 is sigma(t); its own-entry derivative is sigma (1 - sigma).
        smooth("softmax", (t, c) -> sigma(t), (t, c) -> sigma(t) * (1 - sigma(t)));
        smooth("log_softmax", (t, c) -> -softplus(-t), (t, c) -> 1 - sigma(t));
    }
}
