// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * L-BFGS with a strong Wolfe line search, for full-batch problems: a smooth loss of a few
 * thousand params evaluated on all the data at once, such as a physics-informed network after
 * Adam. The loss and its gradient come from one compiled plan, run once per evaluation; the
 * two-loop recursion and the line search run on the host in float64 over the params flattened
 * into one vector. The line search is strong Wolfe rather than backtracking Armijo because its
 * curvature condition keeps every stored pair's {@code s'y} positive (so the inverse-Hessian
 * estimate stays positive definite) and it can lengthen a step as well as shorten it.
 *
 * <p>Usage:
 * <pre>{@code
 * Lbfgs.Result r = Lbfgs.defaults().maxIterations(500).minimize(session, loss, List.of(w, b), feeds);
 * Lbfgs.Result r2 = trainer.minimize(data, Lbfgs.defaults());   // the trainer's model, after fit
 * }</pre>
 *
 * @param history how many recent steps stand for the inverse Hessian (m), at least 1
 * @param maxIterations the most iterations (line searches), at least 1
 * @param gradientTolerance stop when no gradient entry is larger in magnitude than this; at least 0
 * @param lossTolerance stop when an iteration changes the loss by at most this share of it; at least 0
 * @param seed the seed of the random ops (dropout) at every evaluation: the same for all, so the
 *     line search compares values of one function
 */
public record Lbfgs(int history, int maxIterations, double gradientTolerance, double lossTolerance, long seed) {
    /** Why a run stopped. */
    public enum Stop {
        /** Every gradient entry is within the gradient tolerance. */
        GRADIENT,
        /** An iteration changed the loss by no more than the loss tolerance allows. */
        LOSS,
        /** No step along steepest descent lowered the loss: rounding has the last word. */
        LINE_SEARCH,
        /** The iteration budget ran out. */
        ITERATIONS
    }

    /**
     * How a run ended.
     *
     * @param loss the loss at the final point, which the store holds
     * @param gradientNorm the largest gradient entry in magnitude there
     * @param iterations how many iterations ran
     * @param evaluations how many times the plan ran (loss and gradient together)
     * @param stop why it stopped
     * @param losses the loss at the start and after each iteration
     */
    public record Result(double loss, double gradientNorm, int iterations, int evaluations, Stop stop,
            List<Double> losses) {
        /** Copies the losses. */
        public Result {
            Arguments.requireNonNull("Lbfgs.Result", "stop", stop);
            losses = List.copyOf(Arguments.requireElements("Lbfgs.Result", "losses", losses));
        }
    }

    /** Checks the settings. */
    public Lbfgs {
        if (history < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(lossTolerance >= 0)) {
            throw new NablaException("Lbfgs: history and maxIterations must be at least 1 and the tolerances at least 0"
                    + " (not NaN); got history " + history + ", maxIterations " + maxIterations + ", gradientTolerance "
                    + gradientTolerance + ", lossTolerance " + lossTolerance);
        }
    }

    /**
     * The usual settings.
     *
     * @return history 10, at most 1000 iterations, gradient tolerance 1e-9, loss tolerance 1e-15 (rounding), seed 0
     */
    public static Lbfgs defaults() {
        return new Lbfgs(10, 1000, 1e-9, 1e-15, 0L);
    }

    /**
     * Sets how many recent steps stand for the inverse Hessian.
     *
     * @param m the history size, at least 1 (3 to 20 is usual)
     * @return changed settings
     */
    public Lbfgs history(int m) {
        return new Lbfgs(m, maxIterations, gradientTolerance, lossTolerance, seed);
    }

    /**
     * Sets the iteration budget.
     *
     * @param n the most iterations, at least 1
     * @return changed settings
     */
    public Lbfgs maxIterations(int n) {
        return new Lbfgs(history, n, gradientTolerance, lossTolerance, seed);
    }

    /**
     * Sets when the gradient is small enough to stop.
     *
     * @param tolerance the largest gradient entry allowed at a minimum, at least 0
     * @return changed settings
     */
    public Lbfgs gradientTolerance(double tolerance) {
        return new Lbfgs(history, maxIterations, tolerance, lossTolerance, seed);
    }

