// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import dev.nabla.testkit.Domain;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;

/**
 * NaN in, NaN out, for every loss of {@link Losses} ({@link #everyLossHasARow} fails for a new
 * one until it has a row). Each example is a finite batch {@code [1..3, 1..4]} valid for the
 * loss, with one prediction made NaN, +inf or -inf:
 *
 * <ul>
 *   <li>a NaN gives the loss NaN and, at that prediction, the gradient NaN, as in PyTorch; only
 *       the margin losses pass 0 there, as PyTorch's {@code clamp(1 - y s, min=0)} does;
 *   <li>an infinity gives what the row's {@link AtInfinity} says: +inf, NaN or a finite loss;
 *   <li>a NaN in a target gives NaN, or for integer labels an {@link EvaluationException}.
 * </ul>
 *
 * <p>At an infinity the rows follow PyTorch, except where both give no number for different
 * reasons: {@code binaryCrossEntropyWithLogits} computes {@code softplus(z) - z t}, NaN at
 * {@code (+inf, 0)} where PyTorch's {@code (1 - t) z + softplus(-z)} gives +inf, and +inf at
 * {@code (-inf, 1)} where PyTorch's gives NaN; the one-hot cross-entropy gives NaN for a -inf off
 * the target ({@code 0 * -inf}), as PyTorch's soft-target form does, while the label form leaves
 * such a masked class out, as PyTorch's {@code nll_loss} does. A probability of ±inf is no
 * probability: NaN here, an error in PyTorch. Empty batches are errors: see
 * {@code NnBadInputTest.lossesOverAnEmptyBatch}.
 */
class NonFiniteLossProperties implements WithQuickTheories {
    private static final long SEED = 20_250_217L;
    private static final int DEFAULT_EXAMPLES = 60;
    private static final Domain ANY = Domain.between(-3, 3);

    /** What a loss gives as a whole. */
    enum Outcome { NAN, PLUS_INFINITY, FINITE }

    /** The loss for one infinite prediction; {@code t} is the target there (for labels: 1 on the label, else 0). */
    @FunctionalInterface
    interface AtInfinity {
        Outcome at(double inf, double t, int classes);
    }

    /** How a target is drawn for a prediction of shape {@code [N, C]}. */
    enum Target { REAL, BITS, SIGNS, LABELS, ONE_HOT, NONE }

    /** One loss: its method's name, how to call it, its domains and its behaviour at NaN and infinities. */
    record Row(String method, BinaryOperator<Node> loss, Domain pred, Target target, AtInfinity atInfinity,
            boolean zeroGradientAtNaN) {}

    private static final AtInfinity GROWS = (inf, t, c) -> Outcome.PLUS_INFINITY;
    private static final AtInfinity MARGIN = (inf, t, c) -> inf * t > 0 ? Outcome.FINITE : Outcome.PLUS_INFINITY;

    static final List<Row> ROWS = List.of(
            new Row("mse", Losses::mse, ANY, Target.REAL, GROWS, false),
            new Row("mseMean", Losses::mseMean, ANY, Target.REAL, GROWS, false),
            new Row("mae", Losses::mae, ANY, Target.REAL, GROWS, false),
            new Row("huber", (p, t) -> Losses.huber(p, t, 1.0), ANY, Target.REAL, GROWS, false),
            new Row("binaryCrossEntropy", Losses::binaryCrossEntropy, Domain.between(0.05, 0.95), Target.BITS,
                    (inf, t, c) -> Outcome.NAN, false),
            new Row("binaryCrossEntropyWithLogits", Losses::binaryCrossEntropyWithLogits, ANY, Target.BITS,
                    (inf, t, c) -> inf < 0 && t == 1 ? Outcome.PLUS_INFINITY : Outcome.NAN, false),
            // A -inf logit: +inf on the label, nothing off it; a row of one class is all -inf, so NaN.
            new Row("softmaxCrossEntropy", Losses::softmaxCrossEntropy, ANY, Target.LABELS,
                    (inf, t, c) -> inf > 0 || c == 1 ? Outcome.NAN : t == 1 ? Outcome.PLUS_INFINITY : Outcome.FINITE, false),
            new Row("softmaxCrossEntropyOneHot", Losses::softmaxCrossEntropyOneHot, ANY, Target.ONE_HOT,
                    (inf, t, c) -> inf > 0 || c == 1 || t == 0 ? Outcome.NAN : Outcome.PLUS_INFINITY, false),
            new Row("hinge", Losses::hinge, ANY, Target.SIGNS, MARGIN, true),
            new Row("svmObjective", (s, y) -> Losses.svmObjective(s.graph().constant(Tensor.of(Shape.of(2), 3, 4)), s, y, 0.5),
                    ANY, Target.SIGNS, MARGIN, true),
            new Row("l1", (w, unused) -> Losses.l1(0.1, w), ANY, Target.NONE, GROWS, false),
            new Row("l2", (w, unused) -> Losses.l2(0.1, w), ANY, Target.NONE, GROWS, false));

