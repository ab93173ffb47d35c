// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.nn.Hyperparameters;
import dev.nabla.nn.Init;
import dev.nabla.nn.Param;
import java.util.List;

/**
 * The building blocks of optimizers, each a published update rule written with graph ops.
 *
 * <p>Usage: {@code Optimizer.chain(Transforms.clipByValue(1.0), Transforms.momentum(0.9, false), Transforms.scaleByLearningRate())}
 */
public final class Transforms {
    private Transforms() {}

    /** @return {@code u -> -lr * u}: the last link of every optimizer */
    public static Transform scaleByLearningRate() {
        // Negating the scalar rate, not the product: the same bits, one pass less over every weight.
        return stateless((u, step) -> u.mul(step.learningRate().neg()));
    }

    /**
     * Heavy-ball momentum (Polyak 1964) and Nesterov's variant (Sutskever et al. 2013), as
     * PyTorch defines them: {@code m' = beta m + u}; the update is {@code m'}, or
     * {@code u + beta m'} for Nesterov.
     *
     * @param beta the momentum, in [0, 1)
     * @param nesterov use Nesterov's look-ahead
     * @return the transform
     * @throws NablaException if beta is not in [0, 1)
     */
    public static Transform momentum(double beta, boolean nesterov) {
        Hyperparameters.fraction("Transforms.momentum", "beta", beta);
        return new Transform() {
            public List<Param> state(Param p) {
                return List.of(slot(p, "momentum"));
            }

            public Update update(Node u, List<Node> s, Step step) {
                Node m = s.get(0).mul(beta).add(u);
                return new Update(nesterov ? u.add(m.mul(beta)) : m, List.of(m));
            }
        };
    }

    /**
     * AdaGrad (Duchi, Hazan and Singer 2011): {@code s' = s + u^2}, update {@code u / (sqrt(s') + eps)}.
     *
     * @param eps added to the denominator
     * @return the transform
     */
    public static Transform adagrad(double eps) {
        Hyperparameters.nonNegative("Transforms.adagrad", "eps", eps);
        return new Transform() {
            public List<Param> state(Param p) {
                return List.of(slot(p, "adagrad_sum"));
            }

            public Update update(Node u, List<Node> s, Step step) {
                Node sum = s.get(0).add(u.square());
                return new Update(u.div(sum.sqrt().add(eps)), List.of(sum));
            }
        };
    }

    /**
     * RMSProp (Tieleman and Hinton 2012): {@code v' = decay v + (1 - decay) u^2}, update
     * {@code u / (sqrt(v') + eps)}.
     *
     * @param decay the averaging constant, PyTorch's alpha (0.99 there)
     * @param eps added to the denominator
     * @return the transform
     */
    public static Transform rmsprop(double decay, double eps) {
        Hyperparameters.fraction("Transforms.rmsprop", "decay", decay);
        Hyperparameters.nonNegative("Transforms.rmsprop", "eps", eps);
        return new Transform() {
            public List<Param> state(Param p) {
                return List.of(slot(p, "rms"));
            }

            public Update update(Node u, List<Node> s, Step step) {
                Node v = s.get(0).mul(decay).add(u.square().mul(1 - decay));
                return new Update(u.div(v.sqrt().add(eps)), List.of(v));
            }
        };
    }

    /**
     * Adam (Kingma and Ba 2015): moments {@code m' = b1 m + (1-b1) u}, {@code v' = b2 v + (1-b2) u^2},
     * bias-corrected by the step count {@code t}, update {@code m_hat / (sqrt(v_hat) + eps)}.
     *
     * @param b1 first-moment decay
     * @param b2 second-moment decay
     * @param eps added to the denominator
     * @return the transform
     */
    public static Transform adam(double b1, double b2, double eps) {
        Hyperparameters.fraction("Transforms.adam", "b1", b1);
        Hyperparameters.fraction("Transforms.adam", "b2", b2);
        Hyperparameters.nonNegative("Transforms.adam", "eps", eps);
        return new Transform() {
            public List<Param> state(Param p) {
                return List.of(count(p, "adam_t"), slot(p, "adam_m"), slot(p, "adam_v"));
            }

            public Update update(Node u, List<Node> s, Step step) {
                Node t = s.get(0).add(1.0);
                Node m = s.get(1).mul(b1).add(u.mul(1 - b1));
                Node v = s.get(2).mul(b2).add(u.square().mul(1 - b2));
                Node one = t.graph().scalar(1.0);
                Node mHat = m.div(one.sub(t.graph().scalar(b1).pow(t)));
                Node vHat = v.div(one.sub(t.graph().scalar(b2).pow(t)));
                return new Update(mHat.div(vHat.sqrt().add(eps)), List.of(t, m, v));
            }
        };
    }

    /**
     * Decoupled weight decay (Loshchilov and Hutter 2019): {@code u + wd * param}; placed before
     * the learning-rate scaling it gives AdamW.
     *
     * @param wd the decay rate
     * @return the transform
     */
    public static Transform decayWeights(double wd) {
        Hyperparameters.nonNegative("Transforms.decayWeights", "wd", wd);
        return stateless((u, step) -> u.add(step.param().mul(wd)));
    }

    /**
     * Clips every element of the update to {@code [-limit, limit]}.
     *
     * @param limit the bound, positive
     * @return the transform
     */
    public static Transform clipByValue(double limit) {
        Hyperparameters.positive("Transforms.clipByValue", "the limit", limit);
        return stateless((u, step) -> {
            Node lo = u.graph().scalar(-limit);
            Node hi = u.graph().scalar(limit);
            return Ops.minimum(Ops.maximum(u, lo), hi);
        });
    }

    /** A transform without state. */
    static Transform stateless(java.util.function.BiFunction<Node, Transform.Step, Node> f) {
        return new Transform() {
            public List<Param> state(Param p) {
                return List.of();
            }

            public Update update(Node u, List<Node> s, Step step) {
                return new Update(f.apply(u, step), List.of());
            }
        };
    }

    private static Param slot(Param p, String what) {
        return new Param(p.name() + "/" + what, p.shape(), Init.zeros(), false);
    }

    private static Param count(Param p, String what) {
        return new Param(p.name() + "/" + what, dev.nabla.graph.Shape.SCALAR, Init.zeros(), false);
    }
}
