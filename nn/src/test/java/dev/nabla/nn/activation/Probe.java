// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.activation;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Evaluates an activation as a function of one entry: the input is {@code [n, 2]}, column
 * {@code col} holds the points and the other column 0, and autodiff gives the derivatives of
 * column {@code col} by its own entry (rows are independent, so the diagonal is what a gradient
 * of the column's sum returns in that column).
 */
final class Probe {
    private Probe() {}

    /**
     * @return {@code out[k][i]}: the k-th derivative at {@code t[i]}, for k = 0 (the value) up to {@code order}
     */
    static double[][] derivatives(UnaryOperator<Node> f, double[] t, int col, int order) {
        Graph g = new Graph();
        Node x = g.input("x", t.length, 2);
        Node cur = Indexing.slice(f.apply(x), 1, col, col + 1);
        List<Node> fetches = new ArrayList<>();
        fetches.add(cur);
        for (int k = 1; k <= order; k++) {
            Node d = Grad.grad(cur.sum(), List.of(x), Grad.Unused.ZERO).get(0);
            cur = Indexing.slice(d, 1, col, col + 1);
            fetches.add(cur);
        }
        double[] in = new double[2 * t.length];
        for (int i = 0; i < t.length; i++) {
            in[2 * i + col] = t[i];
        }
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(in, t.length, 2)),
                fetches.toArray(new Node[0]));
        double[][] result = new double[order + 1][];
        for (int k = 0; k <= order; k++) {
            result[k] = out.get(k).toArray();
        }
        return result;
    }

    /** @return {@code n} points evenly spaced on {@code [lo, hi]} */
    static double[] grid(double lo, double hi, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = lo + (hi - lo) * i / (n - 1);
        }
        return t;
    }

    /** @return the points of {@code t} at least {@code margin} away from every kink */
    static double[] awayFrom(double[] t, List<Double> kinks, double margin) {
        return java.util.Arrays.stream(t).filter(v -> kinks.stream().allMatch(k -> Math.abs(v - k) >= margin)).toArray();
    }
}
