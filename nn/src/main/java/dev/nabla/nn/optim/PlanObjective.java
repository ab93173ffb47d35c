// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled plan of {@code [loss, grad_1, ..., grad_k]} seen as a function of the params
 * flattened into one vector: each evaluation puts the point into the store, in each param's
 * shape and element type, and runs the plan once. Internal to nabla-nn.
 */
final class PlanObjective implements Objective {
    private final Plan plan;
    private final ParamStore store;
    private final List<Node> params;
    private final Map<Node, Tensor> feeds;
    private final long seed;
    private final int size;

    PlanObjective(Plan plan, ParamStore store, List<Node> params, Map<Node, Tensor> feeds, long seed) {
        this.plan = plan;
        this.store = store;
        this.params = params;
        this.feeds = feeds;
        this.seed = seed;
        int n = 0;
        for (Node p : params) {
            n += p.shape().size();
        }
        this.size = n;
    }

    /** @return the number of scalars in all params */
    int size() {
        return size;
    }

    /** @return the params' values in the store, flattened in order */
    double[] start() {
        double[] x = new double[size];
        int at = 0;
        for (Node p : params) {
            double[] v = store.get(p.name()).toArray();
            System.arraycopy(v, 0, x, at, v.length);
            at += v.length;
        }
        return x;
    }

    /** Puts a point into the store, all params at once. */
    void put(double[] x) {
        Map<String, Tensor> values = new HashMap<>();
        int at = 0;
        for (Node p : params) {
            int n = p.shape().size();
            double[] v = new double[n];
            System.arraycopy(x, at, v, 0, n);
            values.put(p.name(), Tensor.of(p.shape(), v).to(p.dtype()));
            at += n;
        }
        store.putAll(values);
    }

    /** Evaluates at the store's current values. */
    double current(double[] grad) {
        List<Tensor> out = plan.run(feeds, seed);
        int at = 0;
        for (int i = 0; i < params.size(); i++) {
            double[] g = out.get(i + 1).toArray();
            System.arraycopy(g, 0, grad, at, g.length);
            at += g.length;
        }
        return out.get(0).item();
    }

    @Override
    public double at(double[] x, double[] grad) {
        put(x);
        return current(grad);
    }
}
