// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.nn.activation.Activations;

/**
 * Losses as compositions of graph ops: each returns a scalar node, and its gradient comes from
 * autodiff. Predictions and targets are batches, samples along axis 0.
 *
 * <p>A NaN in a prediction or a target makes the loss NaN; no loss hides one. A loss that
 * averages refuses an empty batch, whose mean would be 0/0: with a {@link ShapeException} when
 * the graph is built if the batch size is known to be 0, else with an
 * {@link dev.nabla.graph.EvaluationException} from the run that feeds an empty batch.
 *
 * <p>Usage: {@code Node loss = Losses.softmaxCrossEntropy(logits, labels);}
 */
public final class Losses {
    /** Where PyTorch's floor of the log at -100 begins: {@code log p < -100} below this. */
    private static final double LOG_FLOOR_START = Math.exp(-100);

    private Losses() {}

    /**
     * The lecture's multi-output MSE: the squared error summed over the O outputs of a sample,
     * averaged over the N samples, {@code (1/N) sum_n sum_o (yhat - y)^2}.
     *
     * @param pred predictions {@code [N, O...]}
     * @param target targets, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or the batch is empty
     */
    public static Node mse(Node pred, Node target) {
        Node sq = diff("mse", pred, target).square();
        return averaged("mse", perSample(sq).mean(), pred, target, false);
    }

    /**
     * MSE averaged over every element, PyTorch's {@code MSELoss()}: the lecture's form divided by O.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node mseMean(Node pred, Node target) {
        return averaged("mse_mean", diff("mse_mean", pred, target).square().mean(), pred, target, true);
    }

    /**
     * Mean absolute error over every element.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node mae(Node pred, Node target) {
        return averaged("mae", diff("mae", pred, target).abs().mean(), pred, target, true);
    }

    /**
     * Huber loss over every element: {@code d^2/2} for {@code |d| <= delta}, else
     * {@code delta (|d| - delta/2)}; quadratic near 0, linear in the tails.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @param delta where the quadratic part ends, positive
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node huber(Node pred, Node target, double delta) {
        if (!(delta > 0)) {
            throw new NablaException("huber: delta must be positive, got " + delta);
        }
        Node a = diff("huber", pred, target).abs();
        Node small = Ops.le(a, a.graph().scalar(delta));
        // The square sees 0 where it is not picked: at an infinite error its derivative 2a would
        // meet the cotangent 0 there as 0 * inf = NaN, where the linear part's is delta.
        Node quad = Ops.where(small, a, a.graph().scalar(0.0)).square().mul(0.5);
        Node lin = a.sub(delta / 2).mul(delta);
        return averaged("huber", Ops.where(small, quad, lin).mean(), pred, target, true);
    }

    /**
     * Binary cross-entropy on probabilities, {@code -mean(t log p + (1-t) log(1-p))}, with each
     * log floored at -100 as PyTorch does: p = 0 with t = 1 (or p = 1 with t = 0) gives the
     * finite loss 100. The gradient is the derivative of exactly this loss: where the floor
     * applies ({@code p <= e^-100}) the log is constant, so its term passes no gradient (PyTorch
     * instead returns a huge one there, clamping the denominator at 1e-12); at p = 0 the gradient
     * by p is {@code (1 - t) / N}, at p = 1 it is {@code -t / N}, and never NaN. A confidently wrong
     * probability thus stops learning through its own term; for a gradient that never vanishes,
     * use {@link #binaryCrossEntropyWithLogits} on the logits. A probability outside [0, 1] or
     * NaN makes the loss NaN.
     *
     * @param prob probabilities in [0, 1]
     * @param target 0/1 targets (or soft targets), same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node binaryCrossEntropy(Node prob, Node target) {
        sameShape("binary_cross_entropy", prob, target);
        Node logP = flooredLog(prob);
        Node logQ = flooredLog(prob.neg().add(1.0));
        Node loss = target.mul(logP).add(target.neg().add(1.0).mul(logQ)).mean().neg();
        return averaged("binary_cross_entropy", loss, prob, target, true);
    }

    /**
     * {@code max(log p, -100)} with the derivative of that: -100, a constant, for {@code p} in
     * {@code [0, e^-100]}; {@code log p} elsewhere, so NaN below 0 and for NaN. The log sees 1
     * where the floor applies, or its derivative {@code 1/p} at 0 would meet the cotangent 0 as
     * {@code 0 * inf = NaN}, the NaN gradient of a plain {@code maximum}.
     */
    private static Node flooredLog(Node p) {
        Graph g = p.graph();
        Node floored = Ops.mul(Ops.le(p, g.scalar(LOG_FLOOR_START)), Ops.ge(p, g.scalar(0.0)));
        return Ops.where(floored, g.scalar(-100.0), Ops.where(floored, g.scalar(1.0), p).log());
    }

