// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.nn.activation.Activations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A pre-norm transformer block (as in GPT-2, Xiong et al. 2020): {@code h = x + dropout(MHA(LN(x)))},
 * then {@code y = h + dropout(W2 GELU(W1 LN(h)))}, on sequences {@code [N, T, D]}.
 *
 * <p>Normalising before each branch and adding the branch to an untouched residual keeps the
 * residual path an identity, which is why pre-norm blocks train without a warm-up. GELU is the
 * exact (erf) form, PyTorch's default. Dropout acts on both residual branches in training and is
 * the identity in evaluation. Params are named by place: {@code name/norm_1}, {@code name/attention/query},
 * ..., {@code name/norm_2}, {@code name/mlp_in}, {@code name/mlp_out}.
 * Usage: {@code Layer block = TransformerBlock.of(64, 4, 256, 0.1, 42); Node y = block.apply(x, ctx);}
 *
 * @param norm1 the norm before attention
 * @param attention the self-attention
 * @param norm2 the norm before the MLP
 * @param mlpIn the MLP's first layer {@code [D, hidden]}
 * @param mlpOut the MLP's second layer {@code [hidden, D]}
 * @param dropout1 the dropout on the attention branch
 * @param dropout2 the dropout on the MLP branch
 */
public record TransformerBlock(LayerNorm norm1, MultiHeadAttention attention, LayerNorm norm2, Dense mlpIn, Dense mlpOut,
        Dropout dropout1, Dropout dropout2) implements Layer {
    /** Checks that the parts agree on the width. */
    public TransformerBlock {
        Arguments.requireNonNulls("TransformerBlock", "norm1", norm1, "attention", attention, "norm2", norm2,
                "mlpIn", mlpIn, "mlpOut", mlpOut, "dropout1", dropout1, "dropout2", dropout2);
        int d = attention.width();
        if (norm1.gamma().shape().dim(0) != d || norm2.gamma().shape().dim(0) != d || mlpIn.w().shape().dim(0) != d
                || mlpOut.w().shape().dim(1) != d || mlpIn.w().shape().dim(1) != mlpOut.w().shape().dim(0)) {
            throw new NablaException("TransformerBlock: the parts must agree on the width " + d + ": norms "
                    + norm1.gamma().shape() + " and " + norm2.gamma().shape() + ", MLP " + mlpIn.w().shape() + " then "
                    + mlpOut.w().shape());
        }
    }

    /**
     * A pre-norm block with an MLP of the given hidden width.
     *
     * @param width the model width {@code D}, at least 1
     * @param heads the number of attention heads, dividing {@code width}
     * @param hidden the MLP's hidden width, at least 1 (often {@code 4 * width})
     * @param dropout the dropout rate of both residual branches, in [0, 1)
     * @param seed the dropout masks' seed
     * @return the block, named {@code transformer} until placed
     * @throws NablaException if a size or the rate is out of range, or the heads do not divide the width
     */
    public static TransformerBlock of(int width, int heads, int hidden, double dropout, long seed) {
        Arguments.requireAtLeast("TransformerBlock.of", "width", width, 1);
        Arguments.requireAtLeast("TransformerBlock.of", "hidden", hidden, 1);
        Dropout drop = Dropout.of(dropout, seed);
        return new TransformerBlock(LayerNorm.of(width), MultiHeadAttention.of(width, heads), LayerNorm.of(width),
                Dense.of(width, hidden), Dense.of(hidden, width), drop, drop).named("transformer");
    }

    /**
     * The block with full self-attention.
     *
     * @param x the sequence {@code [N, T, D]}
     * @param ctx the graph, the train/eval switch and the params' nodes
     * @return the block's output {@code [N, T, D]}
     */
    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("TransformerBlock.apply", "x", x, "ctx", ctx);
        return forward(x, null, ctx::param, ctx);
    }

    /**
     * The block with masked self-attention, such as a causal mask for a decoder.
     *
     * @param x the sequence {@code [N, T, D]}
     * @param mask nonzero where a query may attend to a key, broadcastable to {@code [N, heads, T, T]}
     * @param ctx the graph, the train/eval switch and the params' nodes
     * @return the block's output {@code [N, T, D]}
     */
    public Node apply(Node x, Node mask, Context ctx) {
        Arguments.requireNonNulls("TransformerBlock.apply", "x", x, "mask", mask, "ctx", ctx);
        return forward(x, mask, ctx::param, ctx);
    }

    /** The block with each param's node given by {@code weights}; {@code mask} may be null. */
    Node forward(Node x, Node mask, Function<Param, Node> weights, Context ctx) {
        Node a = norm1.forward(x, weights.apply(norm1.gamma()), weights.apply(norm1.beta()));
        Node h = x.add(dropout1.apply(attention.forward(a, a, mask, weights), ctx));
        Node m = norm2.forward(h, weights.apply(norm2.gamma()), weights.apply(norm2.beta()));
        Node up = Activations.gelu(m.matmul(weights.apply(mlpIn.w())).add(weights.apply(mlpIn.b())));
        return h.add(dropout2.apply(up.matmul(weights.apply(mlpOut.w())).add(weights.apply(mlpOut.b())), ctx));
    }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>(norm1.params());
        all.addAll(attention.params());
        all.addAll(norm2.params());
        all.addAll(mlpIn.params());
        all.addAll(mlpOut.params());
        return all;
    }

    @Override
    public String kind() {
        return "transformer";
    }

    @Override
    public TransformerBlock named(String name) {
        Arguments.requireNonNull("TransformerBlock.named", "name", name);
        return new TransformerBlock(norm1.named(name + "/norm_1"), attention.named(name + "/attention"),
                norm2.named(name + "/norm_2"), mlpIn.named(name + "/mlp_in"), mlpOut.named(name + "/mlp_out"),
                dropout1.named(name + "/dropout_1"), dropout2.named(name + "/dropout_2"));
    }
}
