// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

/**
 * A line search for the strong Wolfe conditions (Nocedal and Wright, Numerical Optimization,
 * 2nd ed., algorithms 3.5 and 3.6): bracket a step by doubling, then zoom in with safeguarded
 * cubic interpolation. Strong Wolfe rather than backtracking Armijo because its curvature
 * condition guarantees {@code s'y > 0}, so every L-BFGS pair keeps the inverse-Hessian estimate
 * positive definite, and because it may lengthen a step as well as shorten it. A trial step whose
 * loss or slope is not finite counts as too long: the search shortens the step, and no non-finite
 * point is ever accepted. Internal to nabla-nn.
 */
final class StrongWolfe {
    /** Sufficient decrease: the loss drops by at least this share of what the slope promises. */
    static final double C1 = 1e-4;
    /** Curvature: the slope's magnitude shrinks to at most this share (0.9, the usual choice for quasi-Newton). */
    static final double C2 = 0.9;
    /** The doubling stops here, so a loss unbounded below ends the search instead of running forever. */
    private static final double MAX_STEP = 1e20;

    /** A trial point: its step along the direction, loss, gradient and slope {@code grad . d}. */
    record Point(double step, double loss, double[] grad, double slope) {
        boolean finite() {
            return Double.isFinite(loss) && Double.isFinite(slope);
        }
    }

    private final Objective f;
    private final double[] x;
    private final double[] d;
    private final Point start;
    private final int maxEvaluations;
    private int evaluations;

    private StrongWolfe(Objective f, double[] x, double[] d, Point start, int maxEvaluations) {
        this.f = f;
        this.x = x;
        this.d = d;
        this.start = start;
        this.maxEvaluations = maxEvaluations;
    }

    /**
     * Searches along a descent direction.
     *
     * @param f the function
     * @param x the current point
     * @param loss0 the loss at {@code x}
     * @param grad0 the gradient at {@code x}
     * @param d the direction, with {@code grad0 . d < 0}
     * @param step0 the first step to try
     * @param maxEvaluations the most evaluations to spend
     * @param counter receives the number of evaluations spent
     * @return the accepted point (strong Wolfe, or at least sufficient decrease when the budget ran
     *     out), or null if no step lowered the loss enough
     */
    static Point search(Objective f, double[] x, double loss0, double[] grad0, double[] d, double step0,
            int maxEvaluations, int[] counter) {
        StrongWolfe s = new StrongWolfe(f, x, d, new Point(0, loss0, grad0, Vectors.dot(grad0, d)), maxEvaluations);
        Point found = s.bracket(step0);
        counter[0] += s.evaluations;
        return found;
    }

    private Point bracket(double step0) {
        Point prev = start;
        double step = step0;
        while (evaluations < maxEvaluations) {
            Point cur = evaluate(step);
            if (!cur.finite() || !sufficientDecrease(cur) || (prev != start && cur.loss() >= prev.loss())) {
                return zoom(prev, cur);
            }
            if (curvature(cur)) {
                return cur;
            }
            if (cur.slope() >= 0) {
                return zoom(cur, prev);
            }
            if (step >= MAX_STEP) {
                return cur;
            }
            prev = cur;
            step = Math.min(MAX_STEP, 2 * step);
        }
        return prev == start ? null : prev;
    }

    /** Narrows [lo, hi]: lo has sufficient decrease and the lowest loss so far, and the slope at lo points to hi. */
    private Point zoom(Point lo, Point hi) {
        while (evaluations < maxEvaluations) {
            double width = hi.step() - lo.step();
            if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(lo.step()))) {
                break;
            }
            Point cur = evaluate(trial(lo, hi));
            if (!cur.finite() || !sufficientDecrease(cur) || cur.loss() >= lo.loss()) {
                hi = cur;
            } else {
                if (curvature(cur)) {
                    return cur;
                }
                if (cur.slope() * width >= 0) {
                    hi = lo;
                }
                lo = cur;
            }
        }
        return lo == start ? null : lo;
    }

    /** The minimiser of the cubic through both ends, kept 10% away from either end; the midpoint if there is none. */
    private static double trial(Point lo, Point hi) {
        double a = lo.step();
        double b = hi.step();
        double mid = (a + b) / 2;
        if (!hi.finite()) {
            return mid;
        }
        double d1 = lo.slope() + hi.slope() - 3 * (lo.loss() - hi.loss()) / (a - b);
        double disc = d1 * d1 - lo.slope() * hi.slope();
        if (!(disc >= 0)) {
            return mid;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        double t = b - (b - a) * (hi.slope() + d2 - d1) / (hi.slope() - lo.slope() + 2 * d2);
        double low = Math.min(a, b) + 0.1 * Math.abs(b - a);
        double high = Math.max(a, b) - 0.1 * Math.abs(b - a);
        return Double.isFinite(t) && t >= low && t <= high ? t : mid;
    }

    private boolean sufficientDecrease(Point p) {
        return p.loss() <= start.loss() + C1 * p.step() * start.slope();
    }

    private boolean curvature(Point p) {
        return Math.abs(p.slope()) <= -C2 * start.slope();
    }

    private Point evaluate(double step) {
        evaluations++;
        double[] xt = x.clone();
        Vectors.addScaled(xt, step, d);
        double[] g = new double[x.length];
        double loss = f.at(xt, g);
        return new Point(step, loss, g, Vectors.dot(g, d));
    }
}