    /** A batch of predictions with one non-finite entry, and the seed of its target. */
    record Case(NonFiniteCase pred, long targetSeed) {}

    @Test
    void everyLossHasARow() {
        Set<String> losses = Stream.of(Losses.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rows = ROWS.stream().map(Row::method).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(losses.equals(rows), () -> "Losses has " + losses + " but the table has rows for " + rows);
    }

    @TestFactory
    Stream<DynamicTest> nanGivesNaNAndInfinitiesGiveTheTable() {
        int examples = Integer.getInteger("nabla.examples", DEFAULT_EXAMPLES);
        return ROWS.stream().map(row -> dynamicTest(row.method(), () ->
                qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(50)
                        .forAll(cases(row.pred()))
                        .checkAssert(c -> check(row, c))));
    }

    private static Gen<Case> cases(Domain pred) {
        return NonFiniteCase.cases(pred, 1).zip(NonFiniteCase.seeds(), Case::new);
    }

    private static void check(Row row, Case c) {
        Tensor target = target(row.target(), c.pred().clean().shape(), c.targetSeed());
        List<Tensor> out = lossAndGradient(row, c.pred().dirty(), target);
        double loss = out.get(0).item();
        int at = nonFinite(c.pred().dirty());
        double special = c.pred().special(at);
        int cols = c.pred().clean().shape().dim(1);
        double t = row.target() == Target.LABELS ? (target.toArray()[at / cols] == at % cols ? 1 : 0)
                : row.target() == Target.NONE ? 0 : target.toArray()[at];
        Outcome want = Double.isNaN(special) ? Outcome.NAN : row.atInfinity().at(special, t, cols);
        String what = row.method() + " with prediction " + c.pred() + " and target " + target;
        assertTrue(outcome(loss) == want, () -> what + ": expected " + want + " but the loss is " + loss);
        if (Double.isNaN(special)) {
            double dx = out.get(1).toArray()[at];
            assertTrue(row.zeroGradientAtNaN() ? dx == 0 : Double.isNaN(dx), () -> what + ": the gradient at NaN is " + dx);
        }
        if (row.target() != Target.NONE) {
            checkNaNTarget(row, c.pred().clean(), target, c.targetSeed());
        }
    }

    /** A NaN target makes the loss NaN; a NaN label is no class, and the run says so. */
    private static void checkNaNTarget(Row row, Tensor pred, Tensor target, long seed) {
        double[] v = target.toArray();
        v[new SplittableRandom(seed).nextInt(v.length)] = Double.NaN;
        Tensor bad = Tensor.of(target.shape(), v);
        if (row.target() == Target.LABELS) {
            assertThrows(EvaluationException.class, () -> lossAndGradient(row, pred, bad));
            return;
        }
        double loss = lossAndGradient(row, pred, bad).get(0).item();
        assertTrue(Double.isNaN(loss), () -> row.method() + " with target " + bad + ": the loss is " + loss);
    }

    private static List<Tensor> lossAndGradient(Row row, Tensor pred, Tensor target) {
        Graph g = new Graph();
        Node p = g.input("pred", pred.shape().dims());
        Node t = g.input("target", target.shape().dims());
        Node loss = row.loss().apply(p, t);
        Map<Node, Tensor> feeds = row.target() == Target.NONE ? Map.of(p, pred) : Map.of(p, pred, t, target);
        return new Session(new ParamStore()).run(feeds, loss, Grad.grad(loss, p));
    }

    /** @return a valid target for predictions of shape {@code [N, C]} */
    private static Tensor target(Target kind, Shape pred, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = pred.dim(0);
        int classes = pred.dim(1);
        if (kind == Target.LABELS) {
            double[] labels = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(classes);
            }
            return Tensor.of(Shape.of(n), labels);
        }
        double[] v = new double[n * classes];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (kind) {
                case REAL -> rng.nextDouble(-3, 3);
                case BITS -> rng.nextInt(2);
                case SIGNS -> rng.nextBoolean() ? 1 : -1;
                case ONE_HOT, LABELS, NONE -> 0;
            };
        }
        for (int i = 0; kind == Target.ONE_HOT && i < n; i++) {
            v[i * classes + rng.nextInt(classes)] = 1;
        }
        return Tensor.of(pred, v);
    }

    private static int nonFinite(Tensor t) {
        double[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return i;
            }
        }
        throw new AssertionError("no non-finite entry in " + t);
    }

    private static Outcome outcome(double v) {
        return Double.isNaN(v) ? Outcome.NAN : v == Double.POSITIVE_INFINITY ? Outcome.PLUS_INFINITY
                : Double.isFinite(v) ? Outcome.FINITE : null;
    }
}
