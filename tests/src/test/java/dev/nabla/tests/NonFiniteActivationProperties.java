// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.ActivationCatalog;
import dev.nabla.nn.activation.ActivationInfo;
import dev.nabla.nn.activation.Activations;
import dev.nabla.testkit.Domain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.WithQuickTheories;

/**
 * NaN in, NaN out, for every activation of {@link ActivationCatalog} (a new one is covered as soon
 * as it is catalogued, and fails {@link #everyActivationHasARow} until its row below says what it
 * does with infinities). Each example is a finite {@code [rows, cols]} input with one to three
 * entries replaced by NaN, +inf or -inf ({@link NonFiniteCase}); it is run beside the finite
 * input, with the gradient of {@code sum(f(x))}:
 *
 * <ul>
 *   <li>where a NaN went in, the value is NaN, and the gradient is the row's {@code grad(NaN)};
 *   <li>where +inf or -inf went in, the value is the row's {@code f(+inf)} or {@code f(-inf)};
 *   <li>everywhere else value and gradient are those of the finite input, bit for bit.
 * </ul>
 *
 * <p>The table follows PyTorch where PyTorch has the function (the value of its CPU kernel's
 * formula); a NaN at an infinity there is PyTorch's too ({@code 0 * inf} or {@code inf / inf} in
 * that formula), and for the functions PyTorch lacks it is the formula's own IEEE result. The
 * gradient at NaN is NaN wherever PyTorch's is; the piecewise-linear units pass the slope of the
 * branch a NaN falls into, finite as in PyTorch (whose relu backward, {@code x <= 0 ? 0 : g}, also
 * gives 1). Softmax and log-softmax work along the last axis: see {@link #checkAlongLastAxis}.
 */
class NonFiniteActivationProperties implements WithQuickTheories {
    private static final long SEED = 20_250_216L;
    private static final int DEFAULT_EXAMPLES = 40;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final Set<String> ALONG_LAST_AXIS = Set.of("softmax", "log_softmax");
    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    /**
     * What an elementwise activation gives at +inf and -inf, and its derivative at NaN; each for
     * even and for odd columns (only BReLU tells them apart).
     */
    record Row(double[] plus, double[] minus, double[] gradAtNaN) {}

    static {
        // name                f(+inf)        f(-inf)                    f'(NaN)   PyTorch, where it differs or lacks the function
        row("identity",        INF,           -INF,                      1);
        row("binary_step",     1,             0,                         0);       // heaviside(NaN, 1) is 0 in PyTorch; NaN here
        row("sigmoid",         1,             0,                         NAN);
        row("tanh",            1,             -1,                        NAN);
        row("arctan",          Math.PI / 2,   -Math.PI / 2,              NAN);
        row("arsinh",          INF,           -INF,                      NAN);
        row("softsign",        NAN,           NAN,                       NAN);     // x / (1 + |x|) = inf / inf, as F.softsign
        row("isru",            NAN,           NAN,                       NAN);     // none; x / sqrt(1 + x^2) = inf / inf
        row("isrlu",           INF,           NAN,                       1);       // none; -inf / inf on the left
        row("sqnl",            1,             -1,                        NAN);     // none
        row("relu",            INF,           0,                         1);
        rowByParity("brelu",   INF, 0,        0, -INF,                   1, 1);    // none; even columns relu, odd ones min(x, 0)
        row("leaky_relu",      INF,           -INF,                      0.01);
        row("prelu",           INF,           -INF,                      ActivationCatalog.PRELU_ALPHA);
        row("rrelu",           INF,           -INF,                      (ActivationCatalog.RRELU_LOWER + ActivationCatalog.RRELU_UPPER) / 2);
        row("elu",             INF,           -1,                        NAN);     // f'(NaN) = 1 in PyTorch (x <= 0 fails)
        row("selu",            INF,           -Activations.SELU_ALPHA * Activations.SELU_LAMBDA, NAN);  // f'(NaN) = lambda
        row("srelu",           INF,           -INF,                      1);       // none
        row("apl",             INF,           NAN,                       1.5);     // none; inf - inf of its hinges at -inf
        row("softplus",        INF,           0,                         NAN);
        row("bent_identity",   NAN,           NAN,                       NAN);     // none; inf / inf, then inf - inf
        row("silu",            INF,           NAN,                       NAN);     // x / (1 + e^-x) = -inf / inf
        row("soft_exponential", INF,          ActivationCatalog.SOFT_EXPONENTIAL_ALPHA - 1 / ActivationCatalog.SOFT_EXPONENTIAL_ALPHA,
                NAN);                                                               // none
        row("soft_clipping",   NAN,           0,                         NAN);     // none; inf - inf at +inf
        row("sinusoid",        NAN,           NAN,                       NAN);
        row("sinc",            NAN,           NAN,                       NAN);
        row("gaussian",        0,             0,                         NAN);     // none
        row("gelu",            INF,           NAN,                       NAN);     // x (1 + erf(x / sqrt 2)) / 2 = -inf * 0
        row("gelu_tanh",       INF,           NAN,                       NAN);
        row("mish",            INF,           NAN,                       NAN);     // x tanh(softplus(x)) = -inf * 0
        row("hard_sigmoid",    1,             0,                         1.0 / 6); // f'(NaN) = 0 in PyTorch (-3 < x < 3 fails)
        row("hard_swish",      INF,           NAN,                       NAN);     // -inf * 0; f'(NaN) = 1 in PyTorch
    }

    private static void row(String name, double plus, double minus, double gradAtNaN) {
        rowByParity(name, plus, plus, minus, minus, gradAtNaN, gradAtNaN);
    }

