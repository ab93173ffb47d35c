// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.view.GraphView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class GradTest {
    private static Tensor eval(Node n, Map<Node, Tensor> feeds) {
        return new Session(new ParamStore()).run(feeds, n).get(0);
    }

    @Test
    void fanOutContributionsAreSummed() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node y = x.mul(x).add(x).sum();
        Tensor at = Tensor.of(Shape.of(3), 1, -2, 0.5);
        assertArrayEquals(new double[] {3, -3, 2}, eval(Grad.grad(y, x), Map.of(x, at)).toArray(), 1e-15);
    }

    @Test
    void broadcastingIsUndoneBySummation() {
        Graph g = new Graph();
        Node b = g.input("b", 3);
        Node m = g.input("m", 2, 3);
        Node y = m.add(b).mul(m).sum();
        Tensor mv = Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor db = eval(Grad.grad(y, b), Map.of(b, Tensor.zeros(3), m, mv));
        assertArrayEquals(new double[] {5, 7, 9}, db.toArray(), 1e-15);
    }

    @Test
    void unusedInputIsAnErrorUnlessZerosAreAskedInGradAndHvp() {
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node z = g.input("z", 2);
        Node y = x.exp().sum();
        Node v = g.constant(Tensor.of(Shape.of(2), 2, -1));
        for (Executable unused : List.<Executable>of(() -> Grad.grad(y, z), () -> Grad.hvp(y, List.of(x, z), List.of(v, v)),
                () -> Grad.hvp(y, List.of(x, z), List.of(v, v), Grad.Unused.ERROR))) {
            GradientException e = assertThrows(GradientException.class, unused);
            assertTrue(e.getMessage().contains("does not depend on") && e.getMessage().contains("\"z\""), e.getMessage());
        }
        Node dz = Grad.grad(y, List.of(z), Grad.Unused.ZERO).get(0);
        assertArrayEquals(new double[] {0, 0}, eval(dz, Map.of(z, Tensor.ones(2))).toArray());
        // H = diag(exp(x)) for x, and nothing for z, which y does not read.
        List<Node> hv = Grad.hvp(y, List.of(x, z), List.of(v, v), Grad.Unused.ZERO);
        Tensor at = Tensor.of(Shape.of(2), 0.3, -1.2);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, at, z, Tensor.ones(2)), hv.get(0), hv.get(1));
        assertArrayEquals(new double[] {Math.exp(0.3) * 2, Math.exp(-1.2) * -1}, out.get(0).toArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0}, out.get(1).toArray());
    }

    @Test
    void stopGradientCutsAPath() {
        Graph g = new Graph();
        Node x = g.input("x");
        Node y = x.mul(Ops.stopGradient(x));
        assertEquals(3.0, eval(Grad.grad(y, x), Map.of(x, Tensor.scalar(3.0))).item());
    }

    @Test
    void secondDerivativeOfACubeIsSixX() {
        Graph g = new Graph();
        Node x = g.input("x");
        Node d2 = Grad.grad(Grad.grad(x.mul(x).mul(x), x), x);
        assertEquals(12.0, eval(d2, Map.of(x, Tensor.scalar(2.0))).item(), 1e-12);
    }

    @Test
    void hessianOfAQuadraticFormIsItsMatrix() {
        double[] a = {2, 1, 0, 1, 3, -1, 0, -1, 4};
        Graph g = new Graph();
        Node x = g.input("x", 3, 1);
        Node m = g.constant(Tensor.of(Shape.of(3, 3), a));
        Node q = x.transpose().matmul(m).matmul(x).mul(0.5).sum();
        Tensor h = eval(Grad.hessian(q, x), Map.of(x, Tensor.randomNormal(3, 0, 1, 3, 1)));
        assertEquals(Shape.of(3, 1, 3, 1), h.shape());
        assertArrayEquals(a, h.toArray(), 1e-12);
    }

    @Test
    void jacobianOfTanhIsDiagonal() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Tensor at = Tensor.of(Shape.of(3), 0.1, -0.7, 2.0);
        Tensor j = eval(Grad.jacobian(x.tanh(), x), Map.of(x, at));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double t = Math.tanh(at.get(r));
                assertEquals(r == c ? 1 - t * t : 0.0, j.get(r, c), 1e-15);
            }
        }
    }

    @Test
    void hvpOnASmallMlpAgreesWithDifferencesOfTheGradient() {
        Graph g = new Graph();
        Node x = g.constant(Tensor.randomNormal(1, 0, 1, 5, 4));
        Node w1 = g.input("w1", 4, 6);
        Node w2 = g.input("w2", 6, 1);
        Node loss = x.matmul(w1).tanh().matmul(w2).square().mean();
        Node v1 = g.constant(Tensor.randomNormal(2, 0, 1, 4, 6));
        Node v2 = g.constant(Tensor.randomNormal(3, 0, 1, 6, 1));
        List<Node> hv = Grad.hvp(loss, List.of(w1, w2), List.of(v1, v2));
        List<Node> grads = Grad.grad(loss, List.of(w1, w2), Grad.Unused.ERROR);
        Tensor a1 = Tensor.randomNormal(4, 0, 0.5, 4, 6);
        Tensor a2 = Tensor.randomNormal(5, 0, 0.5, 6, 1);
        Session s = new Session(new ParamStore());
        Tensor exact = s.run(Map.of(w1, a1, w2, a2), hv.get(0)).get(0);
        double h = 1e-5;
        Tensor plus = s.run(Map.of(w1, shift(a1, v1, h), w2, shift(a2, v2, h)), grads.get(0)).get(0);
        Tensor minus = s.run(Map.of(w1, shift(a1, v1, -h), w2, shift(a2, v2, -h)), grads.get(0)).get(0);
        double[] numeric = plus.toArray();
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = (numeric[i] - minus.toArray()[i]) / (2 * h);
        }
        assertArrayEquals(numeric, exact.toArray(), 1e-7);
    }

    private static Tensor shift(Tensor a, Node v, double h) {
        double[] out = a.toArray();
        double[] dir = ((dev.nabla.graph.op.Leaf.Constant) v.op()).value().toArray();
        for (int i = 0; i < out.length; i++) {
            out[i] += h * dir[i];
        }
        return Tensor.of(a.shape(), out);
    }

    @Test
    void jvpIsTheDirectionalDerivative() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node t = g.constant(Tensor.of(Shape.of(3), 1, 0.5, -2));
        Node y = x.sin().mul(x.sum());
        Tensor at = Tensor.of(Shape.of(3), 0.3, -1.0, 0.8);
        Tensor exact = eval(Grad.jvp(y, List.of(x), List.of(t)), Map.of(x, at));
        double s = 0.3 - 1.0 + 0.8;
        double[] want = new double[3];
        double[] xs = at.toArray();
        double[] ts = {1, 0.5, -2};
        for (int i = 0; i < 3; i++) {
            want[i] = Math.cos(xs[i]) * ts[i] * s + Math.sin(xs[i]) * (1 + 0.5 - 2);
        }
        assertArrayEquals(want, exact.toArray(), 1e-14);
    }

    @Test
    void gradientWorksForEveryBatchSize() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node w = g.param("w", 3, 2);
        Node b = g.param("b", 2);
        Node loss = x.matmul(w).add(b).tanh().square().mean();
        List<Node> grads = Grad.grad(loss, List.of(w, b), Grad.Unused.ERROR);
        ParamStore store = new ParamStore().put("w", Tensor.randomNormal(1, 0, 1, 3, 2)).put("b", Tensor.zeros(2));
        Session s = new Session(store);
        for (int batch : new int[] {1, 4, 7}) {
            Tensor xv = Tensor.randomNormal(batch, 0, 1, batch, 3);
            List<Tensor> out = s.run(Map.of(x, xv), grads.get(0), grads.get(1));
            assertEquals(Shape.of(3, 2), out.get(0).shape());
            assertEquals(Shape.of(2), out.get(1).shape());
            GradCheck.assertPasses(v -> v.get(0).matmul(v.get(1)).add(v.get(2)).tanh().square().mean(),
                    List.of(xv, store.get("w"), store.get("b")));
        }
    }

    /** x^2 with its rule written as graph ops, so second order works through it too. */
    static final class Square implements CustomOp {
        @Override
        public String name() {
            return "my_square";
        }

        @Override
        public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            double[] v = in.get(0).toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= v[i];
            }
            return Tensor.of(in.get(0).shape(), v);
        }

        @Override
        public List<Node> vjp(Node y, Node g) {
            return List.of(g.mul(y.input(0)).mul(2.0));
        }
    }

    @Test
    void customOpWithItsRuleIsDifferentiatedTwice() {
        GradCheck.assertPasses(v -> v.get(0).graph().apply(new Square(), v.get(0)).sin(),
                List.of(Tensor.randomNormal(9, 0, 1, 2, 3)));
    }

    @Test
    void customOpWithoutARuleNamesItself() {
        CustomOp noRule = new CustomOp() {
            @Override
            public String name() {
                return "opaque";
            }

            @Override
            public Shape outShape(List<Shape> in) {
                return in.get(0);
            }

            @Override
            public Tensor forward(List<Tensor> in) {
                return in.get(0);
            }
        };
        Graph g = new Graph();
        Node x = g.input("x", 2);
        Node y = g.apply(noRule, x).sum();
        GradientException e = assertThrows(GradientException.class, () -> Grad.grad(y, x));
        assertTrue(e.getMessage().contains("opaque") && e.getMessage().contains("GradTest.java"), e.getMessage());
    }

    @Test
    void gradientOfADeepMlpStaysWithinThreeTimesTheForwardGraph() {
        Graph g = new Graph();
        Node h = g.input("x", Shape.UNKNOWN, 16);
        List<Node> params = new java.util.ArrayList<>();
        for (int layer = 0; layer < 10; layer++) {
            Node w = g.param("w" + layer, 16, 16);
            Node b = g.param("b" + layer, 16);
            params.add(w);
            params.add(b);
            h = h.matmul(w).add(b).tanh();
        }
        Node loss = h.square().mean();
        int forward = GraphView.ancestors(List.of(loss)).size();
        List<Node> grads = Grad.grad(loss, params, Grad.Unused.ERROR);
        java.util.Set<Node> all = new java.util.HashSet<>(GraphView.ancestors(grads));
        all.addAll(GraphView.ancestors(List.of(loss)));
        double ratio = (all.size() - forward) / (double) forward;
        System.out.printf("10-layer MLP: forward graph %d nodes, grad adds %d nodes (%.2fx)%n",
                forward, all.size() - forward, ratio);
        assertTrue(ratio <= 3.0, "grad added " + ratio + "x the forward graph");
    }
}
