// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Node;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Attention;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.MultiHeadAttention;
import dev.nabla.nn.Param;
import dev.nabla.nn.PositionalEmbedding;
import dev.nabla.nn.TransformerBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder-only transformer of {@link TransformerSortExample}: token and learned position
 * embeddings, pre-norm causal blocks, a final layer norm and a linear head over the vocabulary.
 */
final class SortTransformer {
    private final Embedding embed;
    private final PositionalEmbedding positions;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Dense head;
    private final int heads;

    /**
     * The model's graph pieces: the logits, and what each block read (to recompute its attention).
     *
     * @param logits the next-token logits {@code [N, TIME, VOCAB]}
     * @param blockInputs each block's input {@code [N, TIME, width]}
     */
    record Built(Node logits, List<Node> blockInputs) {}

    /**
     * A fresh model (its params are initialised in a store, not here).
     *
     * @param width the model width
     * @param heads attention heads per block
     * @param layers how many blocks
     * @param seed the dropout seed (the example trains without dropout)
     */
    SortTransformer(int width, int heads, int layers, long seed) {
        this.heads = heads;
        embed = Embedding.of(SortingTask.VOCAB, width).named("embed");
        positions = PositionalEmbedding.of(SortingTask.TIME, width).named("positions");
        for (int l = 0; l < layers; l++) {
            blocks.add(TransformerBlock.of(width, heads, 4 * width, 0.0, seed + l).named("block_" + l));
        }
        norm = LayerNorm.of(width).named("norm");
        head = Dense.of(width, SortingTask.VOCAB).named("head");
    }

    /** @return every trained param */
    List<Param> params() {
        List<Param> all = new ArrayList<>(embed.params());
        all.addAll(positions.params());
        blocks.forEach(b -> all.addAll(b.params()));
        all.addAll(norm.params());
        all.addAll(head.params());
        return all;
    }

    /**
     * The model on token ids under the causal mask.
     *
     * @param ids token ids {@code [N, TIME]}
     * @param ctx the graph and the params' nodes
     * @return the logits and the blocks' inputs
     */
    Built build(Node ids, Context ctx) {
        Node mask = ctx.graph().constant(Attention.causalMask(SortingTask.TIME));
        Node h = positions.apply(embed.apply(ids, ctx), ctx);
        List<Node> inputs = new ArrayList<>();
        for (TransformerBlock b : blocks) {
            inputs.add(h);
            h = b.apply(h, mask, ctx);
        }
        return new Built(head.apply(norm.apply(h, ctx), ctx), inputs);
    }

    /**
     * The attention weights of one block, recomputed from its own projections of its input.
     *
     * <p>{@link Attention#scaledDotProduct} returns {@code weights v}; with {@code v} the identity
     * per head, that product is the weights themselves, computed by the same code the block ran.
     *
     * @param layer which block
     * @param blockInput what that block read, {@code [N, TIME, width]}
     * @param ctx the graph and the params' nodes
     * @return the weights {@code [N, heads, TIME (query), TIME (key)]}, each row summing to 1
     */
    Node attentionWeights(int layer, Node blockInput, Context ctx) {
        TransformerBlock b = blocks.get(layer);
        MultiHeadAttention mha = b.attention();
        Node a = b.norm1().apply(blockInput, ctx);
        int t = SortingTask.TIME;
        double[] eye = new double[heads * t * t];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                eye[(h * t + i) * t + i] = 1;
            }
        }
        Node identity = ctx.graph().constant(Tensor.fromArray(eye, 1, heads, t, t));
        return Attention.scaledDotProduct(split(mha.query().apply(a, ctx)), split(mha.key().apply(a, ctx)), identity,
                ctx.graph().constant(Attention.causalMask(t)));
    }

    /** @return block {@code layer}, for tests that rebuild its attention */
    TransformerBlock block(int layer) {
        return blocks.get(layer);
    }

    /** @return attention heads per block */
    int heads() {
        return heads;
    }

    /** @return how many blocks */
    int layers() {
        return blocks.size();
    }

    /** {@code [N, T, D] -> [N, H, T, D/H]}, as {@link MultiHeadAttention} splits heads. */
    private Node split(Node x) {
        int n = x.shape().dim(0);
        int d = x.shape().dim(2);
        return x.reshape(n, SortingTask.TIME, heads, d / heads).permute(0, 2, 1, 3);
    }
}
