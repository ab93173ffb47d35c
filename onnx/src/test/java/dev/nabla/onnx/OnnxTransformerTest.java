// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Attention;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Param;
import dev.nabla.nn.PositionalEmbedding;
import dev.nabla.nn.PositionalEncoding;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.TransformerBlock;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.train.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transformer language models (token embedding, positions, a pre-norm block with multi-head
 * attention, GELU MLP and dropout, a final layer norm and a head over the vocabulary), trained a
 * few steps to sort short sequences, exported and run in ONNX Runtime on random id batches of 1, 3
 * and 17 sequences against Nabla's own outputs in evaluation mode (dropout the identity).
 *
 * <p>Agreement is measured as in {@link OnnxCnnTest}: per output element
 * {@code |a - b| / max(|a|, |b|)}, the maximum over all elements and batches, on the next-token
 * probabilities; at most 1e-12 in float64 and 1e-5 in float32.
 */
class OnnxTransformerTest {
    private static final int VOCAB = 10;
    private static final int TIME = 8;
    private static final int WIDTH = 16;

    @TempDir
    Path dir;

    /** A block whose self-attention is causal, the mask a constant of the graph. */
    private record CausalBlock(TransformerBlock block) implements Layer {
        @Override
        public Node apply(Node x, Context ctx) {
            return block.apply(x, ctx.graph().constant(Attention.causalMask(x.shape().dim(1))), ctx);
        }

        @Override
        public List<Param> params() {
            return block.params();
        }

        @Override
        public String kind() {
            return "causal";
        }

        @Override
        public Layer named(String name) {
            return new CausalBlock(block.named(name));
        }
    }

    /** Full self-attention, sinusoidal positions, dropout 0.1 on both residual branches. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void encoderBlockAgrees(DType type) throws Exception {
        assertAgrees("transformer encoder", Sequential.of(Embedding.of(VOCAB, WIDTH), PositionalEncoding.of(TIME, WIDTH),
                TransformerBlock.of(WIDTH, 4, 4 * WIDTH, 0.1, 3), LayerNorm.of(WIDTH), Dense.of(WIDTH, VOCAB)), type);
    }

    /** Two causal blocks, learned positions from a table longer than the sequences, as in the sort example. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void causalDecoderAgrees(DType type) throws Exception {
        assertAgrees("transformer decoder", Sequential.of(Embedding.of(VOCAB, WIDTH), PositionalEmbedding.of(TIME + 4, WIDTH),
                new CausalBlock(TransformerBlock.of(WIDTH, 2, 2 * WIDTH, 0.1, 4)),
                new CausalBlock(TransformerBlock.of(WIDTH, 4, 3 * WIDTH, 0.0, 5)), LayerNorm.of(WIDTH),
                Dense.of(WIDTH, VOCAB)), type);
    }

    private void assertAgrees(String name, Layer model, DType type) throws Exception {
        ParamStore store = OnnxCnnTest.trained(model, (logits, labels) -> Losses.softmaxCrossEntropy(
                logits.reshape(-1, VOCAB), labels.reshape(-1)), sorting(64, 1), type);
        Graph g = new Graph(type);
        Node ids = g.input("ids", Shape.UNKNOWN, TIME);
        Node p = Activations.softmax(model.apply(ids, Context.of(g)), 2).named("next_token");
        double worst = OrtAgreement.maxRelative(p, store, OnnxOptions.defaults(), dir,
                n -> Map.of(ids, sorting(n, 100 + n).x().to(type)));
        System.out.println("onnx: " + name + " " + type + " max relative difference " + worst);
        double bound = type == DType.FLOAT64 ? OrtAgreement.FLOAT64 : OrtAgreement.FLOAT32;
        assertTrue(worst <= bound, name + " " + type + ": max relative difference " + worst + " > " + bound);
    }

    /** Random id sequences {@code [n, TIME]} and, as targets, each sequence sorted. */
    private static Dataset sorting(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n * TIME];
        double[] y = new double[n * TIME];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < TIME; t++) {
                x[i * TIME + t] = r.nextInt(VOCAB);
            }
            double[] row = Arrays.copyOfRange(x, i * TIME, (i + 1) * TIME);
            Arrays.sort(row);
            System.arraycopy(row, 0, y, i * TIME, TIME);
        }
        return new Dataset(Tensor.fromArray(x, n, TIME), Tensor.fromArray(y, n, TIME));
    }
}
