// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** L-BFGS on graph losses whose minima are known, its line search on its own, and its refusals. */
class LbfgsTest {
    /** Rosenbrock's banana valley from the classic start (-1.2, 1): minimum 0 at (1, 1), condition number about 2500. */
    @Test
    void rosenbrockFromTheClassicStartReachesOneOne() {
        Graph g = new Graph();
        Node x = g.param("x");
        Node y = g.param("y");
        Node loss = x.neg().add(1.0).square().add(y.sub(x.square()).square().mul(100.0));
        ParamStore store = new ParamStore().put("x", Tensor.scalar(-1.2)).put("y", Tensor.scalar(1.0));
        Lbfgs.Result r = Lbfgs.defaults().minimize(new Session(store), loss, List.of(x, y), Map.of());
        System.out.printf("rosenbrock: %d iterations, %d evaluations, |x - 1| = %.1e, |y - 1| = %.1e%n", r.iterations(),
                r.evaluations(), Math.abs(store.get("x").item() - 1), Math.abs(store.get("y").item() - 1));
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::toString);
        assertEquals(1.0, store.get("x").item(), 1e-6, r::toString);
        assertEquals(1.0, store.get("y").item(), 1e-6, r::toString);
        assertTrue(r.gradientNorm() <= 1e-9 && r.loss() < 1e-14, r::toString);
        // Quasi-Newton speed: gradient descent needs thousands of steps here.
        assertTrue(r.iterations() < 100, r::toString);
        assertEquals(r.iterations() + 1, r.losses().size());
        for (int k = 1; k < r.losses().size(); k++) {
            assertTrue(r.losses().get(k) < r.losses().get(k - 1), "every accepted step lowers the loss: " + r.losses());
        }
    }

    /** Least squares with a bias, min ||A w + c - b||^2 / n, against the QR solution of the normal equations. */
    @Test
    void leastSquaresReachesTheClosedFormSolution() {
        int n = 40;
        int d = 5;
        double[] a = Tensor.randomNormal(3, 0, 1, n, d).toArray();
        double[] b = Tensor.randomNormal(4, 0, 1, n, 1).toArray();
        Graph g = new Graph();
        Node w = g.param("w", d, 1);
        Node c = g.param("c", 1);
        Node design = g.constant(Tensor.fromArray(a, n, d));
        Node loss = design.matmul(w).add(c).sub(g.constant(Tensor.fromArray(b, n, 1))).square().mean();
        ParamStore store = new ParamStore().put("w", Tensor.zeros(d, 1)).put("c", Tensor.zeros(1));
        Lbfgs.Result r = Lbfgs.defaults().history(5).minimize(new Session(store), loss, List.of(w, c), Map.of());

        Array2DRowRealMatrix withOnes = new Array2DRowRealMatrix(n, d + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                withOnes.setEntry(i, j, a[i * d + j]);
            }
            withOnes.setEntry(i, d, 1);
        }
        RealVector exact = new QRDecomposition(withOnes).getSolver().solve(new ArrayRealVector(b));
        double[] expected = exact.toArray();
        assertArrayEquals(java.util.Arrays.copyOf(expected, d), store.get("w").toArray(), 1e-8, r::toString);
        assertEquals(expected[d], store.get("c").item(), 1e-8, r::toString);
        double residual = withOnes.operate(exact).subtract(new ArrayRealVector(b)).getNorm();
        assertEquals(residual * residual / n, r.loss(), 1e-12);
    }

    @Test
    void theIterationBudgetStopsARunAndTheStoreHoldsItsLastPoint() {
        Graph g = new Graph();
        Node x = g.param("x");
        Node y = g.param("y");
        Node loss = x.neg().add(1.0).square().add(y.sub(x.square()).square().mul(100.0));
        ParamStore store = new ParamStore().put("x", Tensor.scalar(-1.2)).put("y", Tensor.scalar(1.0));
        Session session = new Session(store);
        Lbfgs.Result r = Lbfgs.defaults().maxIterations(3).minimize(session, loss, List.of(x, y), Map.of());
        assertEquals(Lbfgs.Stop.ITERATIONS, r.stop());
        assertEquals(3, r.iterations());
        assertEquals(r.loss(), session.run(Map.of(), loss).get(0).item(), 0.0, "the store holds the accepted point");
    }

    @Test
    void aParamTheLossDoesNotReadKeepsItsValue() {
        Graph g = new Graph();
        Node x = g.param("x");
        Node idle = g.param("idle", 2);
        ParamStore store = new ParamStore().put("x", Tensor.scalar(3)).put("idle", Tensor.ones(2));
        Lbfgs.defaults().minimize(new Session(store), x.sub(2.0).square(), List.of(x, idle), Map.of());
        assertEquals(2.0, store.get("x").item(), 1e-9);
        assertEquals(Tensor.ones(2), store.get("idle"));
    }

    /** A step into the region where the loss is NaN counts as too long: the search shortens it and accepts a finite point. */
    @Test
    void theLineSearchShortensAStepThatMeetsANaN() {
        Objective f = (x, grad) -> {
            grad[0] = 2 * (x[0] - 0.9);
            return x[0] < 1 ? (x[0] - 0.9) * (x[0] - 0.9) : Double.NaN;
        };
        int[] evaluations = {0};
        StrongWolfe.Point p = StrongWolfe.search(f, new double[] {0}, 0.81, new double[] {-1.8}, new double[] {1}, 4,
                25, evaluations);
        assertNotNull(p);
        assertTrue(Double.isFinite(p.loss()) && p.step() < 1 && p.loss() < 0.81, p::toString);
        assertTrue(Math.abs(p.slope()) <= StrongWolfe.C2 * 1.8, "strong Wolfe holds at the accepted step: " + p);
    }

    @Test
    void aLineSearchThatFindsNoDecreaseSaysSo() {
        Objective rising = (x, grad) -> {
            grad[0] = -1;   // claims to descend along +x, but the loss only rises
            return x[0] == 0 ? 0 : 1;
        };
        assertEquals(null, StrongWolfe.search(rising, new double[] {0}, 0, new double[] {-1}, new double[] {1}, 1, 25,
                new int[1]));
    }

    @Test
    void badInputIsRefusedByName() {
        Graph g = new Graph();
        Node x = g.param("x");
        Node in = g.input("in", 2);
        Node loss = x.square();
        ParamStore store = new ParamStore().put("x", Tensor.scalar(1));
        Session s = new Session(store);
        Lbfgs l = Lbfgs.defaults();
        says(() -> l.minimize(null, loss, List.of(x), Map.of()), "Lbfgs.minimize", "session");
        says(() -> l.minimize(s, null, List.of(x), Map.of()), "Lbfgs.minimize", "loss");
        says(() -> l.minimize(s, loss, null, Map.of()), "Lbfgs.minimize", "params");
        says(() -> l.minimize(s, loss, List.of(x), null), "Lbfgs.minimize", "feeds");
        says(() -> l.minimize(s, loss, List.of(), Map.of()), "params is empty");
        says(() -> l.minimize(s, loss.add(in), List.of(x), Map.of()), "is not a scalar; reduce it with .mean() or .sum()");
        says(() -> l.minimize(s, loss.add(in.sum()), List.of(x, in), Map.of()), "\"in\"", "is not a param");
        says(() -> l.minimize(s, loss, List.of(x, x), Map.of()), "the param \"x\" comes twice");
        Node elsewhere = new Graph().param("x");
        says(() -> l.minimize(s, loss, List.of(elsewhere), Map.of()), "belongs to another graph");
        store.put("x", Tensor.scalar(-1));
        says(() -> l.minimize(s, x.log(), List.of(x), Map.of()), "at the start the loss is NaN");
        Node y = g.param("y");
        EvaluationException e = assertThrows(EvaluationException.class,
                () -> l.minimize(s, y.square(), List.of(y), Map.of()));
        assertTrue(e.getMessage().contains("param \"y\" [] has no value"), e.getMessage());
        says(() -> l.history(0), "history and maxIterations must be at least 1");
        says(() -> l.maxIterations(-1), "maxIterations -1");
        says(() -> l.gradientTolerance(Double.NaN), "gradientTolerance NaN");
        says(() -> l.lossTolerance(-1e-3), "lossTolerance -0.001");
    }

    private static void says(Executable call, String... parts) {
        NablaException e = assertThrows(NablaException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "\"" + p + "\" not in: " + e.getMessage());
        }
    }
}
