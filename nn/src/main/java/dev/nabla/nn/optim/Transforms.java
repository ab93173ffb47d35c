// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.nn.Hyperparameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The building blocks of optimizers, each a published update rule written with graph ops, and
 * {@link #chain}, which joins them into one transform.
 *
 * <p>Usage: {@code Optimizer.of(Transforms.chain(Transforms.clipByGlobalNorm(1.0), Transforms.momentum(0.9, false), Transforms.scaleByLearningRate()))}
 */
public final class Transforms {
    private Transforms() {}

    /**
     * Joins transforms into one: each link's outgoing updates are the next link's incoming ones,
     * and the state is every link's state in order.
     *
     * @param links the transforms, applied in order; the last is usually {@link #scaleByLearningRate}
     * @return the chained transform
     * @throws NablaException if no link is given
     */
    public static Transform<ChainState> chain(Transform<?>... links) {
        if (Arguments.requireElements("Transforms.chain", "links", links).length == 0) {
            throw new NablaException("Transforms.chain: give at least one transform");
        }
        List<Transform<?>> all = List.of(links);
        return new Transform<>() {
            public ChainState init(Slots slots) {
                List<Object> states = new ArrayList<>();
                for (Transform<?> t : all) {
                    states.add(Arguments.requireResult("Transforms.chain", "init of " + t, t.init(slots)));
                }
                return new ChainState(states);
            }

            public Update<ChainState> update(List<Node> updates, ChainState state, Step step) {
                List<Node> us = updates;
                List<Object> next = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    Update<?> up = Arguments.requireResult("Optimizer.step", "update of " + all.get(i),
                            updateOf(all.get(i), us, state.links().get(i), step));
                    if (up.updates().size() != us.size()) {
                        throw new NablaException("Transforms.chain: " + all.get(i) + " gave " + up.updates().size()
                                + " updates for " + us.size() + " params; give one per param");
                    }
                    us = up.updates();
                    next.add(up.state());
                }
                return new Update<>(us, new ChainState(next));
            }

            public List<Node> nodes(ChainState state) {
                List<Node> out = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    out.addAll(nodesOf(all.get(i), state.links().get(i)));
                }
                return out;
            }
        };
    }

    /** The state a chain holds for a link is the one that link made, so the cast holds. */
    @SuppressWarnings("unchecked")
    private static <S> Transform.Update<S> updateOf(Transform<S> t, List<Node> us, Object state, Transform.Step step) {
        return t.update(us, (S) state, step);
    }

    @SuppressWarnings("unchecked")
    private static <S> List<Node> nodesOf(Transform<S> t, Object state) {
        return Arguments.requireResult("Optimizer.step", "nodes of " + t, t.nodes((S) state));
    }

    /**
     * Scales the update by the negated learning rate, ending every optimizer's chain.
     *
     * @return {@code u -> -lr * u}: the last link of every optimizer
     */
    public static Transform<EmptyState> scaleByLearningRate() {
        // Negating the scalar rate, not the product: the same bits, one pass less over every weight.
        return PerParam.stateless((u, p, lr) -> u.mul(lr.neg()));
    }

    /**
     * Heavy-ball momentum (Polyak 1964, "Some methods of speeding up the convergence of iteration
     * methods") and Nesterov's variant (Sutskever et al. 2013, "On the importance of initialization
     * and momentum in deep learning"), as PyTorch defines them: {@code m' = beta m + u}; the update
     * is {@code m'}, or {@code u + beta m'} for Nesterov.
     *
     * @param beta the momentum, in [0, 1)
     * @param nesterov use Nesterov's look-ahead
     * @return the transform, keeping a {@link TraceState} per param
     * @throws NablaException if beta is not in [0, 1)
     */
    public static Transform<List<TraceState>> momentum(double beta, boolean nesterov) {
        Hyperparameters.fraction("Transforms.momentum", "beta", beta);
        return new PerParam<>((slots, p) -> new TraceState(slots.zerosLike(p, "momentum")), s -> List.of(s.trace())) {
            PerParam.Local<TraceState> update(Node u, TraceState s, Node param, Node lr) {
                Node m = s.trace().mul(beta).add(u);
                return new Local<>(nesterov ? u.add(m.mul(beta)) : m, new TraceState(m));
            }
        };
    }

    /**
     * AdaGrad (Duchi, Hazan and Singer 2011, "Adaptive subgradient methods for online learning and
     * stochastic optimization"): {@code s' = s + u^2}, update {@code u / (sqrt(s') + eps)}.
     *
     * @param eps added to the denominator
     * @return the transform, keeping a {@link SumOfSquaresState} per param
     */
    public static Transform<List<SumOfSquaresState>> adagrad(double eps) {
        Hyperparameters.nonNegative("Transforms.adagrad", "eps", eps);
        return new PerParam<>((slots, p) -> new SumOfSquaresState(slots.zerosLike(p, "adagrad_sum")),
                s -> List.of(s.sumOfSquares())) {
            PerParam.Local<SumOfSquaresState> update(Node u, SumOfSquaresState s, Node param, Node lr) {
                Node sum = s.sumOfSquares().add(u.square());
                return new Local<>(u.div(sum.sqrt().add(eps)), new SumOfSquaresState(sum));
            }
        };
    }

    /**
     * RMSProp (Tieleman and Hinton 2012, Coursera "Neural Networks for Machine Learning", lecture
     * 6.5): {@code v' = decay v + (1 - decay) u^2}, update {@code u / (sqrt(v') + eps)}.
     *
     * @param decay the averaging constant, PyTorch's alpha (0.99 there)
     * @param eps added to the denominator
     * @return the transform, keeping an {@link RmsState} per param
     */
    public static Transform<List<RmsState>> rmsprop(double decay, double eps) {
        Hyperparameters.fraction("Transforms.rmsprop", "decay", decay);
        Hyperparameters.nonNegative("Transforms.rmsprop", "eps", eps);
        return new PerParam<>((slots, p) -> new RmsState(slots.zerosLike(p, "rms")), s -> List.of(s.nu())) {
            PerParam.Local<RmsState> update(Node u, RmsState s, Node param, Node lr) {
                Node v = s.nu().mul(decay).add(u.square().mul(1 - decay));
                return new Local<>(u.div(v.sqrt().add(eps)), new RmsState(v));
            }
        };
    }

    /**
     * Adam (Kingma and Ba 2015, "Adam: A method for stochastic optimization"): moments
     * {@code m' = b1 m + (1-b1) u}, {@code v' = b2 v + (1-b2) u^2}, bias-corrected by the step
     * count {@code t}, update {@code m_hat / (sqrt(v_hat) + eps)}.
     *
     * @param b1 first-moment decay
     * @param b2 second-moment decay
     * @param eps added to the denominator
     * @return the transform, keeping an {@link AdamState} per param
     */
    public static Transform<List<AdamState>> adam(double b1, double b2, double eps) {
        Hyperparameters.fraction("Transforms.adam", "b1", b1);
        Hyperparameters.fraction("Transforms.adam", "b2", b2);
        Hyperparameters.nonNegative("Transforms.adam", "eps", eps);
        return new PerParam<>((slots, p) -> new AdamState(slots.scalar(p, "adam_t"), slots.zerosLike(p, "adam_m"),
                slots.zerosLike(p, "adam_v")), s -> List.of(s.count(), s.mu(), s.nu())) {
            PerParam.Local<AdamState> update(Node u, AdamState s, Node param, Node lr) {
                Node t = s.count().add(1.0);
                Node m = s.mu().mul(b1).add(u.mul(1 - b1));
                Node v = s.nu().mul(b2).add(u.square().mul(1 - b2));
                Node one = t.graph().scalar(1.0);
                Node mHat = m.div(one.sub(t.graph().scalar(b1).pow(t)));
                Node vHat = v.div(one.sub(t.graph().scalar(b2).pow(t)));
                return new Local<>(mHat.div(vHat.sqrt().add(eps)), new AdamState(t, m, v));
            }
        };
    }

    /**
     * Decoupled weight decay (Loshchilov and Hutter 2019, "Decoupled weight decay
     * regularization"): {@code u + wd * param}; placed before the learning-rate scaling it gives AdamW.
     *
     * @param wd the decay rate
     * @return the transform
     */
    public static Transform<EmptyState> decayWeights(double wd) {
        Hyperparameters.nonNegative("Transforms.decayWeights", "wd", wd);
        return PerParam.stateless((u, p, lr) -> u.add(p.mul(wd)));
    }

    /**
     * Clips every element of the update to {@code [-limit, limit]} (Mikolov 2012, "Statistical
     * language models based on neural networks", PhD thesis).
     *
     * @param limit the bound, positive
     * @return the transform
     */
    public static Transform<EmptyState> clipByValue(double limit) {
        Hyperparameters.positive("Transforms.clipByValue", "the limit", limit);
        return PerParam.stateless((u, p, lr) -> {
            Node lo = u.graph().scalar(-limit);
            Node hi = u.graph().scalar(limit);
            return Ops.minimum(Ops.maximum(u, lo), hi);
        });
    }

    /**
     * Scales all updates together by {@code min(1, maxNorm / ||u||)}, where {@code ||u||} is the
     * norm of every param's update at once (Pascanu, Mikolov and Bengio 2013, "On the difficulty
     * of training recurrent neural networks"); first in a chain, it clips the gradients.
     *
     * @param maxNorm the largest global norm let through, positive
     * @return the transform
     * @throws NablaException if maxNorm is not positive
     */
    public static Transform<EmptyState> clipByGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new NablaException("Transforms.clipByGlobalNorm: the bound must be positive, got " + maxNorm);
        }
        return new Transform<>() {
            public EmptyState init(Slots slots) {
                return new EmptyState();
            }

            public Update<EmptyState> update(List<Node> updates, EmptyState state, Step step) {
                if (updates.isEmpty()) {
                    return new Update<>(updates, state);
                }
                Node total = null;
                for (Node u : updates) {
                    Node sq = u.square().sum();
                    total = total == null ? sq : total.add(sq);
                }
                Node bound = total.graph().scalar(maxNorm);
                Node factor = bound.div(Ops.maximum(total.sqrt(), bound));
                return new Update<>(updates.stream().map(u -> u.mul(factor)).toList(), state);
            }

            public List<Node> nodes(EmptyState state) {
                return List.of();
            }
        };
    }
}
