// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.examples.plot.Figures;
import dev.nabla.graph.Node;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attention-map figure of {@link TransformerSortExample}: every head of every block on one
 * held-out sequence, and how much of each head's weight goes to the digit being written.
 */
final class SortAttention {
    private SortAttention() {}

    /**
     * Draws the maps and measures, per head, the share of the sorted positions' weight on input
     * digits equal to the digit each position must output.
     *
     * @param model the trained model
     * @param session the session holding its params
     * @param ids the ids input of the model's graph
     * @param ctx the model's context
     * @param built the model's graph pieces
     * @param digits the held-out sequence shown
     * @param png where the figure goes
     * @param out where the per-head numbers go
     * @return the figure's caption
     * @throws IOException if the figure cannot be written
     */
    static String save(SortTransformer model, Session session, Node ids, Context ctx, SortTransformer.Built built,
            int[] digits, Path png, PrintStream out) throws IOException {
        int layers = model.layers();
        Node[] weights = new Node[layers];
        for (int l = 0; l < layers; l++) {
            weights[l] = model.attentionWeights(l, built.blockInputs().get(l), ctx);
        }
        Tensor in = SortingTask.teacherForced(new int[][] {digits})[0];
        List<Tensor> maps = session.run(Map.of(ids, in, ctx.training(), Context.EVAL), weights);
        int[] sorted = SortingTask.sorted(digits);
        int t = SortingTask.TIME;
        List<org.jfree.chart.JFreeChart> charts = new ArrayList<>();
        double bestShare = -1;
        String bestHead = "";
        StringBuilder shares = new StringBuilder("  weight the sorted positions put on input digits equal to the"
                + " digit they output, per head:");
        for (int l = 0; l < layers; l++) {
            double[] w = maps.get(l).toArray();
            for (int h = 0; h < model.heads(); h++) {
                double[][] m = new double[t][t];
                for (int i = 0; i < t; i++) {
                    m[i] = Arrays.copyOfRange(w, (h * t + i) * t, (h * t + i + 1) * t);
                }
                double share = targetShare(m, digits, sorted);
                shares.append(String.format(Locale.ROOT, " b%dh%d %.2f", l, h, share));
                if (share > bestShare) {
                    bestShare = share;
                    bestHead = "block " + l + " head " + h;
                }
                charts.add(Figures.heatMap(String.format(Locale.ROOT, "block %d, head %d (%.2f on the output digit)",
                        l, h, share), "key position", "query position", m));
            }
        }
        out.println(shares);
        Figures.grid("Attention weights on held-out " + Arrays.toString(digits) + " -> " + Arrays.toString(sorted)
                + " (positions 0-7 the digits, 8 the separator, 9-15 the sorted digits)", charts, model.heads(), 360,
                330, png);
        return String.format(Locale.ROOT, "each panel is one head's weights (row: the query position, column: the key"
                + " it reads; darker is more) on held-out %s; rows 8-15 write the sorted digits, and %s puts %.2f of"
                + " their weight on input digits equal to the one each writes", Arrays.toString(digits), bestHead,
                bestShare);
    }

    /** The mean over sorted positions of the weight on input positions holding the digit that position outputs. */
    private static double targetShare(double[][] m, int[] digits, int[] sorted) {
        int len = SortingTask.LENGTH;
        double total = 0;
        for (int k = 0; k < len; k++) {
            for (int j = 0; j < len; j++) {
                total += digits[j] == sorted[k] ? m[len + k][j] : 0;
            }
        }
        return total / len;
    }
}
