// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FormulaTest {
    /** The network of {@link LectureExampleTest}, built the same way. */
    @Nested
    class Lecture {
        final Graph g = new Graph();
        final Node x = g.input("x");
        final Node y = g.input("y");
        final Node w1 = g.param("w1");
        final Node w2 = g.param("w2");
        final Node z1 = x.mul(w1).neg().exp().add(1.0).recip().named("z1");
        final Node yhat = z1.mul(w2).named("yhat");
        final Node loss = yhat.sub(y).square().mul(0.5).named("L");

        @Test
        void gradientByTheOutputWeightReadsLikeTheTextbook() {
            assertEquals("dL/dw2 = (yhat - y) * z1", Formula.derivative("L", "w2", Grad.grad(loss, w2)));
        }

        @Test
        void gradientByTheHiddenWeightIsTheChainRuleWrittenOut() {
            // dz1/dw1 = x e^(-x w1) / (1 + e^(-x w1))^2 = z1^2 exp(-x w1) x.
            assertEquals("dL/dw1 = (yhat - y) * w2 * z1^2 * exp(-x * w1) * x",
                    Formula.derivative("L", "w1", Grad.grad(loss, w1)));
        }

        @Test
        void printedHiddenGradientHasTheValueTheGraphComputes() {
            Node dw1 = Grad.grad(loss, w1);
            ParamStore store = new ParamStore().put("w1", Tensor.scalar(0.5)).put("w2", Tensor.scalar(-1.0));
            double got = new Session(store).run(Map.of(x, Tensor.scalar(1.0), y, Tensor.scalar(1.0)), dw1)
                    .get(0).item();
            double vx = 1.0;
            double vw1 = 0.5;
            double vw2 = -1.0;
            double vz1 = 1 / (1 + Math.exp(-vx * vw1));
            double printed = (vz1 * vw2 - 1.0) * vw2 * vz1 * vz1 * Math.exp(-vx * vw1) * vx;
            assertEquals(printed, got, 1e-15);
        }

        @Test
        void aNamedRootIsExpandedOneLevel() {
            assertEquals("0.5 * (yhat - y)^2", Formula.of(loss));
            assertEquals("1 / (exp(-x * w1) + 1)", Formula.of(z1));
            assertEquals("x", Formula.of(x));
        }
    }

    /** Small hand-built graphs, one rule each. */
    @Nested
    class Rules {
        Graph g;
        Node a;
        Node b;
        Node c;

        @BeforeEach
        void scalars() {
            g = new Graph();
            a = g.input("a");
            b = g.input("b");
            c = g.input("c");
        }

        @Test
        void addingANegationIsSubtraction() {
            assertEquals("a - b", Formula.of(a.sub(b)));
            assertEquals("a - 2 * b", Formula.of(a.sub(b.mul(2.0))));
            assertEquals("a - 1", Formula.of(a.sub(1.0)));
            assertEquals("a - b", Formula.of(b.neg().add(a)));
        }

        @Test
        void multiplyingByAReciprocalIsDivision() {
            assertEquals("a / b", Formula.of(a.div(b)));
            assertEquals("1 / a", Formula.of(a.recip()));
            assertEquals("a / (b * c)", Formula.of(a.div(b.mul(c))));
            assertEquals("a / (b + c)", Formula.of(a.div(b.add(c))));
            assertEquals("a", Formula.of(a.recip().recip()));
        }

        @Test
        void doubleNegationCancels() {
            assertEquals("a", Formula.of(a.neg().neg()));
            assertEquals("-a", Formula.of(a.neg().neg().neg()));
            assertEquals("a * b", Formula.of(a.neg().mul(b.neg())));
        }

        @Test
        void onesAndZerosVanish() {
            assertEquals("a", Formula.of(a.mul(1.0)));
            assertEquals("a", Formula.of(g.scalar(1.0).mul(a)));
            assertEquals("a", Formula.of(a.add(0.0)));
            assertEquals("a", Formula.of(g.scalar(0.0).add(a)));
            assertEquals("0", Formula.of(a.mul(0.0)));
            assertEquals("b", Formula.of(a.mul(0.0).add(b)));
        }

        @Test
        void numbersFold() {
            assertEquals("1", Formula.of(g.scalar(2.0).mul(g.scalar(0.5))));
            assertEquals("a", Formula.of(a.mul(2.0).mul(0.5)));
            assertEquals("6 * a", Formula.of(a.mul(2.0).mul(3.0)));
            assertEquals("1", Formula.of(g.scalar(0.0).exp()));
            assertEquals("a + 3", Formula.of(a.add(1.0).add(2.0)));
            assertEquals("8", Formula.of(g.scalar(2.0).pow(3.0)));
        }

        @Test
        void likeTermsAreCollected() {
            assertEquals("5 * a", Formula.of(a.mul(2.0).add(a.mul(3.0))));
            assertEquals("2 * a * b", Formula.of(a.mul(b).add(b.mul(a))));
            assertEquals("0", Formula.of(a.mul(b).sub(b.mul(a))));
            assertEquals("a", Formula.of(a.add(b).sub(b)));
            assertEquals("a + b", Formula.of(a.mul(0.5).add(b).add(a.mul(0.5))));
            assertEquals("2 * exp(a + b)", Formula.of(a.add(b).exp().add(b.add(a).exp())));
            Node half = b.add(c).mul(0.5);
            assertEquals("a + b + c", Formula.of(a.add(half).add(half)));
        }

        @Test
        void equalFactorsBecomePowers() {
            assertEquals("a^2", Formula.of(a.mul(a)));
            assertEquals("a^3", Formula.of(a.mul(a).mul(a)));
            assertEquals("a^2 * b", Formula.of(a.mul(b).mul(a)));
            assertEquals("a", Formula.of(a.mul(a).div(a)));
            assertEquals("1 / a", Formula.of(a.div(a.mul(a))));
            assertEquals("1", Formula.of(a.div(a)));
            assertEquals("(a + b)^2", Formula.of(a.add(b).square()));
            assertEquals("a^2", Formula.of(a.neg().square()));
            assertEquals("a^6", Formula.of(a.pow(2.0).pow(3.0)));
            assertEquals("a^0.5", Formula.of(a.pow(0.5)));
            assertEquals("(a * b)^0.5", Formula.of(a.mul(b).pow(0.5)));
            assertEquals("a^b", Formula.of(a.pow(b)));
            assertEquals("(a + 1)^(b * c)", Formula.of(a.add(1.0).pow(b.mul(c))));
        }

        @Test
        void parenthesesOnlyWherePrecedenceNeedsThem() {
            assertEquals("(a + b) * c", Formula.of(a.add(b).mul(c)));
            assertEquals("a * b + c", Formula.of(a.mul(b).add(c)));
            assertEquals("a - (b + c)", Formula.of(a.sub(b.add(c))));
            assertEquals("-(a + b)", Formula.of(a.add(b).neg()));
            assertEquals("a + b < c", Formula.of(a.add(b).lt(c)));
            assertEquals("(a < b) * c", Formula.of(a.lt(b).mul(c)));
            assertEquals("exp(a + b) / c", Formula.of(a.add(b).exp().div(c)));
        }

        @Test
        void unaryFunctionsPrintAsFunctions() {
            assertEquals("exp(a)", Formula.of(a.exp()));
            assertEquals("log(a)", Formula.of(a.log()));
            assertEquals("tanh(a)", Formula.of(a.tanh()));
            assertEquals("sin(a)", Formula.of(a.sin()));
            assertEquals("cos(a)", Formula.of(a.cos()));
            assertEquals("sqrt(a)", Formula.of(a.sqrt()));
            assertEquals("abs(a)", Formula.of(a.abs()));
            assertEquals("exp(-a * b)", Formula.of(a.mul(b).neg().exp()));
            assertEquals("sin(a)^2", Formula.of(a.sin().square()));
        }

        @Test
        void comparisonsWhereAndMax() {
            assertEquals("a < b", Formula.of(a.lt(b)));
            assertEquals("b < a", Formula.of(a.gt(b)));
            assertEquals("a <= b", Formula.of(Ops.le(a, b)));
            assertEquals("a == b", Formula.of(Ops.eq(a, b)));
            assertEquals("where(a < b, a, b)", Formula.of(Ops.where(a.lt(b), a, b)));
            assertEquals("a", Formula.of(Ops.where(a.lt(b), a, a)));
            assertEquals("b", Formula.of(Ops.where(g.scalar(0.0), a, b)));
            assertEquals("max(a, b)", Formula.of(a.maximum(b)));
            assertEquals("1", Formula.of(g.scalar(1.0).lt(g.scalar(2.0))));
        }

        @Test
        void namedNodesAreNotExpanded() {
            Node z = a.mul(b).exp().named("z");
            assertEquals("z + 1", Formula.of(z.add(1.0)));
            assertEquals("z^2", Formula.of(z.mul(z)));
            assertEquals("stop_gradient(z)", Formula.of(Ops.stopGradient(z)));
        }
    }

    /** Leaves, broadcasting and tensor ops. */
    @Nested
    class Tensors {
        final Graph g = new Graph();
        final Node m = g.input("m", 2, 3);
        final Node w = g.param("w", 3, 4);
        final Node v = g.param("v", 3);

        @Test
        void reshapeAndExpandAreTransparent() {
            assertEquals("v", Formula.of(v.reshape(3, 1).expand(3, 4)));
            assertEquals("m + v", Formula.of(m.add(v)));
            assertEquals("2 * v", Formula.of(v.reshape(1, 3).mul(g.constant(Tensor.full(2.0, 2, 1)))));
        }

        @Test
        void unnamedLeavesPrintTheirValueOrTheirId() {
            Node uniform = g.constant(Tensor.full(0.5, 2, 3));
            Node mixed = g.constant(Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
            Node other = g.constant(Tensor.fromArray(new double[] {6, 5, 4, 3, 2, 1}, 2, 3));
            assertEquals("0.5 * m", Formula.of(m.mul(uniform)));
            assertEquals("m * const[2,3]", Formula.of(m.mul(mixed)));
            // Different constants that print alike must not cancel.
            assertEquals("const[2,3] - const[2,3]", Formula.of(mixed.sub(other)));
            assertEquals("0", Formula.of(mixed.sub(mixed)));
            assertEquals("1", Formula.of(g.scalar(1.0)));
        }

        @Test
        void unnamedInputsAndParamsPrintTheirId() {
            Node in = g.apply(new Leaf.Input(Shape.of(2, 3)), List.of());
            Node p = g.apply(new Leaf.Param(Shape.of(2, 3)), List.of());
            assertEquals("%" + in.id() + " * %" + p.id() + " + m", Formula.of(in.mul(p).add(m)));
        }

        @Test
        void sumsShowTheirAxesUnlessAll() {
            assertEquals("sum(m)", Formula.of(m.sum()));
            assertEquals("sum(m, axis=1)", Formula.of(m.sum(1)));
            assertEquals("0.5 * sum(m, axis=0)", Formula.of(m.mean(0)));
            assertEquals("-sum(m)", Formula.of(m.neg().sum()));
            Node t = g.input("t", 2, 3, 4);
            assertEquals("sum(t, axis=(0, 2))", Formula.of(t.sum(0, 2)));
            assertEquals("max(m, axis=1)", Formula.of(m.max(1)));
            assertEquals("6", Formula.of(Ops.onesLike(m).sum()));
        }

        @Test
        void matrixProductsShowTransposedOperands() {
            Node y = m.matmul(w);
            assertEquals("m @ w", Formula.of(y));
            assertEquals("m", Formula.of(m.transpose().transpose()));
            assertEquals("m^T", Formula.of(m.transpose()));
            Node u = g.input("u", 2, 4);
            List<Node> back = Grad.vjp(y, List.of(m, w), u, Grad.Unused.ERROR);
            assertEquals("u @ w^T", Formula.of(back.get(0)));
            assertEquals("m^T @ u", Formula.of(back.get(1)));
            assertEquals("2 * (m @ w)", Formula.of(m.mul(2.0).matmul(w)));
            assertEquals("(m + 1) @ w", Formula.of(m.add(1.0).matmul(w)));
            assertEquals("m @ w @ w^T", Formula.of(y.matmul(w.transpose())));
        }

        @Test
        void softmaxCrossEntropyGradientStaysReadable() {
            Node logits = m.matmul(w).named("logits");
            Node loss = Reductions.logsumexp(logits, false, 1).sum().named("L");
            String dw = Formula.derivative("L", "w", Grad.grad(loss, w));
            assertTrue(dw.startsWith("dL/dw = m^T @ "), dw);
            assertFalse(dw.contains("..."), dw);
        }
    }

    /** Printing must survive graphs that are deep or share subgraphs exponentially often. */
    @Nested
    class Limits {
        final Graph g = new Graph();
        final Node x = g.input("x");

        @Test
        void aChainOf5000UnaryOpsDoesNotOverflowTheStack() {
            Node n = x;
            for (int i = 0; i < 5000; i++) {
                n = n.sin();
            }
            String f = Formula.of(n);
            assertTrue(f.startsWith("sin(sin("), f);
            assertTrue(f.contains("..."), f);
            Node m = g.input("m", 2, 3);
            Node r = m;
            for (int i = 0; i < 5000; i++) {
                r = r.reshape(i % 2 == 0 ? new int[] {3, 2} : new int[] {2, 3});
            }
            assertEquals("exp(m)", Formula.of(r.exp()));
        }

        @Test
        void chainsThatFoldAndDeepGradientsPrint() {
            Node n = x;
            for (int i = 0; i < 1000; i++) {
                n = n.neg().tanh().add(x);
            }
            Node d = Grad.grad(n, x);
            assertTrue(Formula.of(n).contains("..."));
            assertTrue(Formula.of(d).length() <= Formula.MAX_CHARS + 4);
        }

        @Test
        void sharedSubgraphsPrintInBoundedTimeAndLength() {
            Node n = x;
            for (int i = 0; i < 200; i++) {
                n = n.mul(n.add(1.0));
            }
            Node last = n;
            String f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Formula.of(last));
            assertTrue(f.length() <= Formula.MAX_CHARS + 4);
            assertTrue(f.endsWith("..."), f.substring(f.length() - 20));
        }

        @Test
        void nullArgumentsAreRejected() {
            assertThrows(NablaException.class, () -> Formula.of(null));
            assertThrows(NablaException.class, () -> Formula.derivative(null, "x", x));
            assertThrows(NablaException.class, () -> Formula.derivative("y", "x", null));
        }
    }
}
