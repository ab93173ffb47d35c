// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.DType;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Parallel;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.optim.Lbfgs;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Trains a model: builds one graph with the forward pass, the loss, its gradient and the
 * optimizer's update, compiles it once into a training plan, and runs it over shuffled batches.
 *
 * <p>The loss is a {@code (prediction, target)} function such as {@code Losses::mse}, or a
 * {@link Loss} that sees the whole {@link dev.nabla.nn.loss.Batch} (input, prediction, target if
 * any, the model to apply elsewhere), which trains physics-informed and unsupervised models on
 * {@link Dataset#withoutTargets} data. {@link #minimize} follows up with full-batch L-BFGS.
 *
 * <p>Usage:
 * <pre>{@code
 * Trainer trainer = new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store);
 * History h = trainer.fit(train, TrainOptions.defaults().epochs(20).validation(test));
 * double acc = trainer.evaluate(test).get("accuracy");
 * }</pre>
 */
public final class Trainer {
    /** Called after every epoch with its measurements; may stop training. */
    @FunctionalInterface
    public interface Callback {
        /**
         * Reacts to an epoch's end.
         *
         * @param epoch the epoch, from 0
         * @param logs its measurements ({@code loss}, {@code val_loss}, ...)
         * @param control lets the callback stop training
         */
        void onEpochEnd(int epoch, Map<String, Double> logs, Control control);
    }

    /** Lets a callback stop training after the current epoch. */
    public static final class Control {
        private boolean stop;

        /** Stops training after this epoch. */
        public void stop() {
            stop = true;
        }

        boolean stopped() {
            return stop;
        }
    }

    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final ParamStore store;
    private final DType dtype;
    private final Map<String, Loss> metrics = new LinkedHashMap<>();
    private Compiled compiled;

    /**
     * The graph and plans, built on first use from the data's shapes.
     *
     * @param metrics each metric's node, by name, in the order they were added
     * @param eval fetches the loss, the prediction and then the metrics
     */
    private record Compiled(Session session, TrainingGraph graph, Plan train, Plan eval, Plan predict, Shape xShape,
            Shape yShape, Map<String, Node> metrics) {}

    /**
     * Makes a trainer for a {@code (prediction, target)} loss; the store receives first values for
     * any param it lacks when training starts.
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}, such as {@code Losses::mse}
     * @param optimizer the optimizer
     * @param store where weights and optimizer state live
     */
    public Trainer(Layer model, BinaryOperator<Node> loss, Optimizer optimizer, ParamStore store) {
        this(model, loss, optimizer, store, DType.FLOAT64);
    }

    /**
     * Makes a trainer for a {@code (prediction, target)} loss that computes in the given element
     * type. Data sets stay float64 and are converted batch by batch; first values of params are
     * drawn in float64 and rounded.
     *
     * <p>Usage: {@code new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store, DType.FLOAT32)}
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}, such as {@code Losses::mse}
     * @param optimizer the optimizer
     * @param store where weights and optimizer state live; a value it holds in the other type (a
     *     checkpoint restored into a fresh store gives float64 values) is converted to this type
     *     when training or evaluation first starts
     * @param dtype the element type of the model's weights and of every value a step computes
     */
    public Trainer(Layer model, BinaryOperator<Node> loss, Optimizer optimizer, ParamStore store, DType dtype) {
        this(model, loss == null ? null : Loss.of(loss), optimizer, store, dtype);
    }

    /**
     * Makes a trainer for a loss that sees the whole batch: input, prediction, target (if the data
     * has one) and the model, to apply at other points. A physics-informed loss, whose derivatives
     * by the input are {@code Grad.grad} calls, trains on {@link Dataset#withoutTargets} data.
     *
     * <p>Usage: {@code new Trainer(model, b -> b.prediction().sub(b.target()).abs().mean(), Optimizer.adam(), store)}
     *
     * @param model the model
     * @param loss the batch's scalar loss
     * @param optimizer the optimizer
     * @param store where weights and optimizer state live
     */
    public Trainer(Layer model, Loss loss, Optimizer optimizer, ParamStore store) {
        this(model, loss, optimizer, store, DType.FLOAT64);
    }

