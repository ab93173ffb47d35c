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
import dev.nabla.nn.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Trains a model: builds one graph with the forward pass, the loss, its gradient and the
 * optimizer's update, compiles it once into a training plan, and runs it over shuffled batches.
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
    private final BinaryOperator<Node> loss;
    private final Optimizer optimizer;
    private final ParamStore store;
    private final DType dtype;
    private Compiled compiled;

    /** The graph and plans, built on first use from the data's shapes. */
    private record Compiled(Session session, TrainingGraph graph, Plan train, Plan eval, Plan predict, Shape xShape,
            Shape yShape) {}

    /**
     * Makes a trainer; the store receives first values for any param it lacks when training starts.
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
     * Makes a trainer that computes in the given element type. Data sets stay float64 and are
     * converted batch by batch; first values of params are drawn in float64 and rounded.
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
        return TrainingLoop.run("Trainer.fit", data.size(), options, store,
                (rows, lr, step) -> c.train().run(c.graph().feeds(data.rows(rows), Context.TRAIN, lr)).get(0).item(),
                0L, this::evaluate);
    }

    /**
     * Measures the loss (and, for class scores against integer labels, the accuracy) in evaluation mode.
     *
     * @param data the data
     * @return {@code loss} and possibly {@code accuracy}
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
        return result;
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
        compiled = new Compiled(session, tg, session.compile(List.of(tg.loss()), tg.updates()),
                session.compile(tg.loss(), tg.prediction()), session.compile(tg.prediction()), xs, ys);
        return compiled;
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
