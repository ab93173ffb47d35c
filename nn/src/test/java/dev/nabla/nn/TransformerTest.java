// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransformerTest {
    /** x [N=2, T=3, D=4], attended by 2 heads of width 2. */
    private static final Tensor X = Tensor.randomNormal(11, 0, 1, 2, 3, 4);

    /** A store holding a nonzero random value (biases too) for each param of the layer. */
    private static ParamStore randomStore(Layer layer, long seed) {
        ParamStore store = new ParamStore();
        long s = seed;
        for (Param p : layer.params()) {
            store.put(p.name(), Tensor.randomNormal(s++, 0.1, 0.5, p.shape().dims()));
        }
        return store;
    }

    /** {@code x [T, D] W [D, E] + b}, by loops. */
    private static double[][] affine(double[][] x, Tensor w, Tensor b) {
        int e = w.shape().dim(1);
        double[][] y = new double[x.length][e];
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < e; j++) {
                y[t][j] = b.get(j);
                for (int i = 0; i < x[t].length; i++) {
                    y[t][j] += x[t][i] * w.get(i, j);
                }
            }
        }
        return y;
    }

    /**
     * Multi-head self-attention of one sequence, by hand: PyTorch's conventions (head h owns
     * features [h*dh, (h+1)*dh) of each projection), causal when asked.
     */
    private static double[][] handAttention(double[][] x, ParamStore w, String name, int heads, boolean causal) {
        double[][] q = affine(x, w.get(name + "/query/W"), w.get(name + "/query/b"));
        double[][] k = affine(x, w.get(name + "/key/W"), w.get(name + "/key/b"));
        double[][] v = affine(x, w.get(name + "/value/W"), w.get(name + "/value/b"));
        int t = x.length;
        int d = q[0].length;
        int dh = d / heads;
        double[][] merged = new double[t][d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                double[] s = new double[t];
                double total = 0;
                for (int j = 0; j < t; j++) {
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        s[j] += q[i][c] * k[j][c] / Math.sqrt(dh);
                    }
                    s[j] = causal && j > i ? 0 : Math.exp(s[j]);
                    total += s[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        merged[i][c] += s[j] / total * v[j][c];
                    }
                }
            }
        }
        return affine(merged, w.get(name + "/output/W"), w.get(name + "/output/b"));
    }

    private static double[][] sequence(Tensor x, int n) {
        double[][] s = new double[x.shape().dim(1)][x.shape().dim(2)];
        for (int t = 0; t < s.length; t++) {
            for (int j = 0; j < s[t].length; j++) {
                s[t][j] = x.get(n, t, j);
            }
        }
        return s;
    }

    @Test
    void multiHeadAttentionMatchesAHandComputationWithKnownWeights() {
        MultiHeadAttention mha = MultiHeadAttention.of(4, 2).named("mha");
        ParamStore store = randomStore(mha, 20);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3, 4);
        Node full = mha.apply(x, ctx);
        Node causal = mha.apply(x, g.constant(Attention.causalMask(3)), ctx);
        List<Tensor> out = new Session(store).run(Map.of(x, X), full, causal);
        for (int n = 0; n < 2; n++) {
            double[][] expectedFull = handAttention(sequence(X, n), store, "mha", 2, false);
            double[][] expectedCausal = handAttention(sequence(X, n), store, "mha", 2, true);
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(expectedFull[t][j], out.get(0).get(n, t, j), 1e-12);
                    assertEquals(expectedCausal[t][j], out.get(1).get(n, t, j), 1e-12);
                }
            }
        }
    }

    /** The layer's params as GradCheck inputs 1.., after x as input 0. */
    private static Function<Param, Node> byPlace(Layer layer, List<Node> xs) {
        Map<String, Node> nodes = new HashMap<>();
        for (int i = 0; i < layer.params().size(); i++) {
            nodes.put(layer.params().get(i).name(), xs.get(i + 1));
        }
        return p -> nodes.get(p.name());
    }

    private static List<Tensor> point(Layer layer, long seed) {
        List<Tensor> at = new ArrayList<>(List.of(X));
        ParamStore store = randomStore(layer, seed);
        layer.params().forEach(p -> at.add(store.get(p.name())));
        return at;
    }

    @Test
    void multiHeadAttentionGradientsMatchFiniteDifferencesToSecondOrder() {
        MultiHeadAttention mha = MultiHeadAttention.of(4, 2).named("mha");
        GradCheck.assertPasses(xs -> mha.forward(xs.get(0), xs.get(0), null, byPlace(mha, xs)), point(mha, 30));
        GradCheck.assertPasses(xs -> {
            Node padding = Attention.paddingMask(xs.get(0).graph().constant(Tensor.fromArray(new double[] {1, 1, 0, 0, 0, 0},
                    2, 3)));
            Node mask = Attention.and(xs.get(0).graph().constant(Attention.causalMask(3)), padding);
            return mha.forward(xs.get(0), xs.get(0), mask, byPlace(mha, xs));
        }, point(mha, 40));
    }

    @Test
    void transformerBlockGradientsMatchFiniteDifferencesToSecondOrder() {
        TransformerBlock block = TransformerBlock.of(4, 2, 6, 0.0, 1).named("block");
        assertEquals(16, block.params().size());
        GradCheck.assertPasses(xs -> block.forward(xs.get(0), xs.get(0).graph().constant(Attention.causalMask(3)),
                byPlace(block, xs), Context.of(xs.get(0).graph())), point(block, 50));
    }

    @Test
    void theBlockIsPreNormWithGeluAndDropoutOnlyInTraining() {
        TransformerBlock block = TransformerBlock.of(4, 2, 8, 0.5, 3).named("block");
        TransformerBlock plain = TransformerBlock.of(4, 2, 8, 0.0, 3).named("block");
        ParamStore store = randomStore(block, 60);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3, 4);
        Node y = block.apply(x, ctx);
        Node reference = plain.apply(x, ctx);
        Session s = new Session(store);
        Tensor eval = s.run(Map.of(x, X, ctx.training(), Context.EVAL), y).get(0);
        Tensor expected = s.run(Map.of(x, X, ctx.training(), Context.EVAL), reference).get(0);
        assertEquals(expected, eval, "evaluation is the block without dropout");
        Tensor train = s.run(Map.of(x, X, ctx.training(), Context.TRAIN), y).get(0);
        assertFalse(train.allClose(eval, 1e-9, 1e-9), "training drops");
        for (double v : train.toArray()) {
            assertTrue(Double.isFinite(v));
        }
        // By hand: h = x + MHA(LN(x)), y = h + W2 gelu(W1 LN(h) + b1) + b2, with LN's gamma and beta.
        for (int n = 0; n < 2; n++) {
            double[][] x0 = sequence(X, n);
            double[][] a = handAttention(norm(x0, store, "block/norm_1"), store, "block/attention", 2, false);
            double[][] h = add(x0, a);
            double[][] up = affine(norm(h, store, "block/norm_2"), store.get("block/mlp_in/W"), store.get("block/mlp_in/b"));
            for (double[] row : up) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = row[j] * 0.5 * (1 + org.apache.commons.math3.special.Erf.erf(row[j] / Math.sqrt(2)));
                }
            }
            double[][] out = add(h, affine(up, store.get("block/mlp_out/W"), store.get("block/mlp_out/b")));
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(out[t][j], eval.get(n, t, j), 1e-12);
                }
            }
        }
    }

    private static double[][] norm(double[][] x, ParamStore store, String name) {
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            double var = 0;
            for (double v : x[t]) {
                mean += v / x[t].length;
            }
            for (double v : x[t]) {
                var += (v - mean) * (v - mean) / x[t].length;
            }
            for (int j = 0; j < x[t].length; j++) {
                y[t][j] = (x[t][j] - mean) / Math.sqrt(var + LayerNorm.EPSILON) * store.get(name + "/gamma").get(j)
                        + store.get(name + "/beta").get(j);
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) {
                y[t][j] = a[t][j] + b[t][j];
            }
        }
        return y;
    }

    @Test
    void paramsAreNamedByPlace() {
        Layer model = Sequential.of(TransformerBlock.of(4, 2, 8, 0.1, 1), TransformerBlock.of(4, 2, 8, 0.1, 1));
        List<String> names = model.params().stream().map(Param::name).toList();
        assertEquals(List.of("transformer_1/norm_1/gamma", "transformer_1/norm_1/beta", "transformer_1/attention/query/W",
                "transformer_1/attention/query/b", "transformer_1/attention/key/W", "transformer_1/attention/key/b",
                "transformer_1/attention/value/W", "transformer_1/attention/value/b", "transformer_1/attention/output/W",
                "transformer_1/attention/output/b", "transformer_1/norm_2/gamma", "transformer_1/norm_2/beta",
                "transformer_1/mlp_in/W", "transformer_1/mlp_in/b", "transformer_1/mlp_out/W", "transformer_1/mlp_out/b"),
                names.subList(0, 16));
        assertEquals("transformer_2/mlp_out/b", names.get(31));
        TransformerBlock placed = (TransformerBlock) ((Sequential) model).layers().get(1);
        assertEquals("transformer_2/dropout_1", placed.dropout1().name());
        assertEquals("transformer_2/dropout_2", placed.dropout2().name());
        assertEquals(List.of("attention_1/query/W", "attention_1/query/b"),
                Sequential.of(MultiHeadAttention.of(4, 2)).params().subList(0, 2).stream().map(Param::name).toList());
    }

    @Test
    void badWidthsHeadsAndShapesAreNamed() {
        NablaException heads = assertThrows(NablaException.class, () -> MultiHeadAttention.of(6, 4));
        assertTrue(heads.getMessage().contains("MultiHeadAttention.of: 4 heads do not divide the width 6"), heads.getMessage());
        assertThrows(NablaException.class, () -> TransformerBlock.of(6, 4, 8, 0.1, 1));
        assertThrows(NablaException.class, () -> MultiHeadAttention.of(0, 1));
        Graph g = new Graph();
        Context ctx = Context.of(g);
        MultiHeadAttention mha = MultiHeadAttention.of(4, 2);
        for (Node bad : List.of(g.input("flat", 3, 4), g.input("wide", 2, 3, 6))) {
            ShapeException e = assertThrows(ShapeException.class, () -> mha.apply(bad, ctx));
            assertTrue(e.getMessage().startsWith("multi_head_attention(" + bad.label() + " " + bad.shape()
                    + "): expected a sequence [N, T, 4] with T known"), e.getMessage());
        }
        ShapeException e = assertThrows(ShapeException.class,
                () -> TransformerBlock.of(4, 2, 8, 0.1, 1).apply(g.input("x5", 2, 3, 5), ctx));
        assertTrue(e.getMessage().contains("layernorm(\"x5\" [2, 3, 5])"), e.getMessage());
        NablaException parts = assertThrows(NablaException.class, () -> new TransformerBlock(LayerNorm.of(4),
                MultiHeadAttention.of(4, 2), LayerNorm.of(4), Dense.of(4, 8), Dense.of(6, 4), Dropout.of(0, 1),
                Dropout.of(0, 1)));
        assertTrue(parts.getMessage().contains("the parts must agree on the width 4"), parts.getMessage());
    }
}