    /**
     * Binary cross-entropy on logits, stable for any logit: {@code mean(softplus(z) - z t)}.
     *
     * @param logits the scores {@code z}
     * @param target 0/1 targets, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node binaryCrossEntropyWithLogits(Node logits, Node target) {
        sameShape("binary_cross_entropy_with_logits", logits, target);
        // softplus(z) - z t: the softplus primitive keeps the loss smooth to second order at z = 0.
        Node loss = Ops.unary(UnaryFn.SOFTPLUS, logits).sub(logits.mul(target)).mean();
        return averaged("binary_cross_entropy_with_logits", loss, logits, target, true);
    }

    /**
     * Softmax cross-entropy on logits with integer labels, stable for any logit:
     * {@code mean_n(logsumexp(z_n) - z_n[label_n])}. As in PyTorch, a logit of -inf off the label
     * (a masked class) leaves the loss finite, one of +inf or NaN makes its sample's loss NaN.
     *
     * @param logits {@code [N, C]}
     * @param labels integer labels in {@code [0, C)}, shape {@code [N]}
     * @return the loss
     * @throws ShapeException if the shapes do not fit or the batch is empty
     */
    public static Node softmaxCrossEntropy(Node logits, Node labels) {
        if (logits == null || labels == null || logits.shape().rank() != 2 || labels.shape().rank() != 1) {
            throw new ShapeException("softmax_cross_entropy: expected logits [N, C] and integer labels [N], got "
                    + (logits == null ? "null" : logits.shape()) + " and " + (labels == null ? "null" : labels.shape()));
        }
        Node oneHot = Indexing.oneHot(labels, logits.shape().dim(1));
        sameShape("softmax_cross_entropy", logits, oneHot);
        // The label's log-probability, selected rather than multiplied by the one-hot row: 0 * -inf would be NaN.
        Node picked = Ops.where(oneHot, Activations.logSoftmax(logits, -1), logits.graph().scalar(0.0));
        return averaged("softmax_cross_entropy", picked.sum(-1).mean().neg(), logits, labels, false);
    }

    /**
     * Softmax cross-entropy on logits with one-hot (or soft) targets:
     * {@code -mean_n sum_c t log softmax(z)}. As in PyTorch's soft-target form, a logit of -inf
     * makes the loss NaN ({@code 0 * -inf}); use {@link #softmaxCrossEntropy} for masked classes.
     *
     * @param logits {@code [N, C]}
     * @param targets rows summing to 1, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or the batch is empty
     */
    public static Node softmaxCrossEntropyOneHot(Node logits, Node targets) {
        sameShape("softmax_cross_entropy", logits, targets);
        Node loss = targets.mul(Activations.logSoftmax(logits, -1)).sum(-1).mean().neg();
        return averaged("softmax_cross_entropy", loss, logits, targets, false);
    }

    /**
     * The hinge loss {@code mean(max(0, 1 - y s))} for labels {@code y} in {-1, +1}.
     *
     * @param scores the scores {@code s = w.x + b}
     * @param labels -1 or +1, same shape
     * @return the loss
     * @throws ShapeException if the shapes differ or there is no element
     */
    public static Node hinge(Node scores, Node labels) {
        return averaged("hinge", margins("hinge", scores, labels).mean(), scores, labels, true);
    }

