// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Reductions;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.train.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients of an nn model, as a user builds it: a digits MLP of {@link Dense} layers,
 * per-row softmax cross-entropy, {@link Grad#perExample} over every param of the model, against
 * the gradient of each row computed alone (the loop it replaces), and their mean against the
 * ordinary gradient of the mean loss.
 */
class PerExampleGradientsTest {
    private static final int ROWS = 12;
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;

    private static final Layer MODEL = Sequential.of(Dense.of(64, 16), Activation.of("tanh", Node::tanh), Dense.of(16, 10));

    /** One softmax cross-entropy per row: logsumexp of the logits minus the label's logit. */
    private static Node losses(Node logits, Node labels) {
        return Reductions.logsumexp(logits, false, 1).sub(logits.mul(Indexing.oneHot(labels, 10)).sum(1));
    }

    @Test
    void eachRowIsThatExamplesGradientAndTheirMeanIsTheBatchGradient() {
        Dataset batch = Datasets.digits().rows(IntStream.range(100, 100 + ROWS).toArray());
        ParamStore store = Params.initialize(MODEL, new ParamStore(), 3);
        Graph g = new Graph();
        Node x = g.input("x", ROWS, 64);
        Node y = g.input("y", ROWS);
        Context ctx = Context.of(g);
        Node losses = losses(MODEL.apply(x, ctx), y);
        List<Node> params = MODEL.params().stream().map(ctx::param).toList();
        List<Node> perRow = Grad.perExample(losses, params);
        List<Node> batchGrads = Grad.grad(losses.mean(), params, Grad.Unused.ERROR);
        Node[] fetches = java.util.stream.Stream.concat(perRow.stream(), batchGrads.stream()).toArray(Node[]::new);
        List<Tensor> out = new Session(store).run(Map.of(x, batch.x(), y, batch.y(), ctx.training(), Context.EVAL), fetches);

        for (int b = 0; b < ROWS; b++) {
            List<Tensor> alone = aloneGradients(store, batch.rows(new int[] {b}));
            for (int j = 0; j < params.size(); j++) {
                Tensor got = row(out.get(j), b).reshape(params.get(j).shape().dims());
                assertTrue(got.allClose(alone.get(j), RTOL, ATOL), MODEL.params().get(j).name() + " row " + b);
            }
        }
        for (int j = 0; j < params.size(); j++) {
            Shape s = params.get(j).shape();
            assertEquals(ROWS, out.get(j).shape().dim(0));
            assertTrue(meanOfRows(out.get(j)).allClose(out.get(params.size() + j), 1e-12, 1e-15),
                    MODEL.params().get(j).name() + ": the mean of the rows is the gradient of the mean loss " + s);
        }
    }

    /** The loop perExample replaces: the model on an input of one row, and its gradient. */
    private static List<Tensor> aloneGradients(ParamStore store, Dataset one) {
        Graph g = new Graph();
        Node x = g.input("x", 1, 64);
        Node y = g.input("y", 1);
        Context ctx = Context.of(g);
        Node loss = losses(MODEL.apply(x, ctx), y).sum();
        List<Node> params = MODEL.params().stream().map(ctx::param).toList();
        return new Session(store).run(Map.of(x, one.x(), y, one.y(), ctx.training(), Context.EVAL),
                Grad.grad(loss, params, Grad.Unused.ERROR).toArray(new Node[0]));
    }

    private static Tensor row(Tensor t, int b) {
        double[] all = t.toArray();
        int n = all.length / t.shape().dim(0);
        return Tensor.fromArray(Arrays.copyOfRange(all, b * n, (b + 1) * n), n);
    }

    private static Tensor meanOfRows(Tensor t) {
        int rows = t.shape().dim(0);
        double[] all = t.toArray();
        int n = all.length / rows;
        double[] mean = new double[n];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                mean[i] += all[b * n + i] / rows;
            }
        }
        int[] dims = Arrays.copyOfRange(t.shape().dims(), 1, t.rank());
        return Tensor.fromArray(mean, dims);
    }
}
