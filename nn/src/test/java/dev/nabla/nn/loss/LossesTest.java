// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static final Tensor PRED = Tensor.of(Shape.of(2, 3), 1, 2, 3, 0, -1, 0.5);
    private static final Tensor TARGET = Tensor.of(Shape.of(2, 3), 0, 2, 5, 1, 1, 0);

    private static double eval(Node n) {
        return new Session(new ParamStore()).run(Map.of(), n).get(0).item();
    }

    private static double loss(java.util.function.BinaryOperator<Node> f, Tensor a, Tensor b) {
        Graph g = new Graph();
        return eval(f.apply(g.constant(a), g.constant(b)));
    }

    @Test
    void mseSumsOverOutputsAndAveragesOverSamples() {
        // Squared errors: row 0: 1 + 0 + 4 = 5, row 1: 1 + 4 + 0.25 = 5.25.
        assertEquals((5 + 5.25) / 2, loss(Losses::mse, PRED, TARGET), 1e-15);
        assertEquals((5 + 5.25) / 6, loss(Losses::mseMean, PRED, TARGET), 1e-15);
        assertEquals((1 + 0 + 2 + 1 + 2 + 0.5) / 6, loss(Losses::mae, PRED, TARGET), 1e-15);
    }

    @Test
    void huberIsQuadraticNearZeroAndLinearBeyondDelta() {
        // |d| = 1, 0, 2, 1, 2, 0.5 with delta 1: 0.5, 0, 1.5, 0.5, 1.5, 0.125.
        double want = (0.5 + 0 + 1.5 + 0.5 + 1.5 + 0.125) / 6;
        assertEquals(want, loss((p, t) -> Losses.huber(p, t, 1.0), PRED, TARGET), 1e-15);
    }

    @Test
    void crossEntropiesMatchTheirDefinitions() {
        Tensor p = Tensor.of(Shape.of(3), 0.9, 0.2, 0.6);
        Tensor t = Tensor.of(Shape.of(3), 1, 0, 1);
        double bce = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6)) / 3;
        assertEquals(bce, loss(Losses::binaryCrossEntropy, p, t), 1e-15);
        Tensor z = Tensor.of(Shape.of(3), 2.0, -1.0, 0.3);
        double bcel = 0;
        for (int i = 0; i < 3; i++) {
            double s = 1 / (1 + Math.exp(-z.get(i)));
            bcel -= t.get(i) * Math.log(s) + (1 - t.get(i)) * Math.log(1 - s);
        }
        assertEquals(bcel / 3, loss(Losses::binaryCrossEntropyWithLogits, z, t), 1e-14);

        Tensor logits = Tensor.of(Shape.of(2, 3), 1, 2, 3, 0.5, 0.5, -1);
        Tensor labels = Tensor.of(Shape.of(2), 2, 0);
        double ce = 0;
        for (int n = 0; n < 2; n++) {
            double lse = Math.log(Math.exp(logits.get(n, 0)) + Math.exp(logits.get(n, 1)) + Math.exp(logits.get(n, 2)));
            ce += lse - logits.get(n, (int) labels.get(n));
        }
        assertEquals(ce / 2, loss(Losses::softmaxCrossEntropy, logits, labels), 1e-14);
        Tensor oneHot = Tensor.of(Shape.of(2, 3), 0, 0, 1, 1, 0, 0);
        assertEquals(ce / 2, loss(Losses::softmaxCrossEntropyOneHot, logits, oneHot), 1e-14);
    }

    @Test
    void logitLossesStayFiniteForHugeLogits() {
        Graph g = new Graph();
        Node z = g.input("z", 2, 2);
        Node labels = g.constant(Tensor.of(Shape.of(2), 1, 0));
        Node ce = Losses.softmaxCrossEntropy(z, labels);
        Node bce = Losses.binaryCrossEntropyWithLogits(z, g.constant(Tensor.of(Shape.of(2, 2), 1, 0, 0, 1)));
        List<Node> grads = List.of(Grad.grad(ce, z), Grad.grad(bce, z));
        Tensor huge = Tensor.of(Shape.of(2, 2), 1000, -1000, -1000, 1000);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(z, huge), ce, bce, grads.get(0), grads.get(1));
        assertEquals(2000.0, out.get(0).item(), 1e-9, "each sample's label sits 2000 below the other logit");
        assertEquals(0.0, out.get(1).item(), 1e-12, "every logit is confidently right");
        for (Tensor t : out) {
            for (double v : t.toArray()) {
                assertTrue(Double.isFinite(v), "non-finite value in " + t);
            }
        }
    }

    @Test
    void hingeAndTheSvmObjective() {
        Tensor s = Tensor.of(Shape.of(4), 2.0, 0.5, -0.3, 1.0);
        Tensor y = Tensor.of(Shape.of(4), 1, 1, 1, -1);
        // Slacks: max(0, 1 - y s) = 0, 0.5, 1.3, 2.
        assertEquals(3.8 / 4, loss(Losses::hinge, s, y), 1e-15);
        Graph g = new Graph();
        Node w = g.constant(Tensor.of(Shape.of(2), 3, 4));
        assertEquals(12.5 + 10 * 3.8, eval(Losses.svmObjective(w, g.constant(s), g.constant(y), 10)), 1e-12);
        assertEquals(12.5 + 0.1 * 3.8, eval(Losses.svmObjective(w, g.constant(s), g.constant(y), 0.1)), 1e-12);
        assertEquals(0.5 * 7, eval(Losses.l1(0.5, w)), 1e-15);
        assertEquals(0.5 * 25, eval(Losses.l2(0.5, w)), 1e-15);
    }

    @Test
    void gradientsPassTheChecker() {
        Tensor a = Tensor.randomNormal(1, 0, 1, 4, 3);
        Tensor b = Tensor.randomNormal(2, 0, 1, 4, 3);
        Tensor probs = Tensor.randomUniform(3, 0.1, 0.9, 4, 3);
        Tensor bits = Tensor.of(Shape.of(4, 3), 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0);
        Tensor labels = Tensor.of(Shape.of(4), 0, 2, 1, 2);
        GradCheck.assertPasses(v -> Losses.mse(v.get(0), v.get(1)), List.of(a, b));
        GradCheck.assertPasses(v -> Losses.huber(v.get(0), v.get(1), 0.7), List.of(a, b));
        GradCheck.assertPasses(v -> Losses.binaryCrossEntropy(v.get(0), v.get(0).graph().constant(bits)), List.of(probs));
        GradCheck.assertPasses(v -> Losses.binaryCrossEntropyWithLogits(v.get(0), v.get(0).graph().constant(bits)),
                List.of(a));
        GradCheck.assertPasses(v -> Losses.softmaxCrossEntropy(v.get(0), v.get(0).graph().constant(labels)), List.of(a));
    }

    @Test
    void logitLossIsSmoothToSecondOrderAtZero() {
        Graph g = new Graph();
        Node z = g.input("z", 1);
        Node loss = Losses.binaryCrossEntropyWithLogits(z, g.constant(Tensor.of(Shape.of(1), 1.0)));
        double second = eval(Grad.hessian(loss, z).sum(), Map.of(z, Tensor.of(Shape.of(1), 0.0)));
        assertEquals(0.25, second, 1e-15, "sigma'(0) = 1/4; a kinked composite gives 0 here");
    }

    private static double eval(Node n, Map<Node, Tensor> feeds) {
        return new Session(new ParamStore()).run(feeds, n).get(0).item();
    }

    /**
     * The floor of the log at -100 (PyTorch's) and its gradient agree: where the floor applies the
     * term is constant and passes no gradient, so p = 0 and p = 1 give finite gradients, not NaN.
     */
    @Test
    void binaryCrossEntropyGradientIsTheDerivativeOfTheFlooredLoss() {
        Graph g = new Graph();
        Node p = g.input("p", 6);
        Node t = g.constant(Tensor.of(Shape.of(6), 1, 0, 0, 1, 1, 0));
        Node loss = Losses.binaryCrossEntropy(p, t);
        Tensor at = Tensor.of(Shape.of(6), 0, 0, 1, 1, 1e-300, 0.5);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(p, at), loss, Grad.grad(loss, p));
        // Terms: 100 (floored), 0, 100 (floored), 0, 100 (log 1e-300 = -690.8, floored), ln 2.
        assertEquals((300 + Math.log(2)) / 6, out.get(0).item(), 1e-13);
        // d/dp = -(t/p - (1-t)/(1-p)) / N off the floor, 0 on it.
        assertArrayEquals(new double[] {0, 1.0 / 6, 0, -1.0 / 6, 0, 2.0 / 6}, out.get(1).toArray(), 1e-15);
        for (double bad : new double[] {Double.NaN, -0.5, 1.5}) {
            double got = new Session(new ParamStore()).run(Map.of(p, Tensor.of(Shape.of(6), 0.5, 0.5, 0.5, 0.5, 0.5, bad)),
                    loss).get(0).item();
            assertTrue(Double.isNaN(got), "a probability of " + bad + " gives " + got);
        }
    }

    /** A class masked with a -inf logit is no trouble off the label (PyTorch's nll_loss agrees); on it the loss is inf. */
    @Test
    void softmaxCrossEntropyTakesMaskedClassesAndRefusesPlusInfinity() {
        Graph g = new Graph();
        Node z = g.input("z", 2, 3);
        Node loss = Losses.softmaxCrossEntropy(z, g.constant(Tensor.of(Shape.of(2), 0, 2)));
        double inf = Double.POSITIVE_INFINITY;
        Tensor masked = Tensor.of(Shape.of(2, 3), 1, -inf, 0, 0, 0, 0);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(z, masked), loss, Grad.grad(loss, z));
        double first = Math.log(Math.E + 1) - 1;
        assertEquals((first + Math.log(3)) / 2, out.get(0).item(), 1e-15);
        for (double v : out.get(1).toArray()) {
            assertTrue(Double.isFinite(v), "gradient " + out.get(1));
        }
        assertEquals(0.0, out.get(1).get(0, 1), "the masked class gets no gradient");
        Session s = new Session(new ParamStore());
        assertEquals(inf, s.run(Map.of(z, Tensor.of(Shape.of(2, 3), -inf, 0, 0, 0, 0, 0)), loss).get(0).item());
        assertTrue(Double.isNaN(s.run(Map.of(z, Tensor.of(Shape.of(2, 3), 0, inf, 0, 0, 0, 0)), loss).get(0).item()));
    }

    /** Huber's tails are linear: an infinite error has the loss inf and the gradient delta * sign, not 0 * inf = NaN. */
    @Test
    void huberGradientIsFiniteAtAnInfiniteError() {
        Graph g = new Graph();
        Node p = g.input("p", 2);
        Node loss = Losses.huber(p, g.constant(Tensor.of(Shape.of(2), 0, 0)), 0.5);
        double inf = Double.POSITIVE_INFINITY;
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(p, Tensor.of(Shape.of(2), inf, -inf)), loss,
                Grad.grad(loss, p));
        assertEquals(inf, out.get(0).item());
        assertArrayEquals(new double[] {0.25, -0.25}, out.get(1).toArray(), 0.0);
    }

    @Test
    void mismatchedShapesAreNamed() {
        Graph g = new Graph();
        ShapeException e = assertThrows(ShapeException.class,
                () -> Losses.mse(g.input("yhat", 4, 3), g.input("y", 4, 2)));
        assertTrue(e.getMessage().contains("\"yhat\" [4, 3]") && e.getMessage().contains("\"y\" [4, 2]"), e.getMessage());
    }
}
