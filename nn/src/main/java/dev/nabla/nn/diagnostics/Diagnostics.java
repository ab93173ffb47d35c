// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.diagnostics;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.train.Dataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.IntStream;

/**
 * Measures a model the way the lecture diagnoses it: the gradient norm of every parameter
 * (vanishing gradients show as first-layer norms orders of magnitude below the last layer's), the
 * fraction of dead ReLU units, and the fraction of saturated sigmoid or tanh outputs.
 *
 * <p>Usage:
 * <pre>{@code
 * Params.initialize(model, store, 42);
 * Map<String, Double> norms = Diagnostics.gradientNorms(model, Losses::softmaxCrossEntropy, store, batch);
 * double ratio = norms.get("dense_10/W") / norms.get("dense_1/W");   // >> 1: vanishing gradients
 * for (ActivationStats s : Diagnostics.activationStats(model, store, train)) {
 *     System.out.println(s);   // relu_1  relu  units 64  dead 12.50%  saturated n/a
 * }
 * }</pre>
 *
 * <p>Both methods only read the store: they build a graph of their own, and no batch-norm
 * statistic or optimizer state changes.
 */
public final class Diagnostics {
    /** Samples per run in {@link #activationStats}: bounds the memory a large data set needs. */
    static final int CHUNK = 256;

    private Diagnostics() {}

    /**
     * The L2 norm of the loss's gradient with respect to each trainable param, on one batch, in
     * the model's param order (layer by layer; a dense layer's {@code W} before its {@code b}).
     * The gradient is the one a training step would take: the context's switch is fed
     * {@link Context#TRAIN}, so batch norm uses the batch's statistics (and dropout draws a mask
     * from a fixed seed); nothing is written back.
     *
     * <p>Usage: {@code Diagnostics.gradientNorms(model, Losses::mse, store, train.rows(firstBatch)).get("dense_1/W")}
     *
     * @param model the model
     * @param loss {@code (prediction, target) -> scalar loss}, as for the {@code Trainer}
     * @param store the param values; every param of the model must have one
     * @param batch the inputs and targets to differentiate on
     * @return each trainable param's name mapped to {@code ||dLoss/dparam||_2}, in model order
     * @throws NablaException if an argument is null, two params share a name, or a param has no value
     */
    public static LinkedHashMap<String, Double> gradientNorms(Layer model, BinaryOperator<Node> loss,
            ParamStore store, Dataset batch) {
        String op = "Diagnostics.gradientNorms";
        if (loss == null) {
            throw new NablaException(op + ": the loss is null");
        }
        requireReady(op, model, store, batch);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", batch.x().shape().dims());
        Node t = g.input("y", batch.y().shape().dims());
        Node pred = Arguments.requireResult(op, "the model's apply", model.apply(x, ctx));
        Node l = Arguments.requireResult(op, "the loss function", loss.apply(pred, t));
        List<Param> trainable = model.params().stream().filter(Param::trainable).toList();
        LinkedHashMap<String, Double> norms = new LinkedHashMap<>();
        if (trainable.isEmpty()) {
            return norms;
        }
        List<Node> grads = Grad.grad(l, trainable.stream().map(ctx::param).toList(), Grad.Unused.ZERO);
        Plan plan = new Session(store).compile(grads.toArray(Node[]::new));
        List<Tensor> values = plan.run(Map.of(x, batch.x(), t, batch.y(), ctx.training(), Context.TRAIN));
        for (int i = 0; i < trainable.size(); i++) {
            norms.put(trainable.get(i).name(), norm(values.get(i).toArray()));
        }
        return norms;
    }

