// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Param;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's half of a synchronous step: the optimizer's update, compiled once as a graph
 * whose inputs are the gradients, the same composition {@link dev.nabla.nn.train.Trainer}
 * builds on the gradient nodes themselves. Its state (moments, counts) lives in the driver's
 * store next to the params.
 */
final class DriverUpdate {
    private final List<Param> trainable;
    private final List<Node> gradients = new ArrayList<>();
    private final Node lr;
    private final Plan plan;

    DriverUpdate(List<Param> trainable, Optimizer optimizer, ParamStore store, long seed) {
        this.trainable = List.copyOf(trainable);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        for (Param p : trainable) {
            gradients.add(g.input("grad of " + p.name(), p.shape().dims()));
        }
        Map<Node, Node> updates = optimizer.step(ctx, trainable, gradients);
        lr = optimizer.learningRate(g);
        plan = new Session(store, seed).compile(List.of(), updates);
    }

    /**
     * Applies the mean gradient.
     *
     * @param sums the summed gradients of all trainable params, flat, in order, from {@code from}
     * @param from where the first gradient starts in {@code sums}
     * @param count how many samples were summed
     * @param rate the learning rate
     * @return where the gradients end in {@code sums}
     */
    int apply(double[] sums, int from, double count, double rate) {
        Map<Node, Tensor> feeds = new HashMap<>();
        int at = from;
        for (int i = 0; i < trainable.size(); i++) {
            at = take(sums, at, count, trainable.get(i).shape(), gradients.get(i), feeds);
        }
        feeds.put(lr, Tensor.scalar(rate));
        plan.run(feeds);
        return at;
    }

    /** Puts the mean of one param's slice of {@code sums} into {@code into}; returns where the slice ends. */
    static <K> int take(double[] sums, int at, double count, Shape shape, K key, Map<K, Tensor> into) {
        double[] v = new double[shape.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = sums[at + j] / count;
        }
        into.put(key, Tensor.of(shape, v));
        return at + v.length;
    }
}
