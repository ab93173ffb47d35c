// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The L-BFGS iterations on the host (Nocedal and Wright, Numerical Optimization, 2nd ed.,
 * algorithm 7.4 with the two-loop recursion 7.5): the last {@code m} steps and gradient changes
 * stand for the inverse Hessian, scaled by {@code s'y / y'y} of the newest pair, and each
 * direction is searched with {@link StrongWolfe}. Internal to nabla-nn; {@link Lbfgs} runs it on a
 * graph's loss and gradients.
 */
final class LbfgsIterations {
    /** The most evaluations one line search may spend (PyTorch's and SciPy's defaults are 25 and 20). */
    static final int SEARCH_EVALUATIONS = 25;

    /** A pair {@code (s, y)}: a step and the change of the gradient over it, with {@code rho = 1 / s'y}. */
    private record Pair(double[] s, double[] y, double rho) {}

    /** The final point and how the run ended. */
    record Outcome(double[] x, Lbfgs.Result result) {}

    private LbfgsIterations() {}

    /**
     * Minimises from {@code x0}.
     *
     * @param f the function; its value and gradient at {@code x0} must be finite
     * @param x0 the starting point, not changed
     * @param loss0 the value at {@code x0}
     * @param grad0 the gradient at {@code x0}
     * @param settings history, iterations and tolerances
     * @return the last accepted point and the result
     */
    static Outcome run(Objective f, double[] x0, double loss0, double[] grad0, Lbfgs settings) {
        double[] x = x0.clone();
        double loss = loss0;
        double[] g = grad0.clone();
        Deque<Pair> pairs = new ArrayDeque<>();
        List<Double> losses = new ArrayList<>(List.of(loss));
        int[] evaluations = {1};
        int k = 0;
        Lbfgs.Stop stop;
        while (true) {
            if (Vectors.maxAbs(g) <= settings.gradientTolerance()) {
                stop = Lbfgs.Stop.GRADIENT;
                break;
            }
            if (k >= settings.maxIterations()) {
                stop = Lbfgs.Stop.ITERATIONS;
                break;
            }
            double[] d = direction(g, pairs);
            if (!(Vectors.dot(g, d) < 0)) {
                // Rounding can spoil the estimate; steepest descent always descends.
                pairs.clear();
                d = negated(g);
            }
            // Without pairs the direction is -g, whose length says nothing about a good step.
            double step0 = pairs.isEmpty() ? Math.min(1, 1 / Vectors.sumAbs(g)) : 1;
            StrongWolfe.Point p = StrongWolfe.search(f, x, loss, g, d, step0, SEARCH_EVALUATIONS, evaluations);
            if (p == null) {
                if (!pairs.isEmpty()) {
                    pairs.clear();
                    continue;
                }
                stop = Lbfgs.Stop.LINE_SEARCH;
                break;
            }
            double[] s = d.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] *= p.step();
            }
            double[] y = p.grad().clone();
            Vectors.addScaled(y, -1, g);
            double sy = Vectors.dot(s, y);
            // A pair with s'y <= 0 (a step the search accepted on sufficient decrease alone) would
            // make the estimate indefinite: it is skipped.
            if (sy > 1e-300 && sy > 1e-16 * Vectors.dot(y, y)) {
                pairs.addLast(new Pair(s, y, 1 / sy));
                if (pairs.size() > settings.history()) {
                    pairs.removeFirst();
                }
            }
            double before = loss;
            Vectors.addScaled(x, 1, s);
            loss = p.loss();
            g = p.grad();
            losses.add(loss);
            k++;
            if (Math.abs(before - loss) <= settings.lossTolerance() * Math.max(Math.abs(before), Math.abs(loss))) {
                stop = Lbfgs.Stop.LOSS;
                break;
            }
        }
        return new Outcome(x, new Lbfgs.Result(loss, Vectors.maxAbs(g), k, evaluations[0], stop, losses));
    }

    /** The two-loop recursion: {@code -H g} with the inverse-Hessian estimate of the stored pairs. */
    private static double[] direction(double[] g, Deque<Pair> pairs) {
        double[] q = g.clone();
        if (pairs.isEmpty()) {
            return negated(q);
        }
        double[] alpha = new double[pairs.size()];
        int i = pairs.size();
        for (Iterator<Pair> it = pairs.descendingIterator(); it.hasNext();) {
            Pair p = it.next();
            alpha[--i] = p.rho() * Vectors.dot(p.s(), q);
            Vectors.addScaled(q, -alpha[i], p.y());
        }
        Pair newest = pairs.peekLast();
        double gamma = 1 / (newest.rho() * Vectors.dot(newest.y(), newest.y()));
        for (int j = 0; j < q.length; j++) {
            q[j] *= gamma;
        }
        i = 0;
        for (Pair p : pairs) {
            double beta = p.rho() * Vectors.dot(p.y(), q);
            Vectors.addScaled(q, alpha[i++] - beta, p.s());
        }
        return negated(q);
    }

    private static double[] negated(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