    /**
     * The dead and saturated fractions of every {@link Activation} layer's output over a data set
     * (an epoch), evaluated with the context's switch fed {@link Context#EVAL}. Layers are found by
     * walking the model: a {@link Sequential} (nested ones too) is applied one layer at a time, and
     * each activation's output is fetched. A unit is one output per sample (the layer's width for
     * {@code [N, width]} outputs). The saturation rule follows the activation's name
     * ({@link Saturation#forActivation}); the dead fraction is measured for every activation.
     *
     * <p>Usage: {@code Diagnostics.activationStats(model, store, train).get(0).deadFraction()}
     *
     * @param model the model, typically a {@code Sequential} of dense layers and activations
     * @param store the param values; every param of the model must have one
     * @param data the samples; only the inputs are used
     * @return one entry per activation layer, in model order; empty if the model has none
     * @throws NablaException if an argument is null, two params share a name, or a param has no value
     */
    public static List<ActivationStats> activationStats(Layer model, ParamStore store, Dataset data) {
        requireReady("Diagnostics.activationStats", model, store, data);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        int[] dims = data.x().shape().dims();
        dims[0] = Shape.UNKNOWN;
        Node x = g.input("x", dims);
        List<Probe> probes = new ArrayList<>();
        walk(model, x, ctx, null, probes);
        if (probes.isEmpty()) {
            return List.of();
        }
        Plan plan = new Session(store).compile(probes.stream().map(Probe::output).toArray(Node[]::new));
        List<Tally> tallies = probes.stream().map(p -> new Tally(p.output().shape(), p.saturation())).toList();
        for (int from = 0; from < data.size(); from += CHUNK) {
            int[] rows = IntStream.range(from, Math.min(data.size(), from + CHUNK)).toArray();
            List<Tensor> out = plan.run(Map.of(x, data.rows(rows).x(), ctx.training(), Context.EVAL));
            for (int i = 0; i < tallies.size(); i++) {
                tallies.get(i).add(out.get(i), rows.length);
            }
        }
        List<ActivationStats> stats = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            stats.add(tallies.get(i).stats(p.place(), p.activation()));
        }
        return List.copyOf(stats);
    }

    /** An activation layer's output node and how to read it. */
    private record Probe(String place, String activation, Saturation saturation, Node output) {}

    /** Applies a layer, descending into sequentials, and records each activation's output. */
    private static Node walk(Layer layer, Node h, Context ctx, String place, List<Probe> probes) {
        if (layer instanceof Sequential s) {
            Map<String, Integer> counts = new HashMap<>();
            Node out = h;
            for (Layer l : s.layers()) {
                // The same place names Sequential.of gives: the k-th layer of a kind is kind_k.
                String local = l.kind() + "_" + counts.merge(l.kind(), 1, Integer::sum);
                out = walk(l, out, ctx, place == null ? local : place + "/" + local, probes);
            }
            return out;
        }
        Node y = Arguments.requireResult("Diagnostics.activationStats", "the apply of layer " + layer.kind(),
                layer.apply(h, ctx));
        if (layer instanceof Activation a) {
            probes.add(new Probe(place == null ? a.kind() : place, a.name(), Saturation.forActivation(a.name()), y));
        }
        return y;
    }

    /** Per-unit counts over the chunks of a data set. */
    private static final class Tally {
        private final Saturation saturation;
        private final boolean[] active;
        private long saturated;
        private int samples;

        Tally(Shape shape, Saturation saturation) {
            int units = 1;
            for (int i = 1; i < shape.rank(); i++) {
                units *= shape.dim(i);
            }
            this.saturation = saturation;
            this.active = new boolean[units];
        }

        void add(Tensor out, int rows) {
            double[] v = out.toArray();
            int units = active.length;
            for (int i = 0; i < v.length; i++) {
                active[i % units] |= v[i] != 0.0;
                saturated += saturation.test(v[i]) ? 1 : 0;
            }
            samples += rows;
        }

        ActivationStats stats(String place, String activation) {
            int units = active.length;
            int dead = 0;
            for (boolean a : active) {
                dead += a ? 0 : 1;
            }
            double cells = (double) units * samples;
            double sat = saturation == Saturation.NONE || cells == 0 ? Double.NaN : saturated / cells;
            return new ActivationStats(place, activation, units, samples, units == 0 ? 0 : dead / (double) units, sat,
                    saturation);
        }
    }

    /** The Euclidean norm, scaled by the largest magnitude so tiny or huge entries neither underflow nor overflow. */
    static double norm(double[] v) {
        double scale = 0;
        for (double d : v) {
            scale = Math.max(scale, Math.abs(d));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        for (double d : v) {
            double r = d / scale;
            sum += r * r;
        }
        return scale * Math.sqrt(sum);
    }

    private static void requireReady(String op, Layer model, ParamStore store, Dataset data) {
        if (model == null || store == null || data == null) {
            throw new NablaException(op + ": the model, the store and the data must not be null");
        }
        List<String> missing = new ArrayList<>();
        List<Param> params = model.params();
        for (Param p : params) {
            if (!store.contains(p.name())) {
                missing.add(p.name());
            }
        }
        if (params.stream().map(Param::name).distinct().count() != params.size()) {
            throw new NablaException(op + ": two params share a name in " + params.stream().map(Param::name).toList()
                    + "; build models with Sequential.of, which names layers by place");
        }
        if (!missing.isEmpty()) {
            throw new NablaException(op + ": the store has no value for " + missing
                    + "; call Params.initialize(model, store, seed) or train first");
        }
    }
}