    private static void rowByParity(String name, double plusEven, double plusOdd, double minusEven, double minusOdd,
            double gradEven, double gradOdd) {
        TABLE.put(name, new Row(new double[] {plusEven, plusOdd}, new double[] {minusEven, minusOdd},
                new double[] {gradEven, gradOdd}));
    }

    @Test
    void everyActivationHasARow() {
        Set<String> missing = new TreeSet<>();
        Set<String> unknown = new TreeSet<>(TABLE.keySet());
        for (ActivationInfo a : ActivationCatalog.all()) {
            unknown.remove(a.name());
            if (!TABLE.containsKey(a.name()) && !ALONG_LAST_AXIS.contains(a.name())) {
                missing.add(a.name());
            }
        }
        assertTrue(missing.isEmpty(), () -> "activations without a row saying what they give at +-inf: " + missing);
        assertTrue(unknown.isEmpty(), () -> "rows for activations the catalog does not list: " + unknown);
    }

    @TestFactory
    Stream<DynamicTest> nanGoesThroughAndInfinitiesGiveTheTable() {
        int examples = Integer.getInteger("nabla.examples", DEFAULT_EXAMPLES);
        return ActivationCatalog.all().stream().map(a -> dynamicTest(a.name(), () ->
                qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(50)
                        .forAll(NonFiniteCase.cases(Domain.between(-4, 4), 3))
                        .checkAssert(c -> check(a, c))));
    }

    private static void check(ActivationInfo a, NonFiniteCase c) {
        List<Tensor> clean = valueAndGradient(a, c.clean());
        List<Tensor> dirty = valueAndGradient(a, c.dirty());
        if (ALONG_LAST_AXIS.contains(a.name())) {
            checkAlongLastAxis(a.name(), c, clean, dirty);
            return;
        }
        Row row = TABLE.get(a.name());
        int cols = c.clean().shape().dim(1);
        double[] y = dirty.get(0).toArray();
        double[] dx = dirty.get(1).toArray();
        for (int i = 0; i < y.length; i++) {
            String at = a.name() + " at flat index " + i + " of " + c;
            int parity = i % cols % 2;
            double special = c.special(i);
            if (Double.isNaN(special)) {
                assertSame(NAN, y[i], at + ": the value");
                assertSame(row.gradAtNaN()[parity], dx[i], at + ": the gradient at NaN");
            } else if (Double.isInfinite(special)) {
                assertSame(special > 0 ? row.plus()[parity] : row.minus()[parity], y[i], at + ": the value");
            } else {
                assertSame(clean.get(0).toArray()[i], y[i], at + ": the value, untouched");
                assertSame(clean.get(1).toArray()[i], dx[i], at + ": the gradient, untouched");
            }
        }
    }

    /**
     * As in PyTorch: a row holding NaN or +inf is NaN throughout, value and gradient ({@code inf -
     * inf} once the maximum is subtracted), and so is a row of -inf only; a -inf entry of a row
     * with finite ones has probability 0 (log-probability -inf), and the others are the softmax of
     * the finite entries, with finite gradients. Rows without a special entry are untouched.
     */
    private static void checkAlongLastAxis(String name, NonFiniteCase c, List<Tensor> clean, List<Tensor> dirty) {
        int rows = c.clean().shape().dim(0);
        int cols = c.clean().shape().dim(1);
        double[] x = c.dirty().toArray();
        for (int r = 0; r < rows; r++) {
            boolean poisoned = true;
            boolean touched = false;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                poisoned &= x[j] == Double.NEGATIVE_INFINITY;
                touched |= !Double.isFinite(x[j]);
                max = Double.isNaN(x[j]) || Double.isNaN(max) ? NAN : Math.max(max, x[j]);
            }
            poisoned |= Double.isNaN(max) || max == INF;
            double sum = 0;
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                sum += Math.exp(x[j] - max);
            }
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                String at = name + " at flat index " + j + " of " + c;
                double got = dirty.get(0).toArray()[j];
                double dx = dirty.get(1).toArray()[j];
                if (!touched) {
                    assertSame(clean.get(0).toArray()[j], got, at + ": the value, untouched");
                    assertSame(clean.get(1).toArray()[j], dx, at + ": the gradient, untouched");
                } else if (poisoned) {
                    assertSame(NAN, got, at + ": the value in a row with NaN, +inf or only -inf");
                    assertSame(NAN, dx, at + ": the gradient in a row with NaN, +inf or only -inf");
                } else {
                    double logP = x[j] - max - Math.log(sum);
                    double want = name.equals("softmax") ? Math.exp(logP) : logP;
                    assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(logP)), at + ": the value");
                    assertTrue(Double.isFinite(dx), at + ": the gradient is " + dx);
                }
            }
        }
    }

    private static List<Tensor> valueAndGradient(ActivationInfo a, Tensor x) {
        Graph g = new Graph();
        Node in = g.input("x", x.shape().dims());
        Node y = a.fn().apply(in);
        Node dx = Grad.grad(y.sum(), List.of(in), Grad.Unused.ZERO).get(0);
        return new Session(new ParamStore()).run(Map.of(in, x), y, dx);
    }

    /** Equal, both NaN, or within a rounding of each other. */
    static void assertSame(double want, double got, String what) {
        assertSame(want, got, 1e-15, what);
    }

    /** Equal (so infinities only to themselves), both NaN, or within {@code tolerance} relative to at least 1. */
    static void assertSame(double want, double got, double tolerance, String what) {
        boolean same = Double.isNaN(want) ? Double.isNaN(got)
                : want == got || Math.abs(want - got) <= tolerance * Math.max(1, Math.abs(want));
        assertTrue(same, () -> what + ": expected " + want + " but got " + got);
    }
}
