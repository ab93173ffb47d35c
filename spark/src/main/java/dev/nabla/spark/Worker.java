// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Layer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.TrainingGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;

/**
 * One executor thread's copy of the model: its training graph compiled against a private store,
 * loaded with the driver's values before each task. Results come back as flat vectors already
 * multiplied by the task's sample count, ready to be summed across partitions.
 */
final class Worker {
    private final TrainingGraph graph;
    private final ParamStore store = new ParamStore();
    private final Session session;
    private Plan gradients;
    private Plan training;
    private long loaded = Long.MIN_VALUE;

    Worker(ModelSpec spec, Shard shard, int threads, boolean anomalies) {
        Layer model = spec.buildModel();
        Dataset d = shard.data();
        graph = TrainingGraph.build(model, spec.loss(), spec.buildOptimizer(), TrainingGraph.batchShape(d.x().shape()),
                TrainingGraph.batchShape(d.y().shape()));
        graph.initialize(model, store, 0L);
        session = new Session(store).threads(threads).detectAnomalies(anomalies);
    }

    /**
     * The layers' own state updates (batch norm's running averages) in a fixed order, the same
     * on the driver and every executor.
     *
     * @param graph a training graph
     * @return param node to its next value, by the param's name
     */
    static List<Map.Entry<Node, Node>> layerState(TrainingGraph graph) {
        List<Map.Entry<Node, Node>> l = new ArrayList<>(graph.layerUpdates().entrySet());
        l.sort(Comparator.comparing(e -> e.getKey().name()));
        return l;
    }

    /**
     * One partition's share of a synchronous step.
     *
     * @param params the driver's param values
     * @param batch this partition's rows of the global batch, not empty
     * @param seed the seed of the run's random ops (dropout)
     * @return {@code [n, n·loss, n·gradient of each trainable param..., n·next value of each layer state...]}
     */
    double[] gradientSum(ParamValues params, Dataset batch, long seed) {
        load(params);
        if (gradients == null) {
            List<Node> fetches = new ArrayList<>(graph.lossAndGrads());
            layerState(graph).forEach(e -> fetches.add(e.getValue()));
            gradients = session.compile(fetches, Map.of());
        }
        return scaledConcat(batch.size(), gradients.run(graph.feeds(batch, Context.TRAIN, 0.0), seed));
    }

    /**
     * One partition's share of a round of parameter averaging: {@code steps} optimizer steps on
     * mini-batches of its own data, drawn from a permutation seeded by {@code seed}.
     *
     * @param values the driver's params and optimizer state
     * @param data this partition's data, not empty
     * @param steps local steps
     * @param batchSize samples per local step (the whole shard if it is smaller)
     * @param lr the learning rate
     * @param seed the seed of this round on this partition
     * @return {@code [n, n·mean loss, n·value of each entry of values...]} with n the shard's size
     */
    double[] localSteps(ParamValues values, Dataset data, int steps, int batchSize, double lr, long seed) {
        loaded = Long.MIN_VALUE; // the local steps change the store: the next gradient task reloads
        values.loadInto(store);
        if (training == null) {
            training = session.compile(List.of(graph.loss()), graph.updates());
        }
        int n = data.size();
        int b = Math.min(batchSize, n);
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        Well19937c rng = new Well19937c(seed);
        double loss = 0;
        for (int s = 0; s < steps; s++) {
            if (s * b % n < b) {
                Dataset.shuffle(order, rng);
            }
            int[] rows = new int[b];
            for (int i = 0; i < b; i++) {
                rows[i] = order[(s * b + i) % n];
            }
            loss += training.run(graph.feeds(data.rows(rows), Context.TRAIN, lr), Seeds.mix(seed, s, 0)).get(0).item();
        }
        List<Tensor> out = new ArrayList<>();
        out.add(Tensor.scalar(loss / steps));
        for (String name : values.names()) {
            out.add(store.get(name));
        }
        return scaledConcat(n, out);
    }

    private void load(ParamValues params) {
        // A task that throws drops its worker (Workers.with), so a half-done load is never reused.
        if (params.version != loaded) {
            params.loadInto(store);
            loaded = params.version;
        }
    }

    private static double[] scaledConcat(int n, List<Tensor> parts) {
        int size = 1;
        for (Tensor t : parts) {
            size += t.size();
        }
        double[] v = new double[size];
        v[0] = n;
        int at = 1;
        for (Tensor t : parts) {
            double[] a = t.toArray();
            for (int i = 0; i < a.length; i++) {
                v[at + i] = n * a[i];
            }
            at += a.length;
        }
        return v;
    }
}
