// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.UnaryOperator;

/**
 * What the toy examples share: fully connected nets of a given width and activation, quiet Adam
 * training, and a trained model's output evaluated on a grid of the input plane in one batch.
 */
final class ToyNets {
    private ToyNets() {}

    /** A trained model with its weights. */
    record Fit(Layer model, ParamStore store, Trainer trainer) {}

    /**
     * A fully connected net: Dense, activation, ..., Dense. ReLU layers get He weights and slightly
     * positive biases (the lecture's advice), others Xavier weights and zero biases.
     *
     * @param in input width
     * @param hidden the hidden widths, possibly none (then it is one affine map)
     * @param activation {@code relu}, {@code tanh}, {@code sigmoid} or {@code identity}
     * @param out output width
     * @return the net, its layers named by place
     */
    static Sequential mlp(int in, int[] hidden, String activation, int out) {
        List<Layer> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            boolean relu = activation.equals("relu");
            layers.add(relu ? Dense.of(width, h, Init.he(), Init.slightlyPositive()) : Dense.of(width, h));
            layers.add(Activation.of(activation, fn(activation)));
            width = h;
        }
        layers.add(Dense.of(width, out));
        return Sequential.of(layers.toArray(Layer[]::new));
    }

    private static UnaryOperator<Node> fn(String name) {
        return switch (name) {
            case "relu" -> Activations::relu;
            case "tanh" -> Activations::tanh;
            case "sigmoid" -> Activations::sigmoid;
            case "identity" -> Activations::identity;
            default -> throw new IllegalArgumentException("ToyNets.mlp: no activation named " + name);
        };
    }

    /**
     * Trains a classifier on two or more class scores with softmax cross-entropy, or a regressor
     * with the MSE when the targets are a matrix, by Adam, printing nothing.
     *
     * @param model the model
     * @param data the training data
     * @param epochs passes over the data
     * @param batch samples per step
     * @param lr Adam's learning rate
     * @param seed the seed of the first weights and the shuffling
     * @return the model with its trained weights
     */
    static Fit train(Layer model, Dataset data, int epochs, int batch, double lr, long seed) {
        ParamStore store = new ParamStore();
        boolean regression = data.y().rank() == 2;
        Trainer trainer = new Trainer(model, regression ? Losses::mse : Losses::softmaxCrossEntropy,
                Optimizer.adam(), store);
        trainer.fit(data, TrainOptions.defaults().epochs(epochs).batchSize(batch).seed(seed)
                .schedule(Schedule.constant(lr)).verbosity(TrainOptions.Verbosity.QUIET));
        return new Fit(model, store, trainer);
    }

    /**
     * The accuracy of a classifier.
     *
     * @param fit the trained classifier
     * @param data the data to score it on
     * @return the share of rows whose largest score is their label's
     */
    static double accuracy(Fit fit, Dataset data) {
        return fit.trainer().evaluate(data).get("accuracy");
    }

    /**
     * The centres of a grid of {@code cells x cells} cells over the plane, in the order
     * {@link dev.nabla.examples.plot.Figures#decisionSurface} visits them (x outer, y inner).
     *
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells cells per axis
     * @return {@code [cells * cells, 2]}
     */
    static Tensor gridPoints(double[] bounds, int cells) {
        double dx = (bounds[1] - bounds[0]) / cells;
        double dy = (bounds[3] - bounds[2]) / cells;
        double[] v = new double[2 * cells * cells];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                int k = i * cells + j;
                v[2 * k] = bounds[0] + (i + 0.5) * dx;
                v[2 * k + 1] = bounds[2] + (j + 0.5) * dy;
            }
        }
        return Tensor.of(Shape.of(cells * cells, 2), v);
    }

    /**
     * The probability of class 1 of a two-class model over the plane, computed in one batch.
     *
     * @param fit the trained model
     * @param features maps the grid's points {@code [n, 2]} to the model's inputs
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells cells per axis
     * @return a lookup of the cell that holds (x, y)
     */
    static DoubleBinaryOperator surface(Fit fit, UnaryOperator<Tensor> features, double[] bounds, int cells) {
        double[] scores = fit.trainer().predict(features.apply(gridPoints(bounds, cells))).toArray();
        double[] p = new double[cells * cells];
        for (int k = 0; k < p.length; k++) {
            // softmax over two scores is the sigmoid of their difference
            p[k] = 1 / (1 + Math.exp(scores[2 * k] - scores[2 * k + 1]));
        }
        return lookup(p, bounds, cells);
    }

    /**
     * A lookup of grid values by position, for plots that ask for a value per cell.
     *
     * @param values one per cell, in {@link #gridPoints} order
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells cells per axis
     * @return the value of the cell that holds (x, y)
     */
    static DoubleBinaryOperator lookup(double[] values, double[] bounds, int cells) {
        return (x, y) -> {
            int i = Math.min(cells - 1, Math.max(0, (int) ((x - bounds[0]) / (bounds[1] - bounds[0]) * cells)));
            int j = Math.min(cells - 1, Math.max(0, (int) ((y - bounds[2]) / (bounds[3] - bounds[2]) * cells)));
            return values[i * cells + j];
        };
    }

    /**
     * Runs the first layers of a trained Sequential model on some inputs.
     *
     * @param fit the trained model, a {@link Sequential}
     * @param layers how many of its layers to run
     * @param x the inputs
     * @return their outputs
     */
    static Tensor prefix(Fit fit, int layers, Tensor x) {
        Sequential head = new Sequential(((Sequential) fit.model()).layers().subList(0, layers));
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node in = g.input("x", Shape.UNKNOWN, x.shape().dim(1));
        Node out = head.apply(in, ctx);
        return new Session(fit.store()).run(Map.of(in, x, ctx.training(), Context.EVAL), out).get(0);
    }

    /** Writes {@code w1 a + w2 b + ... + bias} with signs, two decimals. */
    static String affine(double[] w, String... names) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.2f %s", w[0], names[0]));
        for (int i = 1; i < names.length; i++) {
            s.append(String.format(Locale.ROOT, " %s %.2f %s", w[i] < 0 ? "-" : "+", Math.abs(w[i]), names[i]));
        }
        double b = w[names.length];
        return s.append(String.format(Locale.ROOT, " %s %.2f", b < 0 ? "-" : "+", Math.abs(b))).toString();
    }
}
