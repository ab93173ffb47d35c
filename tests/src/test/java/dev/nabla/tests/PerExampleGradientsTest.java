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
import dev.nabla.graph.view.GraphView;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Context;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.train.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients of nn models, as a user builds them: digits MLPs of {@link Dense} layers
 * with layer norm (rows stay apart: one sweep, with the batch size known or not) or batch norm in
 * evaluation mode (its batch statistics are still computed, so rows meet: a sweep per row),
 * per-row softmax cross-entropy, a small convolutional net (unfold and fold work within one image), {@link Grad#perExample} over every trainable param, each row
 * against the gradient of that row computed alone (the loop it replaces), and the rows' mean
 * against the ordinary gradient of the mean loss.
 */
class PerExampleGradientsTest {
    private static final int ROWS = 12;
    private static final double RTOL = 1e-12;
    private static final double ATOL = 1e-14;
    private static final Dataset BATCH = Datasets.digits().rows(IntStream.range(100, 100 + ROWS).toArray());

    /** One softmax cross-entropy per row: logsumexp of the logits minus the label's logit. */
    private static Node losses(Node logits, Node labels) {
        return Reductions.logsumexp(logits, false, 1).sub(logits.mul(Indexing.oneHot(labels, 10)).sum(1));
    }

    @Test
    void aLayerNormMlpTakesOneSweepAndMatchesTheLoop() {
        Layer model = Sequential.of(Dense.of(64, 16), LayerNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 10));
        for (int rows : new int[] {ROWS, Shape.UNKNOWN}) {
            int nodes = matchesTheLoop(model, rows);
            assertTrue(nodes < 200, "one sweep builds about one backward pass, got " + nodes + " nodes for " + rows);
        }
    }

    @Test
    void aConvolutionalNetTakesOneSweepAndMatchesTheLoop() {
        for (int rows : new int[] {ROWS, Shape.UNKNOWN}) {
            int nodes = matchesTheLoop(cnn(1), rows);
            assertTrue(nodes < 300, "convolutions keep rows apart: one sweep, got " + nodes + " nodes for " + rows);
        }
    }

    @Test
    void aGroupedConvolutionTakesASweepPerRowAndMatchesTheLoop() {
        // The grouped product [g, O/g, K] x [B, g, K, L] runs as one rank-3 product over B*g, which merges
        // the batch into axis 0, so the method falls back to a sweep per row.
        int nodes = matchesTheLoop(cnn(2), ROWS);
        assertTrue(nodes > ROWS * 50, "a sweep per row grows with the batch, got " + nodes + " nodes");
    }

    /** The digits as 1x8x8 images through two convolutions, the second split into the given groups. */
    private static Layer cnn(int groups) {
        Layer images = (x, ctx) -> x.reshape(-1, 1, 8, 8);
        return Sequential.of(images, Conv2d.of(1, 4, 3, 1, 1), Activation.of("relu", Activations::relu),
                MaxPool2d.of(2), Conv2d.of(4, 6, 3, 1, 0, 1, groups, Init.he(), Init.slightlyPositive()), Flatten.of(),
                Dense.of(6 * 2 * 2, 10));
    }

    @Test
    void aBatchNormMlpInEvaluationTakesASweepPerRowAndMatchesTheLoop() {
        Layer model = Sequential.of(Dense.of(64, 16), BatchNorm.of(16), Activation.of("tanh", Node::tanh),
                Dense.of(16, 10));
        int nodes = matchesTheLoop(model, ROWS);
        assertTrue(nodes > ROWS * 50, "a sweep per row grows with the batch, got " + nodes + " nodes");
    }

    /**
     * Checks each row against the model applied to that row alone, and the rows' mean against
     * the gradient of the mean loss.
     *
     * @param rows the batch size the graph is built with: ROWS or Shape.UNKNOWN
     * @return how many nodes the per-example gradients need
     */
    private static int matchesTheLoop(Layer model, int rows) {
        ParamStore store = Params.initialize(model, new ParamStore(), 3);
        Graph g = new Graph();
        Node x = g.input("x", rows, 64);
        Node y = g.input("y", rows);
        Context ctx = Context.of(g);
        Node losses = losses(model.apply(x, ctx), y);
        List<Node> params = model.params().stream().filter(p -> p.trainable()).map(ctx::param).toList();
        List<Node> perRow = Grad.perExample(losses, params);
        List<Node> batchGrads = Grad.grad(losses.mean(), params, Grad.Unused.ERROR);
        Node[] fetches = Stream.concat(perRow.stream(), batchGrads.stream()).toArray(Node[]::new);
        List<Tensor> out = new Session(store).run(Map.of(x, BATCH.x(), y, BATCH.y(), ctx.training(), Context.EVAL),
                fetches);
        for (int b = 0; b < ROWS; b++) {
            List<Tensor> alone = aloneGradients(model, store, BATCH.rows(new int[] {b}));
            for (int j = 0; j < params.size(); j++) {
                Tensor got = row(out.get(j), b).reshape(params.get(j).shape().dims());
                assertTrue(got.allClose(alone.get(j), RTOL, ATOL), params.get(j).label() + " row " + b);
            }
        }
        for (int j = 0; j < params.size(); j++) {
            assertEquals(ROWS, out.get(j).shape().dim(0));
            assertTrue(meanOfRows(out.get(j)).allClose(out.get(params.size() + j), 1e-12, 1e-15),
                    params.get(j).label() + ": the mean of the rows is the gradient of the mean loss");
        }
        return GraphView.ancestors(perRow).size();
    }

    /** The loop perExample replaces: the model on an input of one row, and its gradient. */
    private static List<Tensor> aloneGradients(Layer model, ParamStore store, Dataset one) {
        Graph g = new Graph();
        Node x = g.input("x", 1, 64);
        Node y = g.input("y", 1);
        Context ctx = Context.of(g);
        Node loss = losses(model.apply(x, ctx), y).sum();
        List<Node> params = model.params().stream().filter(p -> p.trainable()).map(ctx::param).toList();
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
        return Tensor.fromArray(mean, Arrays.copyOfRange(t.shape().dims(), 1, t.rank()));
    }
}