    /**
     * Makes a trainer for a loss that sees the whole batch, computing in the given element type.
     *
     * <p>Usage: {@code new Trainer(model, physics, Optimizer.adam(), store, DType.FLOAT32)}
     *
     * @param model the model
     * @param loss the batch's scalar loss
     * @param optimizer the optimizer
     * @param store where weights and optimizer state live; values of the other type are converted
     *     when training or evaluation first starts
     * @param dtype the element type of the model's weights and of every value a step computes
     */
    public Trainer(Layer model, Loss loss, Optimizer optimizer, ParamStore store, DType dtype) {
        if (model == null || loss == null || optimizer == null || store == null || dtype == null) {
            throw new NablaException("Trainer: the model, loss, optimizer, store and element type must not be null");
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.store = store;
        this.dtype = dtype;
    }

    /**
     * Adds a measurement that {@link #evaluate} reports (and {@link #fit} logs for validation
     * data as {@code val_NAME}): any scalar function of the batch, built like a loss, so it sees
     * the input, the prediction, the target and the model.
     *
     * <p>Usage: {@code trainer.metric("mae", b -> b.prediction().sub(b.target()).abs().mean());}
     *
     * @param name the name it is reported under; not {@code loss}, {@code accuracy} or a name already added
     * @param metric the batch's scalar measurement
     * @return this trainer
     * @throws NablaException if an argument is null, the name is taken, or (once the graph is
     *     built) the metric returns null or a non-scalar
     */
    public Trainer metric(String name, Loss metric) {
        Arguments.requireNonNulls("Trainer.metric", "name", name, "metric", metric);
        if (name.isBlank() || name.equals("loss") || name.equals("accuracy") || metrics.containsKey(name)) {
            throw new NablaException("Trainer.metric: the name \"" + name + "\" is blank or taken; taken are loss, "
                    + "accuracy and " + metrics.keySet());
        }
        if (compiled != null) {
            compiled = withEval(compiled, name, metric);
        }
        metrics.put(name, metric);
        return this;
    }

    /**
     * Trains.
     *
     * @param data the training data
     * @param options epochs, batch size, schedule, validation, early stopping, output
     * @return the measurements per epoch
     * @throws NablaException if the data is empty, smaller than one batch, or does not fit the model,
     *     if the schedule gives a negative or non-finite rate, or if the loss stops being finite
     */
    public History fit(Dataset data, TrainOptions options) {
        requireData("Trainer.fit", data);
        if (options == null) {
            throw new NablaException("Trainer.fit: the options are null; start from TrainOptions.defaults()");
        }
        if (options.validation() != null) {
            requireData("Trainer.fit (validation)", options.validation());
        }
        TrainingLoop.requireBatches("Trainer.fit", data.size(), options);
        Compiled c = compile(data, options.seed());
        c.session().detectAnomalies(options.detectAnomalies());
        // A fit without a thread count goes back to the default, whatever an earlier fit set.
        c.session().threads(options.threads() > 0 ? options.threads() : Parallel.defaultThreads());
        FlatRows batches = new FlatRows(data);
        return TrainingLoop.run("Trainer.fit", data.size(), options, store,
                (rows, lr, step) -> c.train().run(c.graph().feeds(batches.rows(rows), Context.TRAIN, lr)).get(0).item(),
                0L, this::evaluate);
    }

    /**
     * Measures the loss (and, for class scores against integer labels, the accuracy), and every
     * {@link #metric}, in evaluation mode.
     *
     * @param data the data
     * @return {@code loss}, possibly {@code accuracy}, then the metrics by name
     */
    public Map<String, Double> evaluate(Dataset data) {
        requireData("Trainer.evaluate", data);
        Compiled c = compile(data, 0L);
        List<Tensor> out = c.eval().run(c.graph().feeds(data, Context.EVAL, 0.0));
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("loss", out.get(0).item());
        Tensor pred = out.get(1);
        if (pred.rank() == 2 && pred.shape().dim(1) > 1 && data.y().rank() == 1) {
            result.put("accuracy", accuracy(pred, data.y()));
        }
        int k = 2;
        for (String name : c.metrics().keySet()) {
            result.put(name, out.get(k++).item());
        }
        return result;
    }

    /**
     * Minimises the loss over the whole data set with L-BFGS, from the store's current weights
     * (after {@link #fit} with Adam, say) and leaves the result in the store. Every evaluation
     * runs one compiled plan for the loss and its gradient in training mode with the same seed
     * ({@link Lbfgs#seed}), so batch norm uses the full batch's statistics and dropout one fixed
     * mask; the layers' own state (running averages) and the optimizer's state are left as they
     * are. Params the store lacks get first values as {@link #evaluate} gives them (seed 0).
     *
     * <p>Usage: {@code Lbfgs.Result r = trainer.minimize(points, Lbfgs.defaults().maxIterations(500));}
     *
     * @param data the full batch
     * @param lbfgs the settings
     * @return how it ended: final loss, gradient norm, iterations, evaluations, why it stopped
     * @throws NablaException if the data is empty or does not fit the model, or the loss or its
     *     gradient is not finite at the start
     */
    public Lbfgs.Result minimize(Dataset data, Lbfgs lbfgs) {
        requireData("Trainer.minimize", data);
        Arguments.requireNonNull("Trainer.minimize", "lbfgs", lbfgs);
        Compiled c = compile(data, 0L);
        List<Node> params = c.graph().trainable().stream().map(c.graph().ctx()::param).toList();
        if (params.isEmpty()) {
            throw new NablaException("Trainer.minimize: the model has no trainable params; nothing to minimise over");
        }
        return lbfgs.minimize(c.session(), c.graph().loss(), params, c.graph().feeds(data, Context.TRAIN, 0.0));
    }

    /**
     * Runs the model in evaluation mode.
     *
     * @param x inputs {@code [N, ...]}
     * @return the predictions
     */
    public Tensor predict(Tensor x) {
        Arguments.requireNonNull("Trainer.predict", "x", x);
        if (compiled == null) {
            throw new NablaException("Trainer.predict: train or evaluate first, so the input shape is known");
        }
        return compiled.predict().run(Map.of(compiled.graph().x(), x, compiled.graph().ctx().training(), Context.EVAL)).get(0);
    }

    private Compiled compile(Dataset data, long seed) {
        Shape xs = TrainingGraph.batchShape(data.x().shape());
        Shape ys = TrainingGraph.batchShape(data.y().shape());
        if (compiled != null) {
            if (!compiled.xShape().equals(xs) || !compiled.yShape().equals(ys)) {
                throw new NablaException("Trainer: data of shapes " + data.x().shape() + " and " + data.y().shape()
                        + " does not fit the model built for " + compiled.xShape() + " and " + compiled.yShape());
            }
            return compiled;
        }
        TrainingGraph tg = TrainingGraph.build(model, loss, optimizer, xs, ys, dtype);
        tg.initialize(model, store, seed);
        Session session = new Session(store, seed);
        Compiled c = new Compiled(session, tg, session.compile(List.of(tg.loss()), tg.updates()),
                session.compile(tg.loss(), tg.prediction()), session.compile(tg.prediction()), xs, ys, Map.of());
        for (Map.Entry<String, Loss> m : metrics.entrySet()) {
            c = withEval(c, m.getKey(), m.getValue());
        }
        compiled = c;
        return compiled;
    }

    /** The same plans with one more metric built from the training graph's batch and fetched by the evaluation plan. */
    private static Compiled withEval(Compiled c, String name, Loss metric) {
        String where = "Trainer.metric";
        Node m = Arguments.requireResult(where, "the metric \"" + name + "\"", metric.apply(c.graph().batch()));
        if (!m.shape().isKnown() || m.shape().size() != 1) {
            throw new NablaException(where + ": the metric \"" + name + "\" gave " + m.describe()
                    + "; expected a scalar, so reduce over the batch with .mean() or .sum()");
        }
        Map<String, Node> ms = new LinkedHashMap<>(c.metrics());
        ms.put(name, m);
        List<Node> fetches = new ArrayList<>(List.of(c.graph().loss(), c.graph().prediction()));
        fetches.addAll(ms.values());
        Plan eval = c.session().compile(fetches.toArray(Node[]::new));
        return new Compiled(c.session(), c.graph(), c.train(), eval, c.predict(), c.xShape(), c.yShape(),
                Collections.unmodifiableMap(ms));
    }

    private static void requireData(String where, Dataset data) {
        if (data == null || data.size() == 0) {
            throw new NablaException(where + ": the data set is " + (data == null ? "null" : "empty, inputs " + data.x().shape())
                    + "; give at least one sample");
        }
    }

    static double accuracy(Tensor scores, Tensor labels) {
        int n = scores.shape().dim(0);
        int classes = scores.shape().dim(1);
        double[] s = scores.toArray();
        double[] y = labels.toArray();
        int right = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (s[i * classes + k] > s[i * classes + best]) {
                    best = k;
                }
            }
            right += best == (int) y[i] ? 1 : 0;
        }
        return n == 0 ? Double.NaN : right / (double) n;
    }
}