    /**
     * The soft-margin SVM objective {@code 1/2 ||w||^2 + C sum(max(0, 1 - y s))}: a large C
     * punishes every violation (narrow margin, risk of overfitting), a small C allows some
     * (wide margin, more regularisation), as the lecture's opening slides explain.
     *
     * @param w the weights
     * @param scores the scores {@code s = w.x + b}
     * @param labels -1 or +1, same shape as the scores
     * @param c the trade-off constant C, positive
     * @return the objective
     */
    public static Node svmObjective(Node w, Node scores, Node labels, double c) {
        Arguments.requireNonNulls("svm_objective", "w", w, "scores", scores, "labels", labels);
        if (!(c > 0)) {
            throw new NablaException("svm_objective: C must be positive, got " + c);
        }
        return w.square().sum().mul(0.5).add(margins("svm_objective", scores, labels).sum().mul(c));
    }

    /**
     * The L1 penalty {@code lambda * sum |w|} over the given weights.
     *
     * @param lambda the strength
     * @param weights the param nodes to penalise
     * @return the penalty
     */
    public static Node l1(double lambda, Node... weights) {
        return penalty("l1", lambda, weights, true);
    }

    /**
     * The L2 penalty {@code lambda * sum w^2} over the given weights.
     *
     * @param lambda the strength
     * @param weights the param nodes to penalise
     * @return the penalty
     */
    public static Node l2(double lambda, Node... weights) {
        return penalty("l2", lambda, weights, false);
    }

    private static Node penalty(String op, double lambda, Node[] weights, boolean abs) {
        Arguments.requireNonNull(op, "weights", weights);
        if (weights.length == 0) {
            throw new NablaException(op + ": give at least one weight");
        }
        Node total = null;
        for (Node w : weights) {
            if (w == null) {
                throw new NablaException(op + ": a weight is null");
            }
            Node term = (abs ? w.abs() : w.square()).sum();
            total = total == null ? term : total.add(term);
        }
        return total.mul(lambda);
    }

    private static Node margins(String op, Node scores, Node labels) {
        diff(op, scores, labels);
        Node slack = labels.mul(scores).neg().add(1.0);
        return Ops.maximum(slack, slack.graph().scalar(0.0));
    }

    /** Sums every axis but the first. */
    private static Node perSample(Node x) {
        int rank = x.shape().rank();
        if (rank <= 1) {
            return x;
        }
        int[] axes = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            axes[i - 1] = i;
        }
        return x.sum(axes);
    }

    /** Checks that prediction and target agree in shape, then returns their difference. */
    private static Node diff(String op, Node pred, Node target) {
        return sameShape(op, pred, target).sub(target);
    }

    /**
     * Checks that a prediction and its target are present and have the same shape.
     *
     * @return {@code pred}, once it is checked to have the target's shape
     */
    private static Node sameShape(String op, Node pred, Node target) {
        if (pred == null || target == null) {
            throw new NablaException(op + ": the prediction and the target must not be null");
        }
        if (!pred.shape().accepts(target.shape()) && !target.shape().accepts(pred.shape()) && !pred.shape().equals(target.shape())) {
            throw new ShapeException(op + ": the prediction " + pred.label() + " " + pred.shape() + " and the target "
                    + target.label() + " " + target.shape() + " must have the same shape");
        }
        return pred;
    }

    /**
     * The loss, refusing an empty mean: at once if a size is known to be 0 (the batch's, or any
     * when {@code overElements}), else, for a batch size known only at run time, through
     * {@link NonEmptyBatch}, whose shape rule the run calls again with the fed size.
     */
    private static Node averaged(String op, Node loss, Node pred, Node target, boolean overElements) {
        Shape s = pred.shape();
        boolean empty = s.rank() > 0 && s.dim(0) == 0;
        for (int i = 0; overElements && i < s.rank(); i++) {
            empty |= s.dim(i) == 0;
        }
        if (empty) {
            throw new ShapeException(NonEmptyBatch.describe(op, pred, target) + ": " + NonEmptyBatch.EMPTY);
        }
        if (s.rank() > 0 && s.dim(0) == Shape.UNKNOWN) {
            return loss.graph().apply(new NonEmptyBatch(NonEmptyBatch.describe(op, pred, target)), loss, pred);
        }
        return loss;
    }
}
