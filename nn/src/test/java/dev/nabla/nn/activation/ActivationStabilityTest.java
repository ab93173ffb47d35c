// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Extreme inputs: finite values and gradients at +-1000, sinc at 0, and the where trap in every branch. */
class ActivationStabilityTest {
    private static final Tensor EXTREMES = Tensor.fromRows(new double[] {1000, -1000, 0}, new double[] {-1000, -1000, 1000});

    /** The value, the gradient and the second-order gradient of {@code sum(u * f(x))} for a fixed {@code u}. */
    private static List<Tensor> valueAndGradients(BiFunction<Node, Node, Node> f, Tensor x, Tensor p) {
        Graph g = new Graph();
        Node xn = g.input("x", x.shape().dims());
        Node pn = g.input("p", p.shape().dims());
        Node y = f.apply(xn, pn);
        Node loss = y.mul(g.constant(Tensor.of(y.shape(), weights(y.shape().size())))).sum();
        List<Node> first = Grad.grad(loss, List.of(xn, pn), Grad.Unused.ZERO);
        Node dot = first.get(0).mul(g.constant(Tensor.of(x.shape(), weights(x.size())))).sum().add(first.get(1).sum());
        List<Node> second = Grad.grad(dot, List.of(xn, pn), Grad.Unused.ZERO);
        List<Node> fetches = new ArrayList<>(List.of(y, first.get(0), first.get(1), second.get(0), second.get(1)));
        return new Session(new ParamStore()).run(Map.of(xn, x, pn, p), fetches.toArray(new Node[0]));
    }

