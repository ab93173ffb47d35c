// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Domain;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.generators.Generate;

/**
 * NaN in, NaN out, for every reduction: sum, mean, max, min and logsumexp over axis 0, axis 1 or
 * both of a {@code [1..3, 1..4]} input with one to three entries made NaN, +inf or -inf. Each
 * slice's result must be what PyTorch gives ({@code torch.sum}, {@code mean}, {@code amax},
 * {@code amin}, {@code logsumexp}), written out below as plain loops:
 *
 * <ul>
 *   <li>a NaN anywhere in the slice gives NaN;
 *   <li>sum and mean: +inf and -inf together give NaN, either alone gives itself;
 *   <li>max and min: an infinity wins as it should; a NaN wins over an infinity;
 *   <li>logsumexp: +inf gives +inf, -inf entries add nothing, a slice of -inf only gives -inf.
 * </ul>
 *
 * <p>Gradients at a NaN entry: sum's is 1 and mean's 1/n, finite as in PyTorch (they do not read
 * the value); max's, min's and logsumexp's are NaN, as PyTorch's {@code amax} and
 * {@code logsumexp} are (max shares its gradient among the entries equal to the maximum, and no
 * entry equals NaN).
 *
 * <p>Softmax and log-softmax are checked with the activations, in {@link NonFiniteActivationProperties}.
 */
class NonFiniteReductionProperties implements WithQuickTheories {
    private static final long SEED = 20_250_218L;
    private static final int DEFAULT_EXAMPLES = 80;
    private static final int[][] AXES = {{0}, {1}, {0, 1}};

    /** One reduction: how to build it, the reference over one slice, and whether its gradient at NaN is NaN. */
    record Row(String name, Reduce build, ToDoubleFunction<double[]> reference, boolean nanGradient) {}

    /** Builds a reduction over axes. */
    @FunctionalInterface
    interface Reduce {
        Node apply(Node x, int[] axes);
    }

    static final List<Row> ROWS = List.of(
            new Row("sum", (x, a) -> Reductions.sum(x, false, a), NonFiniteReductionProperties::sum, false),
            new Row("mean", (x, a) -> Reductions.mean(x, false, a), v -> sum(v) / v.length, false),
            new Row("max", (x, a) -> Reductions.max(x, false, a), v -> extreme(v, 1), true),
            new Row("min", (x, a) -> Reductions.min(x, false, a), v -> extreme(v, -1), true),
            new Row("logsumexp", (x, a) -> Reductions.logsumexp(x, false, a), NonFiniteReductionProperties::logSumExp,
                    true));

    /** An input with its non-finite entries, and which axes to reduce. */
    record Case(NonFiniteCase x, int axes) {
        @Override
        public String toString() {
            return x + " reduced over axes " + Arrays.toString(AXES[axes]);
        }
    }

    @TestFactory
    Stream<DynamicTest> nanGivesNaNAndInfinitiesGiveWhatPyTorchGives() {
        int examples = Integer.getInteger("nabla.examples", DEFAULT_EXAMPLES);
        return ROWS.stream().map(row -> dynamicTest(row.name(), () ->
                qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(50)
                        .forAll(NonFiniteCase.cases(Domain.between(-4, 4), 3).zip(Generate.range(0, 2), Case::new))
                        .checkAssert(c -> check(row, c))));
    }

    private static void check(Row row, Case c) {
        Tensor x = c.x().dirty();
        int[] axes = AXES[c.axes()];
        Graph g = new Graph();
        Node in = g.input("x", x.shape().dims());
        Node y = row.build().apply(in, axes);
        Node dx = Grad.grad(y.sum(), List.of(in), Grad.Unused.ZERO).get(0);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(in, x), y, dx);
        int rows = x.shape().dim(0);
        int cols = x.shape().dim(1);
        double[] v = x.toArray();
        double[] got = out.get(0).toArray();
        double[] grad = out.get(1).toArray();
        for (int k = 0; k < got.length; k++) {
            double[] slice = slice(v, rows, cols, c.axes(), k);
            double want = row.reference().applyAsDouble(slice);
            double value = got[k];
            String what = row.name() + " of " + c + ", result " + k + " (slice " + Arrays.toString(slice) + ")";
            // The kernel sums in four interleaved parts, the reference in one: a few roundings apart.
            NonFiniteActivationProperties.assertSame(want, value, 1e-13, what);
        }
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                double d = grad[i];
                assertTrue(row.nanGradient() ? Double.isNaN(d) : Double.isFinite(d),
                        () -> row.name() + " of " + c + ": the gradient at the NaN is " + d);
            }
        }
    }

    /** @return the entries of result {@code k}'s slice: column k, row k, or everything */
    private static double[] slice(double[] v, int rows, int cols, int axes, int k) {
        return switch (axes) {
            case 0 -> IntStream.range(0, rows).mapToDouble(r -> v[r * cols + k]).toArray();
            case 1 -> Arrays.copyOfRange(v, k * cols, (k + 1) * cols);
            default -> v.clone();
        };
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    /** The maximum ({@code sign} 1) or minimum (-1), NaN if any entry is NaN. */
    private static double extreme(double[] v, int sign) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            m = Math.max(m, sign * d);
        }
        return sign * m;
    }

    private static double logSumExp(double[] v) {
        double m = extreme(v, 1);
        if (Double.isNaN(m) || Double.isInfinite(m)) {
            return m;
        }
        double s = 0;
        for (double d : v) {
            s += Math.exp(d - m);
        }
        return m + Math.log(s);
    }
}
