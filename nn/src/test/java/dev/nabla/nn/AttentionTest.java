// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.Activations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttentionTest {
    private static final Tensor Q = Tensor.randomNormal(1, 0, 1, 2, 2, 3, 4);
    private static final Tensor K = Tensor.randomNormal(2, 0, 1, 2, 2, 3, 4);
    private static final Tensor V = Tensor.randomNormal(3, 0, 1, 2, 2, 3, 5);
    /** Batch 0 sees all 3 keys; batch 1 sees none, so every row of batch 1 is fully masked. */
    private static final Tensor VALID = Tensor.fromArray(new double[] {1, 1, 1, 0, 0, 0}, 2, 3);

    /** Softmax over the allowed keys, then the weighted values; zeros for a row with no key allowed. */
    static double[] naive(Tensor q, Tensor k, Tensor v, double[][][][] allowed) {
        int b = q.shape().dim(0);
        int h = q.shape().dim(1);
        int tq = q.shape().dim(2);
        int d = q.shape().dim(3);
        int tk = k.shape().dim(2);
        int dv = v.shape().dim(3);
        double[] out = new double[b * h * tq * dv];
        for (int n = 0; n < b; n++) {
            for (int hh = 0; hh < h; hh++) {
                for (int i = 0; i < tq; i++) {
                    double[] w = new double[tk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tk; j++) {
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            s += q.get(n, hh, i, c) * k.get(n, hh, j, c);
                        }
                        w[j] = s / Math.sqrt(d);
                        if (allowed[n][hh][i][j] != 0) {
                            max = Math.max(max, w[j]);
                        }
                    }
                    double total = 0;
                    for (int j = 0; j < tk; j++) {
                        w[j] = allowed[n][hh][i][j] != 0 ? Math.exp(w[j] - max) : 0;
                        total += w[j];
                    }
                    for (int j = 0; j < tk; j++) {
                        for (int c = 0; c < dv; c++) {
                            out[((n * h + hh) * tq + i) * dv + c] += total == 0 ? 0 : w[j] / total * v.get(n, hh, j, c);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Causal and, if given, padding by {@code valid [B, T]}, spelled out per (batch, head, query, key). */
    static double[][][][] allowed(int b, int h, int t, boolean causal, Tensor valid) {
        double[][][][] a = new double[b][h][t][t];
        for (int n = 0; n < b; n++) {
            for (int hh = 0; hh < h; hh++) {
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        a[n][hh][i][j] = (!causal || j <= i) && (valid == null || valid.get(n, j) != 0) ? 1 : 0;
                    }
                }
            }
        }
        return a;
    }

    private static Tensor run(Node y) {
        return new Session(new ParamStore()).run(Map.of(), y).get(0);
    }

    @Test
    void attentionMatchesANaiveLoopWithAndWithoutMasks() {
        Graph g = new Graph();
        Node q = g.constant(Q);
        Node k = g.constant(K);
        Node v = g.constant(V);
        Node causal = g.constant(Attention.causalMask(3));
        Node padding = Attention.paddingMask(g.constant(Tensor.fromArray(new double[] {1, 1, 0, 1, 0, 1}, 2, 3)));
        assertClose(naive(Q, K, V, allowed(2, 2, 3, false, null)), run(Attention.scaledDotProduct(q, k, v)));
        assertClose(naive(Q, K, V, allowed(2, 2, 3, true, null)), run(Attention.scaledDotProduct(q, k, v, causal)));
        Tensor valid = Tensor.fromArray(new double[] {1, 1, 0, 1, 0, 1}, 2, 3);
        assertClose(naive(Q, K, V, allowed(2, 2, 3, true, valid)),
                run(Attention.scaledDotProduct(q, k, v, Attention.and(causal, padding))));
        // A mask of ones is no mask.
        assertClose(naive(Q, K, V, allowed(2, 2, 3, false, null)),
                run(Attention.scaledDotProduct(q, k, v, g.constant(Tensor.ones(3, 3)))));
    }

    @Test
    void maskHelpersSpellOutWhoSeesWhom() {
        assertEquals(Tensor.fromArray(new double[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, 3, 3), Attention.causalMask(3));
        Graph g = new Graph();
        Node lengths = g.input("lengths", 3);
        Node byLength = Attention.paddingMask(lengths, 4);
        Tensor m = new Session(new ParamStore()).run(Map.of(lengths, Tensor.fromArray(new double[] {0, 2, 4}, 3)), byLength)
                .get(0);
        assertEquals(Tensor.fromArray(new double[] {0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1}, 3, 1, 1, 4), m);
        Node fromBooleans = Attention.paddingMask(g.constant(Tensor.fromArray(new double[] {1, 0, 0.5, -2}, 2, 2)));
        assertEquals(Tensor.fromArray(new double[] {1, 0, 1, 1}, 2, 1, 1, 2), run(fromBooleans));
        Node both = Attention.and(g.constant(Attention.causalMask(2)), fromBooleans);
        assertEquals(Tensor.fromArray(new double[] {1, 0, 1, 0, 1, 0, 1, 1}, 2, 1, 2, 2), run(both));
    }

    @Test
    void aFullyMaskedRowGivesZerosAndZeroGradientsWithoutNaNEvenForHugeScores() {
        for (double scale : new double[] {1, 1e4, -1e4}) {
            Graph g = new Graph();
            Node q = g.input("q", 2, 2, 3, 4);
            Node k = g.input("k", 2, 2, 3, 4);
            Node v = g.input("v", 2, 2, 3, 5);
            Node mask = Attention.and(g.constant(Attention.causalMask(3)), Attention.paddingMask(g.constant(VALID)));
            Node y = Attention.scaledDotProduct(q, k, v, mask);
            Node loss = y.square().sum();
            List<Node> grads = Grad.grad(loss, List.of(q, k, v), Grad.Unused.ZERO);
            // Second order: the gradient of a projection of the first gradients.
            Node second = grads.get(0).sum().add(grads.get(1).sum()).add(grads.get(2).sum());
            List<Node> fetches = new ArrayList<>(List.of(y));
            fetches.addAll(grads);
            fetches.addAll(Grad.grad(second, List.of(q, k, v), Grad.Unused.ZERO));
            Map<Node, Tensor> feeds = Map.of(q, scaled(Q, scale), k, K, v, V);
            List<Tensor> out = new Session(new ParamStore()).run(feeds, fetches.toArray(Node[]::new));
            for (int i = 0; i < out.size(); i++) {
                for (double e : out.get(i).toArray()) {
                    assertTrue(Double.isFinite(e), "scale " + scale + ", fetch " + i + " holds " + e);
                }
            }
            // Batch 1 is fully masked: zero output, and no gradient reaches its q, k or v.
            for (int i = 0; i < 7; i++) {
                Tensor t = out.get(i);
                int half = t.size() / 2;
                for (int e = half; e < t.size(); e++) {
                    assertEquals(0.0, t.toArray()[e], 0.0, "scale " + scale + ", fetch " + i + ", element " + e);
                }
            }
            assertClose(naive(scaled(Q, scale), K, V, allowed(2, 2, 3, true, VALID)), out.get(0));
        }
    }

    @Test
    void anAddedMinusInfinityWouldGiveNaNWhereWhereGivesZeros() {
        // Why Attention selects with where: the additive mask it does not use.
        Graph g = new Graph();
        Node scores = g.constant(Tensor.fromArray(new double[] {0.5, -1, 2, 3}, 2, 2));
        Node additive = g.constant(Tensor.fromArray(new double[] {0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY}, 2, 2));
        Tensor naive = run(Activations.softmax(scores.add(additive), 1));
        assertTrue(Double.isNaN(naive.get(1, 0)), "the additive mask's fully masked row: " + naive);
        Node mask = g.constant(Tensor.fromArray(new double[] {1, 0, 0, 0}, 1, 1, 2, 2));
        Tensor w = run(Attention.weights(scores.reshape(1, 1, 2, 2), mask));
        assertEquals(Tensor.fromArray(new double[] {1, 0, 0, 0}, 1, 1, 2, 2), w);
    }

    @Test
    void attentionGradientsMatchFiniteDifferencesToSecondOrder() {
        List<Tensor> at = List.of(Q, K, V);
        GradCheck.assertPasses(xs -> Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2)), at);
        GradCheck.assertPasses(xs -> Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2),
                xs.get(0).graph().constant(Attention.causalMask(3))), at);
        GradCheck.assertPasses(xs -> {
            Graph g = xs.get(0).graph();
            Node mask = Attention.and(g.constant(Attention.causalMask(3)),
                    Attention.paddingMask(g.constant(Tensor.fromArray(new double[] {0, 1, 1, 0, 0, 0}, 2, 3))));
            return Attention.scaledDotProduct(xs.get(0), xs.get(1), xs.get(2), mask);
        }, at);
    }

    @Test
    void badShapesAreNamedWithWhatWasExpected() {
        Graph g = new Graph();
        Node q = g.input("q", 2, 2, 3, 4);
        Node k = g.input("k", 2, 2, 3, 4);
        Node v = g.input("v", 2, 2, 3, 5);
        says(() -> Attention.scaledDotProduct(g.input("flat", 2, 3, 4), k, v),
                "attention(q \"flat\" [2, 3, 4], k \"k\" [2, 2, 3, 4], v \"v\" [2, 2, 3, 5]): expected rank 4");
        says(() -> Attention.scaledDotProduct(q, g.input("k3", 2, 2, 3, 3), v), "q and k must have one known width d");
        says(() -> Attention.scaledDotProduct(q, k, g.input("v4", 2, 2, 4, 5)), "k and v must have one time length Tk");
        says(() -> Attention.scaledDotProduct(q, g.input("k1", 2, 1, 3, 4), g.input("v1", 2, 1, 3, 5)),
                "one number of heads");
        says(() -> Attention.scaledDotProduct(q, k, v, g.constant(Attention.causalMask(4))),
                "attention(mask", "[4, 4], scores [2, 2, 3, 3]): the mask must broadcast to the scores");
        says(() -> Attention.paddingMask(g.input("lengths", 2, 1), 3), "attention_padding_mask(\"lengths\" [2, 1])");
        Node additive = g.constant(Tensor.fromArray(new double[] {0, Double.NEGATIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0}, 3, 3));
        dev.nabla.graph.NablaException e = assertThrows(dev.nabla.graph.NablaException.class,
                () -> Attention.scaledDotProduct(q, k, v, additive));
        assertTrue(e.getMessage().contains("[3, 3]): entry 1 is -Infinity; a mask holds 1 where a query may attend"),
                e.getMessage());
    }

    private static void says(org.junit.jupiter.api.function.Executable call, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
    }

    private static Tensor scaled(Tensor t, double c) {
        double[] a = t.toArray();
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
        return Tensor.fromArray(a, t.shape().dims());
    }

    private static void assertClose(double[] expected, Tensor actual) {
        double[] a = actual.toArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
