// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.loss.Batch;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The graph of one training step, built once: inputs for a batch, the model's prediction, the
 * loss, the gradient of every trainable param, and the updates (the optimizer's and the layers'
 * own, such as batch norm's running averages). {@link Trainer} compiles it into its plans; a
 * distributed trainer compiles parts of it on each worker (the loss and gradients only, say).
 *
 * <p>Usage:
 * <pre>{@code
 * TrainingGraph tg = TrainingGraph.build(model, Losses::mse, Optimizer.sgd(), Shape.of(-1, 3), Shape.of(-1, 1));
 * tg.initialize(model, store, 42);
 * Plan grads = new Session(store).compile(tg.lossAndGrads());
 * }</pre>
 *
 * @param ctx the context (graph, training flag, params) the model was applied in
 * @param x the batch of inputs, first dimension unknown
 * @param target the batch of targets, first dimension unknown; {@code [?, 0]} for data without targets
 * @param learningRate the optimizer's learning-rate input
 * @param prediction the model's output
 * @param loss the scalar loss
 * @param trainable the params the optimizer changes, in the model's order
 * @param grads the gradient of the loss for each trainable param, in the same order
 * @param layerUpdates the next values the layers compute for their own state params
 * @param updates every update of a training step: the optimizer's and the layers'
 * @param state the optimizer's state params (moments, step counts)
 * @param batch what the loss saw: input, prediction, target (absent for data without targets),
 *     context and model; metrics are built from it too
 */
public record TrainingGraph(Context ctx, Node x, Node target, Node learningRate, Node prediction, Node loss,
        List<Param> trainable, List<Node> grads, Map<Node, Node> layerUpdates, Map<Node, Node> updates,
        List<Param> state, Batch batch) {

    /** Copies the collections. */
    public TrainingGraph {
        String where = "TrainingGraph";
        Arguments.requireNonNulls(where, "ctx", ctx, "x", x, "target", target, "learningRate", learningRate,
                "prediction", prediction, "loss", loss, "batch", batch);
        trainable = List.copyOf(Arguments.requireElements(where, "trainable", trainable));
        grads = List.copyOf(Arguments.requireElements(where, "grads", grads));
        layerUpdates = Map.copyOf(Arguments.requireElements(where, "layerUpdates", layerUpdates));
        updates = Map.copyOf(Arguments.requireElements(where, "updates", updates));
        state = List.copyOf(Arguments.requireElements(where, "state", state));
    }

    /**
     * Builds the graph for a {@code (prediction, target)} loss.
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}
     * @param optimizer the optimizer
     * @param xShape the input batch's shape, first dimension {@link Shape#UNKNOWN}
     * @param yShape the target batch's shape, first dimension {@link Shape#UNKNOWN}
     * @return the graph's parts
     */
    public static TrainingGraph build(Layer model, BinaryOperator<Node> loss, Optimizer optimizer, Shape xShape,
            Shape yShape) {
        return build(model, loss, optimizer, xShape, yShape, DType.FLOAT64);
    }

    /**
     * Builds the graph for a {@code (prediction, target)} loss in the given element type: float32
     * halves the memory and runs the matrix products about twice as fast; batches of float64
     * values are converted as they are fed.
     *
     * <p>Usage: {@code TrainingGraph.build(model, Losses::mse, Optimizer.sgd(), xShape, yShape, DType.FLOAT32)}
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}
     * @param optimizer the optimizer
     * @param xShape the input batch's shape, first dimension {@link Shape#UNKNOWN}
     * @param yShape the target batch's shape, first dimension {@link Shape#UNKNOWN}
     * @param dtype the element type of every value the step computes
     * @return the graph's parts
     */
    public static TrainingGraph build(Layer model, BinaryOperator<Node> loss, Optimizer optimizer, Shape xShape,
            Shape yShape, DType dtype) {
        Arguments.requireNonNull("TrainingGraph.build", "loss", loss);
        return build(model, Loss.of(loss), optimizer, xShape, yShape, dtype);
    }

    /**
     * Builds the graph for a loss that sees the whole batch ({@link Batch}): input, prediction,
     * target if any, and the model to apply elsewhere.
     *
     * <p>Usage: {@code TrainingGraph.build(model, b -> b.prediction().square().mean(), Optimizer.adam(), xShape, Shape.of(Shape.UNKNOWN, 0), DType.FLOAT64)}
     *
     * @param model the model
     * @param loss the batch's scalar loss
     * @param optimizer the optimizer
     * @param xShape the input batch's shape, first dimension {@link Shape#UNKNOWN}
     * @param yShape the target batch's shape, first dimension {@link Shape#UNKNOWN}; {@code [?, 0]}
     *     for data without targets ({@link Dataset#withoutTargets}), whose batch has no target
     * @param dtype the element type of every value the step computes
     * @return the graph's parts
     * @throws NablaException if the loss or the model returns null, or the loss is not a scalar
     */
    public static TrainingGraph build(Layer model, Loss loss, Optimizer optimizer, Shape xShape, Shape yShape,
            DType dtype) {
        String where = "TrainingGraph.build";
        Arguments.requireNonNulls(where, "model", model, "loss", loss, "optimizer", optimizer, "xShape", xShape,
                "yShape", yShape, "dtype", dtype);
        Graph g = new Graph(dtype);
        Context ctx = Context.of(g);
        Node x = g.input("x", xShape.dims());
        Node t = g.input("y", yShape.dims());
        Node pred = Arguments.requireResult(where, "the model's apply", model.apply(x, ctx)).named("prediction");
        Batch batch = Batch.of(model, ctx, x, pred);
        if (!(yShape.rank() == 2 && yShape.dim(1) == 0)) {
            batch = batch.withTarget(t);
        }
        Node l = Arguments.requireResult(where, "the loss function", loss.apply(batch));
        if (!l.shape().isKnown() || l.shape().size() != 1) {
            throw new NablaException(where + ": the loss gave " + l.describe() + "; expected a scalar, so reduce "
                    + "over the batch with .mean() or .sum()");
        }
        // A loss of one's own may carry its own name already; a node is named once.
        l = l.name() == null ? l.named("loss") : l;
        List<Param> trainable = model.params().stream().filter(Param::trainable).toList();
        List<Node> grads = Grad.grad(l, trainable.stream().map(ctx::param).toList(), Grad.Unused.ZERO);
        Map<Node, Node> layerUpdates = ctx.updates();
        Map<Node, Node> updates = new HashMap<>(optimizer.step(ctx, trainable, grads));
        updates.putAll(layerUpdates);
        return new TrainingGraph(ctx, x, t, optimizer.learningRate(g), pred, l, trainable, grads, layerUpdates,
                updates, optimizer.state(trainable), batch);
    }

    /**
     * Gives every param the model or the optimizer needs a first value, unless the store has one,
     * and converts a value the store holds in another element type to this graph's: the step's type
     * wins, so a checkpoint restored into a fresh store (whose values come back float64) trains on
     * in float32.
     *
     * @param model the model this graph was built from
     * @param store the store to fill
     * @param seed the seed of the initialisers
     */
    public void initialize(Layer model, ParamStore store, long seed) {
        Arguments.requireNonNulls("TrainingGraph.initialize", "model", model, "store", store);
        DType type = x.dtype();
        // As the store's writer, like Params.initialize: no step lands between a check and its put.
        store.exclusively(() -> {
            Params.initialize(model, store, seed, type);
            for (Param p : state) {
                if (!store.contains(p.name())) {
                    Tensor first = p.init().sample(p.shape(), seed);
                    String init = "the initialiser of \"" + p.name() + "\"";
                    store.put(p.name(), Arguments.requireResult("TrainingGraph.initialize", init, first).to(type));
                }
            }
            Map<String, Tensor> converted = new HashMap<>();
            Stream.concat(model.params().stream(), state.stream()).map(Param::name).forEach(name -> {
                Tensor v = store.get(name);
                if (v.dtype() != type) {
                    converted.put(name, v.to(type));
                }
            });
            return store.putAll(converted);
        });
    }

    /**
     * Lists the nodes to fetch for one training step.
     *
     * @return the loss followed by the gradient of each trainable param, for {@code Session.compile}
     */
    public List<Node> lossAndGrads() {
        List<Node> fetches = new ArrayList<>(grads.size() + 1);
        fetches.add(loss);
        fetches.addAll(grads);
        return fetches;
    }

    /**
     * The feeds of one run.
     *
     * @param batch inputs and targets
     * @param mode {@link Context#TRAIN} or {@link Context#EVAL}
     * @param lr the learning rate (ignored by plans without updates)
     * @return the feeds
     */
    public Map<Node, Tensor> feeds(Dataset batch, Tensor mode, double lr) {
        Arguments.requireNonNulls("TrainingGraph.feeds", "batch", batch, "mode", mode);
        Map<Node, Tensor> f = new HashMap<>();
        f.put(x, batch.x());
        f.put(target, batch.y());
        f.put(ctx.training(), mode);
        f.put(learningRate, Tensor.scalar(lr));
        return f;
    }

    /**
     * The shape of a batch of the data's samples, with the batch size left open.
     *
     * @param s the shape of the whole data
     * @return the same shape with an unknown first dimension
     */
    public static Shape batchShape(Shape s) {
        Arguments.requireNonNull("TrainingGraph.batchShape", "s", s);
        if (s.rank() == 0) {
            throw new NablaException("TrainingGraph.batchShape: s is " + s + "; expected a shape with a batch axis");
        }
        int[] d = s.dims();
        d[0] = Shape.UNKNOWN;
        return Shape.of(d);
    }
}
