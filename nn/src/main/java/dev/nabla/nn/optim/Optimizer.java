// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one {@link Transform} (usually a {@link Transforms#chain}) into the update nodes of a
 * training step, keeping the transform's state in non-trainable params next to the weights. The
 * learning rate is a scalar input ({@code "lr"}) fed at each step, so a schedule changes it
 * without recompiling. The named optimizers are one-line chains.
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
    private final Transform<?> transform;

    private Optimizer(Transform<?> transform) {
        this.transform = transform;
    }

    /**
     * The optimizer that applies a transform to the gradients and adds its outgoing updates to the params.
     *
     * @param transform the transform; its last link usually is {@link Transforms#scaleByLearningRate}
     * @return the optimizer
     */
    public static Optimizer of(Transform<?> transform) {
        return new Optimizer(Arguments.requireNonNull("Optimizer.of", "transform", transform));
    }

    /**
     * Chains transforms, applied in order to the gradients: {@code of(Transforms.chain(transforms))}.
     *
     * @param transforms the transforms; the last is usually {@link Transforms#scaleByLearningRate}
     * @return the optimizer
     */
    public static Optimizer chain(Transform<?>... transforms) {
        if (Arguments.requireElements("Optimizer.chain", "transforms", transforms).length == 0) {
            throw new NablaException("Optimizer.chain: give at least one transform");
        }
        return of(Transforms.chain(transforms));
    }

    /**
     * Creates a plain gradient descent optimizer.
     *
     * @return plain gradient descent {@code p - lr g}; full-batch, stochastic or mini-batch by how the trainer batches
     */
    public static Optimizer sgd() {
        return chain(Transforms.scaleByLearningRate());
    }

    /**
     * Creates gradient descent with heavy-ball momentum.
     *
     * @param beta the momentum
     * @return SGD with heavy-ball momentum
     */
    public static Optimizer momentum(double beta) {
        return chain(Transforms.momentum(beta, false), Transforms.scaleByLearningRate());
    }

    /**
     * Creates gradient descent with Nesterov momentum.
     *
     * @param beta the momentum
     * @return SGD with Nesterov momentum
     */
    public static Optimizer nesterov(double beta) {
        return chain(Transforms.momentum(beta, true), Transforms.scaleByLearningRate());
    }

    /**
     * Creates an AdaGrad optimizer with the default epsilon.
     *
     * @return AdaGrad with eps 1e-10 (PyTorch's default)
     */
    public static Optimizer adagrad() {
        return chain(Transforms.adagrad(1e-10), Transforms.scaleByLearningRate());
    }

    /**
     * Creates an RMSProp optimizer with the default decay and epsilon.
     *
     * @return RMSProp with decay 0.99 and eps 1e-8 (PyTorch's defaults)
     */
    public static Optimizer rmsprop() {
        return chain(Transforms.rmsprop(0.99, 1e-8), Transforms.scaleByLearningRate());
    }

    /**
     * Creates an Adam optimizer with the default betas and epsilon.
     *
     * @return Adam with b1 0.9, b2 0.999, eps 1e-8
     */
    public static Optimizer adam() {
        return chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate());
    }

    /**
     * Creates an Adam optimizer with decoupled weight decay (AdamW).
     *
     * @param wd the decoupled weight decay
     * @return AdamW
     */
    public static Optimizer adamW(double wd) {
        return chain(Transforms.adam(0.9, 0.999, 1e-8), Transforms.decayWeights(wd), Transforms.scaleByLearningRate());
    }

    /**
     * The same optimizer with {@link Transforms#clipByGlobalNorm} as the first link of its chain,
     * so all gradients are first scaled together by {@code min(1, maxNorm / ||g||)}.
     *
     * @param maxNorm the largest global norm let through
     * @return the clipping optimizer
     */
    public Optimizer clipByGlobalNorm(double maxNorm) {
        return chain(Transforms.clipByGlobalNorm(maxNorm), transform);
    }

    /**
     * Returns the chain of gradient transforms behind this optimizer.
     *
     * @return the transform this optimizer applies to the gradients
     */
    public Transform<?> transform() {
        return transform;
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
     * The state params this optimizer keeps for the given params (moments, counts), each named
     * {@code <param>/<slot>}.
     *
     * @param params the params it will optimise
     * @return their state params, grouped by param, to be initialised and saved with the model
     */
    public List<Param> state(List<Param> params) {
        Arguments.requireElements("Optimizer.state", "params", params);
        // The names come from the transform's init; a scratch graph holds the nodes it reads.
        Slots slots = new Slots(params, Context.of(new Graph()));
        Arguments.requireResult("Optimizer.state", "init of " + transform, transform.init(slots));
        return slots.byParam();
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
        List<Node> nodes = params.stream().map(ctx::param).toList();
        Slots slots = new Slots(params, ctx);
        Map<Node, Node> next = new LinkedHashMap<>();
        List<Node> deltas = apply(transform, slots, grads, new Transform.Step(nodes, learningRate(ctx.graph())), next);
        if (deltas.size() != params.size()) {
            throw new NablaException("Optimizer.step: " + transform + " gave " + deltas.size() + " updates for "
                    + params.size() + " params; give one per param");
        }
        for (int i = 0; i < params.size(); i++) {
            next.put(nodes.get(i), nodes.get(i).add(deltas.get(i)));
        }
        return next;
    }

    /**
     * Builds a whole training step for a hand-written loop: the gradient of the loss by each
     * trainable param, this optimizer's update of those params and of its state, and the state
     * updates the layers asked the context for (batch-norm running averages). Compile it with
     * {@code session.compile(List.of(loss), updates)} and feed {@link #learningRate} at each run.
     *
     * <p>Usage: {@code Map<Node, Node> updates = adam.minimize(ctx, model.params(), loss);}
     *
     * @param ctx the context the model was applied in
     * @param params the params to train; those that are not trainable (layer state) are left to the layers
     * @param loss a scalar node of the context's graph
     * @return param node to its next value, for {@code Session.compile(fetches, updates)}
     * @throws NablaException if an argument is null, the loss is not a scalar, or it belongs to
     *     another graph
     */
    public Map<Node, Node> minimize(Context ctx, List<Param> params, Node loss) {
        String where = "Optimizer.minimize";
        Arguments.requireNonNulls(where, "ctx", ctx, "params", params, "loss", loss);
        Arguments.requireElements(where, "params", params);
        if (loss.graph() != ctx.graph()) {
            throw new NablaException(where + ": the loss " + loss.describe() + " belongs to another graph than the context's");
        }
        if (!loss.shape().isKnown() || loss.shape().size() != 1) {
            throw new NablaException(where + ": the loss " + loss.describe() + " is not a scalar; reduce it with"
                    + " .mean() or .sum()");
        }
        List<Param> trainable = params.stream().filter(Param::trainable).toList();
        if (trainable.isEmpty()) {
            throw new NablaException(where + ": none of " + params.stream().map(Param::name).toList()
                    + " is trainable; give the params to train");
        }
        List<Node> grads = Grad.grad(loss, trainable.stream().map(ctx::param).toList(), Grad.Unused.ZERO);
        Map<Node, Node> updates = new LinkedHashMap<>(step(ctx, trainable, grads));
        updates.putAll(ctx.updates());
        return updates;
    }

    /**
     * Gives this optimizer's state (moments, step counts) a first value for the trainable ones of
     * the given params, unless the store has one: zeros, each in the element type of its param's
     * value in the store (float64 if the store has none). Call it once before the first step of a
     * hand-written loop; it leaves existing state alone, so it is safe after a checkpoint load.
     *
     * <p>Usage: {@code ParamStore store = adam.initialize(model.params(), Params.initialize(model, new ParamStore(), 42));}
     *
     * @param params the params {@link #minimize} trains
     * @param store the store to fill
     * @return the store
     * @throws NablaException if an argument is null or holds a null
     */
    public ParamStore initialize(List<Param> params, ParamStore store) {
        Arguments.requireNonNulls("Optimizer.initialize", "params", params, "store", store);
        Arguments.requireElements("Optimizer.initialize", "params", params);
        List<Param> trainable = params.stream().filter(Param::trainable).toList();
        List<Param> state = state(trainable);
        // As the store's writer, like Params.initialize: no step lands between a check and its put.
        return store.exclusively(() -> {
            for (Param s : state) {
                if (!store.contains(s.name())) {
                    String owner = s.name().substring(0, s.name().lastIndexOf('/'));
                    DType type = store.contains(owner) ? store.get(owner).dtype() : DType.FLOAT64;
                    Tensor first = Arguments.requireResult("Optimizer.initialize", "the initialiser of \"" + s.name()
                            + "\"", s.init().sample(s.shape(), 0L));
                    store.put(s.name(), first.to(type));
                }
            }
            return store;
        });
    }

    /** Runs a transform's init and update, pairing each next state node with the slot it was read from. */
    private static <S> List<Node> apply(Transform<S> t, Slots slots, List<Node> grads, Transform.Step step,
            Map<Node, Node> next) {
        S state = Arguments.requireResult("Optimizer.step", "init of " + t, t.init(slots));
        Transform.Update<S> up = Arguments.requireResult("Optimizer.step", "update of " + t, t.update(grads, state, step));
        List<Node> after = Arguments.requireResult("Optimizer.step", "nodes of " + t, t.nodes(up.state()));
        List<Slots.Slot> read = slots.read();
        if (after.size() != read.size()) {
            throw new NablaException("Optimizer.step: " + t + " read " + read.size() + " state slots but gave "
                    + after.size() + " next values; nodes(state) must list one node per slot init read, in order");
        }
        for (int k = 0; k < read.size(); k++) {
            next.put(read.get(k).node(), after.get(k));
        }
        return up.updates();
    }
}