    /**
     * Sets when progress is too small to go on.
     *
     * @param tolerance the relative change of the loss in one iteration below which to stop, at least 0
     * @return changed settings
     */
    public Lbfgs lossTolerance(double tolerance) {
        return new Lbfgs(history, maxIterations, gradientTolerance, tolerance, seed);
    }

    /**
     * Sets the seed of the random ops at every evaluation.
     *
     * @param s the seed
     * @return changed settings
     */
    public Lbfgs seed(long s) {
        return new Lbfgs(history, maxIterations, gradientTolerance, lossTolerance, s);
    }

    /**
     * Minimises a scalar loss over params from their values in the session's store, and leaves
     * the final values there. Builds the gradients once and compiles one plan for the loss and
     * the gradients, run once per evaluation with the given feeds; runs as the store's writer
     * ({@link ParamStore#exclusively}), so no training step lands in between. A param the loss
     * does not depend on keeps its value.
     *
     * @param session the session whose store holds the params' values
     * @param loss a scalar node
     * @param params the param nodes to change, of the loss's graph, no two alike
     * @param feeds a value for every input the loss needs, the same at every evaluation
     * @return how the run ended
     * @throws NablaException if an argument is null, the loss is not a scalar, a node of
     *     {@code params} is not a param of the loss's graph or comes twice, or the loss or its
     *     gradient is not finite at the start
     * @throws dev.nabla.graph.EvaluationException if a feed or a param's value is missing or ill-shaped
     */
    public Result minimize(Session session, Node loss, List<Node> params, Map<Node, Tensor> feeds) {
        String where = "Lbfgs.minimize";
        Arguments.requireNonNulls(where, "session", session, "loss", loss, "feeds", feeds);
        requireParams(where, loss, Arguments.requireElements(where, "params", params));
        if (!loss.shape().isKnown() || loss.shape().size() != 1) {
            throw new NablaException(where + ": the loss " + loss.describe() + " is not a scalar; reduce it with"
                    + " .mean() or .sum()");
        }
        List<Node> fetches = new ArrayList<>();
        fetches.add(loss);
        fetches.addAll(Grad.grad(loss, params, Grad.Unused.ZERO));
        Plan plan = session.compile(fetches.toArray(Node[]::new));
        ParamStore store = session.params();
        Map<Node, Tensor> fed = new HashMap<>(feeds);
        return store.exclusively(() -> run(plan, store, List.copyOf(params), fed));
    }

    private static void requireParams(String where, Node loss, List<Node> params) {
        if (params.isEmpty()) {
            throw new NablaException(where + ": params is empty; give at least one param node to change");
        }
        Set<String> seen = new HashSet<>();
        for (Node p : params) {
            if (!(p.op() instanceof Leaf.Param)) {
                throw new NablaException(where + ": " + p.describe() + " is not a param; L-BFGS changes params,"
                        + " the leaves whose values live in the store (graph.param(...), ctx.param(p))");
            }
            if (p.graph() != loss.graph()) {
                throw new NablaException(where + ": the param " + p.describe() + " belongs to another graph than the"
                        + " loss " + loss.describe());
            }
            if (!seen.add(p.name())) {
                throw new NablaException(where + ": the param \"" + p.name() + "\" comes twice in params");
            }
        }
    }

    private Result run(Plan plan, ParamStore store, List<Node> params, Map<Node, Tensor> feeds) {
        PlanObjective f = new PlanObjective(plan, store, params, feeds, seed);
        // The first evaluation reads the store as it is, so a missing value fails with the run's own advice.
        double[] grad0 = new double[f.size()];
        double loss0 = f.current(grad0);
        if (!Double.isFinite(loss0) || !Vectors.finite(grad0)) {
            throw new NablaException("Lbfgs.minimize: at the start the loss is " + loss0 + (Vectors.finite(grad0)
                    ? "" : " and its gradient is not finite") + "; L-BFGS needs a finite loss and gradient to start from");
        }
        LbfgsIterations.Outcome out = LbfgsIterations.run(f, f.start(), loss0, grad0, this);
        f.put(out.x());
        return out.result();
    }
}
