// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Node;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * The minimisers {@link SecondOrderExample} compares, over plans that compute a loss, its
 * gradient, its Hessian and Hessian-vector products for a parameter vector fed as an input.
 */
final class Minimisers {
    private Minimisers() {}

    /**
     * A smooth loss of a parameter vector, as compiled plans.
     *
     * @param theta the parameter input, shape {@code [dim]}
     * @param v the direction input of the Hessian-vector product, shape {@code [dim]}
     * @param lossGrad fetches the loss and its gradient
     * @param hessian fetches the Hessian {@code [dim, dim]}
     * @param hvp fetches the Hessian-vector product by {@code v}
     */
    record Problem(Node theta, Node v, Plan lossGrad, Plan hessian, Plan hvp) {
        int dim() {
            return theta.shape().dim(0);
        }

        List<Tensor> lossGrad(double[] t) {
            return lossGrad.run(Map.of(theta, vec(t)));
        }

        double[][] hessian(double[] t) {
            double[] h = hessian.run(Map.of(theta, vec(t))).get(0).toArray();
            int n = dim();
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(h, i * n, m[i], 0, n);
            }
            return m;
        }

        double[] hvp(double[] t, double[] dir) {
            return hvp.run(Map.of(theta, vec(t), v, vec(dir))).get(0).toArray();
        }
    }

    /**
     * One minimiser's run.
     *
     * @param name the method
     * @param losses the loss at each iterate, from the start
     * @param gradNorms the gradient's Euclidean norm at each iterate, from the start
     * @param iterations iterations until the gradient norm reached the tolerance, or -1 if it never did
     * @param hvps Hessian-vector products used (Newton-CG only)
     * @param theta where it stopped
     */
    record Run(String name, List<Double> losses, List<Double> gradNorms, int iterations, int hvps, double[] theta) {}

    /** One iteration: the next iterate from the current one, its loss and its gradient. */
    @FunctionalInterface
    private interface Step {
        double[] next(double[] t, double loss, double[] g);
    }

    /**
     * Newton's method {@code theta -= H^-1 g} with the exact Hessian, halving the step while the loss rises.
     *
     * @param p the problem
     * @param maxIter the most iterations
     * @param tol the gradient norm to reach
     * @return the run
     */
    static Run newton(Problem p, int maxIter, double tol) {
        return minimise("Newton, exact Hessian", p, maxIter, tol, (t, loss, g) -> lineSearch(p, t,
                new LUDecomposition(MatrixUtils.createRealMatrix(p.hessian(t))).getSolver()
                        .solve(MatrixUtils.createRealVector(g)).toArray(), loss));
    }

    /**
     * Newton steps solved by conjugate gradients on {@code H d = g}, each {@code H v} by double
     * backward, so the Hessian is never formed; at most {@code dim} CG steps, exact in exact arithmetic.
     *
     * @param p the problem
     * @param maxIter the most iterations
     * @param tol the gradient norm to reach
     * @return the run, with the number of Hessian-vector products
     */
    static Run newtonCg(Problem p, int maxIter, double tol) {
        int[] products = {0};
        Run r = minimise("Newton-CG, Hessian-vector products", p, maxIter, tol, (t, loss, g) -> {
            int n = g.length;
            double[] d = new double[n];
            double[] res = g.clone();
            double[] dir = g.clone();
            double rr = dot(res, res);
            for (int i = 0; i < n && Math.sqrt(rr) > 1e-12 * Math.sqrt(dot(g, g)); i++) {
                double[] hd = p.hvp(t, dir);
                products[0]++;
                double alpha = rr / dot(dir, hd);
                for (int j = 0; j < n; j++) {
                    d[j] += alpha * dir[j];
                    res[j] -= alpha * hd[j];
                }
                double next = dot(res, res);
                for (int j = 0; j < n; j++) {
                    dir[j] = res[j] + next / rr * dir[j];
                }
                rr = next;
            }
            return lineSearch(p, t, d, loss);
        });
        return new Run(r.name(), r.losses(), r.gradNorms(), r.iterations(), products[0], r.theta());
    }

    /**
     * Gradient descent with a fixed step.
     *
     * @param p the problem
     * @param lr the step, such as {@code 1/L} for an L-smooth loss
     * @param maxIter the most iterations
     * @param tol the gradient norm to reach
     * @return the run
     */
    static Run gradientDescent(Problem p, double lr, int maxIter, double tol) {
        return minimise("gradient descent, step 1/L", p, maxIter, tol, (t, loss, g) -> {
            double[] next = t.clone();
            for (int j = 0; j < t.length; j++) {
                next[j] -= lr * g[j];
            }
            return next;
        });
    }

    private static Run minimise(String name, Problem p, int maxIter, double tol, Step step) {
        double[] t = new double[p.dim()];
        List<Double> losses = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        for (int k = 0; k <= maxIter; k++) {
            List<Tensor> v = p.lossGrad(t);
            double[] g = v.get(1).toArray();
            double norm = Math.sqrt(dot(g, g));
            losses.add(v.get(0).item());
            norms.add(norm);
            if (norm <= tol) {
                return new Run(name, losses, norms, k, 0, t);
            }
            if (k < maxIter) {
                t = step.next(t, v.get(0).item(), g);
            }
        }
        return new Run(name, losses, norms, -1, 0, t);
    }

    /** {@code theta - s step} for the largest s in 1, 1/2, 1/4, ... that does not raise the loss. */
    private static double[] lineSearch(Problem p, double[] t, double[] step, double loss) {
        for (double s = 1; ; s /= 2) {
            double[] next = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                next[j] = t[j] - s * step[j];
            }
            if (s < 1e-10 || p.lossGrad(next).get(0).item() <= loss) {
                return next;
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static Tensor vec(double[] v) {
        return Tensor.of(Shape.of(v.length), v.clone());
    }
}
