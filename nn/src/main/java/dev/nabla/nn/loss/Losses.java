// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.loss;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.UnaryFn;

/**
 * Losses as compositions of graph ops: each returns a scalar node, and its gradient comes from
 * autodiff. Predictions and targets are batches, samples along axis 0.
 *
 * <p>Usage: {@code Node loss = Losses.softmaxCrossEntropy(logits, labels);}
 */
public final class Losses {
    private Losses() {}

    /**
     * The lecture's multi-output MSE: the squared error summed over the O outputs of a sample,
     * averaged over the N samples, {@code (1/N) sum_n sum_o (yhat - y)^2}.
     *
     * @param pred predictions {@code [N, O...]}
     * @param target targets, same shape
     * @return the loss
     */
    public static Node mse(Node pred, Node target) {
        Node sq = diff("mse", pred, target).square();
        return perSample(sq).mean();
    }

    /**
     * MSE averaged over every element, PyTorch's {@code MSELoss()}: the lecture's form divided by O.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @return the loss
     */
    public static Node mseMean(Node pred, Node target) {
        return diff("mse_mean", pred, target).square().mean();
    }

    /**
     * Mean absolute error over every element.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @return the loss
     */
    public static Node mae(Node pred, Node target) {
        return diff("mae", pred, target).abs().mean();
    }

    /**
     * Huber loss over every element: {@code d^2/2} for {@code |d| <= delta}, else
     * {@code delta (|d| - delta/2)}; quadratic near 0, linear in the tails.
     *
     * @param pred predictions
     * @param target targets, same shape
     * @param delta where the quadratic part ends, positive
     * @return the loss
     */
    public static Node huber(Node pred, Node target, double delta) {
        if (!(delta > 0)) {
            throw new NablaException("huber: delta must be positive, got " + delta);
        }
        Node a = diff("huber", pred, target).abs();
        Node small = Ops.le(a, a.graph().scalar(delta));
        Node quad = a.square().mul(0.5);
        Node lin = a.sub(delta / 2).mul(delta);
        return Ops.where(small, quad, lin).mean();
    }

    /**
     * Binary cross-entropy on probabilities, {@code -mean(t log p + (1-t) log(1-p))}; each log
     * is floored at -100, as PyTorch does, so p = 0 or 1 gives a large finite loss.
     *
     * @param prob probabilities in [0, 1]
     * @param target 0/1 targets (or soft targets), same shape
     * @return the loss
     */
    public static Node binaryCrossEntropy(Node prob, Node target) {
        diff("binary_cross_entropy", prob, target);
        Node floor = prob.graph().scalar(-100.0);
        Node logP = Ops.maximum(prob.log(), floor);
        Node logQ = Ops.maximum(prob.neg().add(1.0).log(), floor);
        return target.mul(logP).add(target.neg().add(1.0).mul(logQ)).mean().neg();
    }

    /**
     * Binary cross-entropy on logits, stable for any logit: {@code mean(softplus(z) - z t)}.
     *
     * @param logits the scores {@code z}
     * @param target 0/1 targets, same shape
     * @return the loss
     */
    public static Node binaryCrossEntropyWithLogits(Node logits, Node target) {
        diff("binary_cross_entropy_with_logits", logits, target);
        // softplus(z) - z t: the softplus primitive keeps the loss smooth to second order at z = 0.
        return Ops.unary(UnaryFn.SOFTPLUS, logits).sub(logits.mul(target)).mean();
    }

    /**
     * Softmax cross-entropy on logits with integer labels, stable for any logit:
     * {@code mean_n(logsumexp(z_n) - z_n[label_n])}.
     *
     * @param logits {@code [N, C]}
     * @param labels integer labels in {@code [0, C)}, shape {@code [N]}
     * @return the loss
     */
    public static Node softmaxCrossEntropy(Node logits, Node labels) {
        if (logits == null || labels == null || logits.shape().rank() != 2 || labels.shape().rank() != 1) {
            throw new ShapeException("softmax_cross_entropy: expected logits [N, C] and integer labels [N], got "
                    + (logits == null ? "null" : logits.shape()) + " and " + (labels == null ? "null" : labels.shape()));
        }
        return softmaxCrossEntropyOneHot(logits, Indexing.oneHot(labels, logits.shape().dim(1)));
    }

    /**
     * Softmax cross-entropy on logits with one-hot (or soft) targets:
     * {@code -mean_n sum_c t log softmax(z)}.
     *
     * @param logits {@code [N, C]}
     * @param targets rows summing to 1, same shape
     * @return the loss
     */
    public static Node softmaxCrossEntropyOneHot(Node logits, Node targets) {
        diff("softmax_cross_entropy", logits, targets);
        Node logSoftmax = logits.sub(Reductions.logsumexp(logits, true, -1));
        return targets.mul(logSoftmax).sum(-1).mean().neg();
    }

    /**
     * The hinge loss {@code mean(max(0, 1 - y s))} for labels {@code y} in {-1, +1}.
     *
     * @param scores the scores {@code s = w.x + b}
     * @param labels -1 or +1, same shape
     * @return the loss
     */
    public static Node hinge(Node scores, Node labels) {
        return margins("hinge", scores, labels).mean();
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
        if (pred == null || target == null) {
            throw new NablaException(op + ": the prediction and the target must not be null");
        }
        if (!pred.shape().accepts(target.shape()) && !target.shape().accepts(pred.shape()) && !pred.shape().equals(target.shape())) {
            throw new ShapeException(op + ": the prediction " + pred.label() + " " + pred.shape() + " and the target "
                    + target.label() + " " + target.shape() + " must have the same shape");
        }
        return pred.sub(target);
    }
}
