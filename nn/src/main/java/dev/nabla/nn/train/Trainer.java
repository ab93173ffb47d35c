// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
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
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.apache.commons.math3.random.Well19937c;

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
    }

    private final Layer model;
    private final BinaryOperator<Node> loss;
    private final Optimizer optimizer;
    private final ParamStore store;
    private Compiled compiled;

    /** The graph and plans, built on first use from the data's shapes. */
    private record Compiled(Session session, Context ctx, Node x, Node t, Node lr, Plan train, Plan eval, Plan predict,
            Shape xShape, Shape yShape) {}

    /**
     * Makes a trainer; the store receives first values for any param it lacks when training starts.
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}, such as {@code Losses::mse}
     * @param optimizer the optimizer
     * @param store where weights and optimizer state live
     */
    public Trainer(Layer model, BinaryOperator<Node> loss, Optimizer optimizer, ParamStore store) {
        if (model == null || loss == null || optimizer == null || store == null) {
            throw new NablaException("Trainer: the model, loss, optimizer and store must not be null");
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.store = store;
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
        if (options.batchSize() > data.size()) {
            throw new NablaException("Trainer.fit: batch size " + options.batchSize() + " is larger than the data set of "
                    + data.size() + " samples; use batchSize(" + data.size() + ") for full-batch gradient descent");
        }
        if (options.validation() != null) {
            requireData("Trainer.fit (validation)", options.validation());
        }
        Compiled c = compile(data, options.seed());
        c.session().detectAnomalies(options.detectAnomalies());
        // A fit without a thread count goes back to the default, whatever an earlier fit set.
        c.session().threads(options.threads() > 0 ? options.threads() : Parallel.defaultThreads());
        History history = new History();
        ProgressReporter progress = new ProgressReporter(options.verbosity(), options.epochs());
        int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
        Well19937c rng = new Well19937c(options.seed());
        double best = Double.POSITIVE_INFINITY;
        Map<String, Tensor> bestWeights = null;
        int waited = 0;
        long step = 0;
        Control control = new Control();
        for (int epoch = 0; epoch < options.epochs() && !control.stop; epoch++) {
            if (options.shuffle()) {
                Dataset.shuffle(order, rng);
            }
            progress.startEpoch(epoch, data.size());
            double total = 0;
            double lr = 0;
            int used = usedSamples(order.length, options);
            for (int from = 0; from < used; from += options.batchSize()) {
                int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(used, from + options.batchSize()));
                Dataset batch = data.rows(rows);
                lr = options.schedule().rate(epoch, step++);
                if (!(lr >= 0) || Double.isInfinite(lr)) {
                    throw new NablaException("Trainer.fit: the schedule gave the learning rate " + lr + " in epoch "
                            + (epoch + 1) + " at step " + (step - 1) + "; a rate must be finite and at least 0");
                }
                double l = c.train().run(feeds(c, batch, Context.TRAIN, lr)).get(0).item();
                if (!Double.isFinite(l)) {
                    throw new NablaException("Trainer.fit: the loss became " + l + " in epoch " + (epoch + 1)
                            + " at learning rate " + lr + "; lower the rate or check the data");
                }
                total += l * rows.length;
                progress.step(rows.length, total / (from + rows.length));
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", total / used);
            logs.put("lr", lr);
            if (options.validation() != null) {
                evaluate(options.validation()).forEach((k, v) -> logs.put("val_" + k, v));
            }
            double monitored = logs.getOrDefault("val_loss", logs.get("loss"));
            options.schedule().epochEnd(epoch, monitored);
            history.record(logs);
            progress.endEpoch(logs);
            for (Callback cb : options.callbacks()) {
                cb.onEpochEnd(epoch, logs, control);
            }
            if (monitored < best) {
                best = monitored;
                bestWeights = options.patience() > 0 && options.restoreBest() ? store.snapshot() : null;
                waited = 0;
            } else if (options.patience() > 0 && ++waited >= options.patience()) {
                control.stop();
            }
        }
        if (control.stop && bestWeights != null) {
            store.putAll(bestWeights);
        }
        return history;
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
        List<Tensor> out = c.eval().run(feeds(c, data, Context.EVAL, 0.0));
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
        if (compiled == null) {
            throw new NablaException("Trainer.predict: train or evaluate first, so the input shape is known");
        }
        return compiled.predict().run(Map.of(compiled.x(), x, compiled.ctx().training(), Context.EVAL)).get(0);
    }

    private Compiled compile(Dataset data, long seed) {
        Shape xs = batchShape(data.x().shape());
        Shape ys = batchShape(data.y().shape());
        if (compiled != null) {
            if (!compiled.xShape().equals(xs) || !compiled.yShape().equals(ys)) {
                throw new NablaException("Trainer: data of shapes " + data.x().shape() + " and " + data.y().shape()
                        + " does not fit the model built for " + compiled.xShape() + " and " + compiled.yShape());
            }
            return compiled;
        }
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", xs.dims());
        Node t = g.input("y", ys.dims());
        Node pred = model.apply(x, ctx).named("prediction");
        Node l = loss.apply(pred, t).named("loss");
        List<Param> trainable = model.params().stream().filter(Param::trainable).toList();
        List<Node> grads = Grad.grad(l, trainable.stream().map(ctx::param).toList(), Grad.Unused.ZERO);
        Map<Node, Node> updates = new HashMap<>(optimizer.step(ctx, trainable, grads));
        updates.putAll(ctx.updates());
        Params.initialize(model, store, seed);
        List<Param> state = new ArrayList<>(optimizer.state(trainable));
        for (Param p : state) {
            if (!store.contains(p.name())) {
                store.put(p.name(), p.init().sample(p.shape(), seed));
            }
        }
        Session session = new Session(store, seed);
        compiled = new Compiled(session, ctx, x, t, optimizer.learningRate(g), session.compile(List.of(l), updates),
                session.compile(l, pred), session.compile(pred), xs, ys);
        return compiled;
    }

    private static void requireData(String where, Dataset data) {
        if (data == null || data.size() == 0) {
            throw new NablaException(where + ": the data set is " + (data == null ? "null" : "empty, inputs " + data.x().shape())
                    + "; give at least one sample");
        }
    }

    /** All samples, or only whole batches when asked to drop a smaller last one (at least one batch). */
    private static int usedSamples(int n, TrainOptions options) {
        int whole = n - n % options.batchSize();
        return options.dropLast() && whole > 0 ? whole : n;
    }

    private static Map<Node, Tensor> feeds(Compiled c, Dataset batch, Tensor mode, double lr) {
        Map<Node, Tensor> f = new HashMap<>();
        f.put(c.x(), batch.x());
        f.put(c.t(), batch.y());
        f.put(c.ctx().training(), mode);
        f.put(c.lr(), Tensor.scalar(lr));
        return f;
    }

    private static Shape batchShape(Shape s) {
        int[] d = s.dims();
        d[0] = Shape.UNKNOWN;
        return Shape.of(d);
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
