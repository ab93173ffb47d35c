// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.nn.Context;
import dev.nabla.nn.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain of {@link Transform}s applied to each param's gradient, optionally after clipping all
 * gradients together by their global norm. It builds the update nodes of a training step; the
 * learning rate is a scalar input ({@code "lr"}) fed at each step, so a schedule changes it
 * without recompiling.
 *
 * <p>Usage:
 * <pre>{@code
 * Optimizer opt = Optimizer.adam();
 * Map<Node, Node> updates = opt.step(ctx, model.params(), grads);
 * Plan train = session.compile(List.of(loss), updates);
 * train.run(Map.of(x, batch, t, target, opt.learningRate(g), Tensor.scalar(1e-3)));
 * }</pre>
 */
public final class Optimizer {
    private final List<Transform> chain;
    private final double maxNorm;

    private Optimizer(List<Transform> chain, double maxNorm) {
        this.chain = List.copyOf(chain);
        this.maxNorm = maxNorm;
    }

    /**
     * Chains transforms, applied in order to each param's gradient.
     *
     * @param transforms the transforms; the last is usually {@link Transforms#scaleByLearningRate}
     * @return the optimizer
     */
    public static Optimizer chain(Transform... transforms) {
        if (Arguments.requireElements("Optimizer.chain", "transforms", transforms).length == 0) {
            throw new NablaException("Optimizer.chain: give at least one transform");
        }
        return new Optimizer(List.of(transforms), Double.NaN);
    }

    /** @return plain gradient descent {@code p - lr g}; full-batch, stochastic or mini-batch by how the trainer batches */
    public static Optimizer sgd() {
        return chain(Transforms.scaleByLearningRate());
    }

    /** @param beta the momentum @return SGD with heavy-ball momentum */
    public static Optimizer momentum(double beta) {
        return chain(Transforms.momentum(beta, false), Transforms.scaleByLearningRate());
    }

    /** @param beta the momentum @return SGD with Nesterov momentum */
    public static Optimizer nesterov(double beta) {
        return chain(Transforms.momentum(beta, true), Transforms.scaleByLearningRate());
    }

    /** @return AdaGrad with eps 1e-10 (PyTorch's default) */
    public static Optimizer adagrad() {
        return chain(Transforms.adagrad(1e-10), Transforms.scaleByLearningRate());
    }

    /** @return RMSProp with decay 0.99 and eps 1e-8 (PyTorch's defaults) */
    public static Optimizer rmsprop() {
        return chain(Transforms.rmsprop(0.99, 1e-8), Transforms.scaleByLearningRate());
    }

    /** @return Adam with b1 0.9, b2 0.999, eps 1e-8 */
    public static Optimizer adam() {
        return chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate());
    }

    /** @param wd the decoupled weight decay @return AdamW */
    public static Optimizer adamW(double wd) {
        return chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.decayWeights(wd), Transforms.scaleByLearningRate());
    }

    /**
     * The same optimizer, with all gradients first scaled by {@code min(1, maxNorm / ||g||)},
     * where {@code ||g||} is the norm of all gradients together (Pascanu et al. 2013).
     *
     * @param maxNorm the largest global norm let through
     * @return the clipping optimizer
     */
    public Optimizer clipByGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new NablaException("Optimizer.clipByGlobalNorm: the bound must be positive, got " + maxNorm);
        }
        return new Optimizer(chain, maxNorm);
    }

    /**
     * The learning-rate input of a graph, made on first use.
     *
     * @param g the graph
     * @return the scalar input named {@code lr}
     */
    public Node learningRate(Graph g) {
        Arguments.requireNonNull("Optimizer.learningRate", "g", g);
        return g.node("lr").orElseGet(() -> g.input("lr"));
    }

    /**
     * The state params this optimizer keeps for the given params (moments, counts).
     *
     * @param params the params it will optimise
     * @return their state params, to be initialised and saved with the model
     */
    public List<Param> state(List<Param> params) {
        Arguments.requireElements("Optimizer.state", "params", params);
        List<Param> all = new ArrayList<>();
        for (Param p : params) {
            for (Transform t : chain) {
                all.addAll(stateOf(t, p));
            }
        }
        return all;
    }

    /**
     * Builds one step: for each trainable param its next value, and for each state param its
     * next value, ready for {@code Session.compile(fetches, updates)}.
     *
     * @param ctx the model's context
     * @param params the params, in the order of {@code grads}
     * @param grads the gradient of the loss by each param
     * @return param node to next value, for params and optimizer state alike
     */
    public Map<Node, Node> step(Context ctx, List<Param> params, List<Node> grads) {
        Arguments.requireNonNulls("Optimizer.step", "ctx", ctx, "params", params, "grads", grads);
        if (params.size() != grads.size()) {
            throw new NablaException("Optimizer.step: give one gradient per param");
        }
        Node lr = learningRate(ctx.graph());
        List<Node> us = Double.isNaN(maxNorm) ? grads : clip(grads, ctx.graph());
        Map<Node, Node> next = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            Node pn = ctx.param(p);
            Node u = us.get(i);
            for (Transform t : chain) {
                List<Param> st = stateOf(t, p);
                List<Node> nodes = st.stream().map(ctx::param).toList();
                Transform.Update up = Arguments.requireResult("Optimizer.step", "update of " + t,
                        t.update(u, nodes, new Transform.Step(pn, lr)));
                for (int k = 0; k < st.size(); k++) {
                    next.put(nodes.get(k), up.state().get(k));
                }
                u = up.u();
            }
            next.put(pn, pn.add(u));
        }
        return next;
    }

    /** @return the state params a transform keeps for {@code p}, which a user's transform must give */
    private static List<Param> stateOf(Transform t, Param p) {
        return Arguments.requireElements("Optimizer", "the state params of " + t + " for \"" + p.name() + "\"",
                Arguments.requireResult("Optimizer", "state of " + t, t.state(p)));
    }

    private List<Node> clip(List<Node> grads, Graph g) {
        Node total = null;
        for (Node gr : grads) {
            Node sq = gr.square().sum();
            total = total == null ? sq : total.add(sq);
        }
        Node bound = g.scalar(maxNorm);
        Node factor = bound.div(Ops.maximum(total.sqrt(), bound));
        return grads.stream().map(gr -> gr.mul(factor)).toList();
    }
}