    /** @return 0.5, 0.75, 1, 0.5, ...: the fixed projection {@code u} */
    private static double[] weights(int n) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = 0.5 + 0.25 * (i % 3);
        }
        return u;
    }

    private static void assertAllFinite(String what, List<Tensor> ts) {
        for (int k = 0; k < ts.size(); k++) {
            for (double v : ts.get(k).toArray()) {
                assertTrue(Double.isFinite(v), what + ": output " + k + " (value, d/dx, d/dp, second order) has " + v
                        + " in " + ts.get(k));
            }
        }
    }

    @Test
    void softmaxAndFriendsAreFiniteAtPlusMinus1000() {
        List<Tensor> sm = valueAndGradients((x, p) -> Activations.softmax(x, 1), EXTREMES, Tensor.scalar(0));
        assertAllFinite("softmax", sm);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1}, sm.get(0).toArray(), 1e-300);
        List<Tensor> lsm = valueAndGradients((x, p) -> Activations.logSoftmax(x, -1), EXTREMES, Tensor.scalar(0));
        assertAllFinite("log_softmax", lsm);
        assertArrayEquals(new double[] {0, -2000, -1000, -2000, -2000, 0}, lsm.get(0).toArray(), 1e-9);
        List<Tensor> sp = valueAndGradients((x, p) -> Activations.softplus(x), EXTREMES, Tensor.scalar(0));
        assertAllFinite("softplus", sp);
        assertArrayEquals(new double[] {1000, 0, Math.log(2), 0, 0, 1000}, sp.get(0).toArray(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0, 1}, sp.get(1).toArray(), 1e-12, "sigmoid(x) * u");
        List<Tensor> sg = valueAndGradients((x, p) -> Activations.sigmoid(x), EXTREMES, Tensor.scalar(0));
        assertAllFinite("sigmoid", sg);
        assertArrayEquals(new double[] {1, 0, 0.5, 0, 0, 1}, sg.get(0).toArray(), 1e-300);
    }

    @TestFactory
    Stream<DynamicTest> everyActivationIsFiniteAtPlusMinus1000AndZero() {
        return ActivationCatalog.all().stream().map(a -> dynamicTest(a.name(), () ->
                assertAllFinite(a.name(), valueAndGradients((x, p) -> a.fn().apply(x), EXTREMES, Tensor.scalar(0)))));
    }

    @Test
    void sincIsOneWithDerivativeZeroAtZeroAndNoNaN() {
        double[][] d = Probe.derivatives(Activations::sinc, new double[] {0.0, 1e-300, -1e-8}, 0, 3);
        assertArrayEquals(new double[] {1, 1, 1}, d[0], 1e-15);
        assertArrayEquals(new double[] {0, 0, 1e-8 / 3}, d[1], 1e-15);
        assertArrayEquals(new double[] {-1.0 / 3, -1.0 / 3, -1.0 / 3}, d[2], 1e-15);
        assertArrayEquals(new double[] {0, 0, -1e-8 / 5}, d[3], 1e-15);   // f''' = x/5 + O(x^3)
        GradCheck.assertPasses(xs -> Activations.sinc(xs.get(0)), List.of(Tensor.fromArray(new double[] {0, 0.1, -0.1, 1e-5}, 4)));
    }

    @Test
    void arsinhIsExactAtZeroAndFiniteFarOut() {
        double[][] d = Probe.derivatives(Activations::arsinh, new double[] {0, 1e-300, 1e200, -1e300, 1e8}, 0, 2);
        assertArrayEquals(new double[] {0, 1e-300, Math.log(2e200), -Math.log(2) - Math.log(1e300),
                org.apache.commons.math3.util.FastMath.asinh(1e8)}, d[0], 1e-12);
        assertArrayEquals(new double[] {1, 1, 1e-200, 1e-300, 1e-8}, d[1], 1e-20);
        assertEquals(0.0, d[2][0], 0.0);
    }

    /** Soft exponential at alpha below, at and above 0: every branch NaN-free wherever the function is defined. */
    @Test
    void softExponentialBranchesPutNoNaNIntoGradients() {
        double[] xs = {-1000, -1.4, -1, 0, 0.5, 3, 300, 1000};
        for (double alpha : new double[] {-0.5, 0.0, 0.5}) {
            // With alpha = -0.5 the function is defined for x > 1/alpha - alpha = -1.5; feed only those.
            double[] inside = alpha < 0 ? java.util.Arrays.stream(xs).filter(v -> v > -1.5).toArray() : xs;
            if (alpha > 0) {
                inside = java.util.Arrays.stream(xs).filter(v -> v < 1000).toArray();   // e^500 is finite, e^(0.5 * 1000) too
            }
            Tensor x = Tensor.fromArray(inside, inside.length);
            assertAllFinite("soft_exponential alpha " + alpha,
                    valueAndGradients(Activations::softExponential, x, Tensor.scalar(alpha)));
        }
        // Outside the domain of alpha < 0 the value is NaN, as the formula's logarithm is; nowhere else.
        List<Tensor> out = valueAndGradients(Activations::softExponential, Tensor.fromArray(new double[] {-2, 0}, 2),
                Tensor.scalar(-0.5));
        assertTrue(Double.isNaN(out.get(0).toArray()[0]));
        assertFalse(Double.isNaN(out.get(0).toArray()[1]));
    }

    @Test
    void softExponentialMatchesItsClosedFormsInXAndAlpha() {
        double[] xs = {-1.0, -0.25, 0.0, 0.5, 2.0};
        for (double alpha : new double[] {-0.5, 0.0, 0.5}) {
            List<Tensor> out = valueAndGradients((x, p) -> Activations.softExponential(x, p).sum(),
                    Tensor.fromArray(xs, xs.length), Tensor.scalar(alpha));
            double dAlpha = 0;
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double dx;
                if (alpha < 0) {
                    double u = 1 - alpha * (x + alpha);
                    dx = 1 / u;
                    dAlpha += (x + 2 * alpha) / (u * alpha) + Math.log(u) / (alpha * alpha);
                } else if (alpha > 0) {
                    dx = Math.exp(alpha * x);
                    dAlpha += x * Math.exp(alpha * x) / alpha - Math.expm1(alpha * x) / (alpha * alpha) + 1;
                } else {
                    dx = 1;
                    dAlpha += 1 + x * x / 2;
                }
                assertEquals(dx * 0.5, out.get(1).toArray()[i], 1e-12, "d/dx at x = " + x + ", alpha = " + alpha);
            }
            assertEquals(dAlpha * 0.5, out.get(2).item(), 1e-12, "d/dalpha at alpha = " + alpha);
            // Second order in alpha is checked off 0 only: at 0 the function is C^1, not C^2, in alpha.
            GradCheck.Options o = alpha == 0 ? GradCheck.Options.DEFAULT.withOrder(1).withTolerance(1e-4, 1e-5)
                    : GradCheck.Options.DEFAULT;
            GradCheck.assertPasses(in -> Activations.softExponential(in.get(0), in.get(1)),
                    List.of(Tensor.fromArray(xs, xs.length), Tensor.scalar(alpha)), o);
        }
    }

    @Test
    void unselectedBranchesStayQuietAtHugeInputs() {
        Tensor huge = Tensor.fromArray(new double[] {-1e300, -1e5, 1e5, 1e300}, 4);
        for (String name : List.of("elu", "selu", "isrlu", "softplus", "sinc", "gaussian", "sqnl", "hard_swish", "relu", "srelu")) {
            UnaryOperator<Node> f = ActivationCatalog.get(name).fn();
            List<Tensor> out = valueAndGradients((x, p) -> f.apply(x), huge, Tensor.scalar(0));
            for (int k = 1; k < out.size(); k++) {
                for (double v : out.get(k).toArray()) {
                    assertFalse(Double.isNaN(v), name + ": gradient " + k + " has NaN at +-1e300: " + out.get(k));
                }
            }
        }
    }
}
