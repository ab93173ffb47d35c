// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The attention layers together learn a task that only attention can solve. */
class TransformerLearnsTest {
    private static final int VOCAB = 4;
    private static final int T = 5;
    private static final int WIDTH = 16;

    /** Random sequences {@code [n, T]}; the target at every position is the first token. */
    private static Tensor[] batch(Random r, int n) {
        double[] ids = new double[n * T];
        double[] targets = new double[n * T];
        for (int i = 0; i < n; i++) {
            int first = r.nextInt(VOCAB);
            for (int t = 0; t < T; t++) {
                ids[i * T + t] = t == 0 ? first : r.nextInt(VOCAB);
                targets[i * T + t] = first;
            }
        }
        return new Tensor[] {Tensor.fromArray(ids, n, T), Tensor.fromArray(targets, n * T)};
    }

    @Test
    void aCausalBlockLearnsToCopyTheFirstTokenToEveryPosition() {
        Embedding embed = Embedding.of(VOCAB, WIDTH).named("embed");
        PositionalEmbedding positions = PositionalEmbedding.of(T, WIDTH).named("positions");
        TransformerBlock block = TransformerBlock.of(WIDTH, 2, 2 * WIDTH, 0.1, 7).named("block");
        Dense head = Dense.of(WIDTH, VOCAB).named("head");
        List<Param> params = new ArrayList<>(embed.params());
        params.addAll(positions.params());
        params.addAll(block.params());
        params.addAll(head.params());

        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node ids = g.input("ids", dev.nabla.graph.Shape.UNKNOWN, T);
        Node targets = g.input("targets", dev.nabla.graph.Shape.UNKNOWN);
        Node h = block.apply(positions.apply(embed.apply(ids, ctx), ctx), g.constant(Attention.causalMask(T)), ctx);
        Node logits = head.apply(h, ctx).reshape(-1, VOCAB);
        Node loss = Losses.softmaxCrossEntropy(logits, targets);
        Optimizer adam = Optimizer.adam();
        ParamStore store = adam.initialize(params, Params.initialize(params, new ParamStore(), 3));
        Session s = new Session(store, 5L);
        Plan step = s.compile(List.of(loss), adam.minimize(ctx, params, loss));
        Random r = new Random(11);
        for (int i = 0; i < 300; i++) {
            Tensor[] b = batch(r, 32);
            step.run(Map.of(ids, b[0], targets, b[1], ctx.training(), Context.TRAIN, adam.learningRate(g), Tensor.scalar(1e-2)));
        }
        Tensor[] held = batch(new Random(99), 200);
        Tensor out = s.run(Map.of(ids, held[0], ctx.training(), Context.EVAL), logits).get(0);
        int right = 0;
        for (int i = 0; i < out.shape().dim(0); i++) {
            int best = 0;
            for (int c = 1; c < VOCAB; c++) {
                best = out.get(i, c) > out.get(i, best) ? c : best;
            }
            right += best == (int) held[1].get(i) ? 1 : 0;
        }
        double accuracy = right / (double) out.shape().dim(0);
        // Chance is 0.25 at positions 1..T-1; only attending to position 0 gets them right.
        assertTrue(accuracy > 0.97, "held-out accuracy " + accuracy);
    }
}
