// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Node;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import java.util.Arrays;
import java.util.Map;

/**
 * How {@link TransformerSortExample} scores its model: greedy autoregressive decoding, one sorted
 * position at a time with the model's own predictions fed back, and the accuracies of the result.
 */
final class SortDecoding {
    private SortDecoding() {}

    /**
     * Decodes greedily: the ids start as the digits and the separator; each run of the model picks
     * the most likely token at the next sorted position, which is written into the ids the next
     * run reads. The causal mask keeps the not yet decoded positions from affecting earlier ones.
     *
     * @param eval a plan fetching the logits {@code [N, TIME, VOCAB]}
     * @param ids the ids input {@code [N, TIME]}
     * @param ctx the context whose training switch is set to evaluation
     * @param digits the sequences, one row each
     * @return the decoded sorted digits (the separator token if the model predicted it), one row each
     */
    static int[][] greedy(Plan eval, Node ids, Context ctx, int[][] digits) {
        int n = digits.length;
        int len = SortingTask.LENGTH;
        int time = SortingTask.TIME;
        double[] in = new double[n * time];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < len; t++) {
                in[i * time + t] = digits[i][t];
            }
            in[i * time + len] = SortingTask.SEP;
        }
        int[][] decoded = new int[n][len];
        for (int k = 0; k < len; k++) {
            double[] logits = logits(eval, ids, ctx, Tensor.fromArray(in, n, time));
            for (int i = 0; i < n; i++) {
                decoded[i][k] = argmax(logits, (i * time + len + k) * SortingTask.VOCAB);
                if (k < len - 1) {
                    in[i * time + len + 1 + k] = decoded[i][k];
                }
            }
        }
        return decoded;
    }

    /**
     * The share of sequences whose every sorted digit is right when the true sorted prefix is fed
     * (teacher forcing), in one run of the model.
     *
     * @param eval a plan fetching the logits
     * @param ids the ids input
     * @param ctx the context
     * @param digits the sequences
     * @return the exact-match rate under teacher forcing
     */
    static double teacherForcedExactMatch(Plan eval, Node ids, Context ctx, int[][] digits) {
        double[] logits = logits(eval, ids, ctx, SortingTask.teacherForced(digits)[0]);
        int right = 0;
        for (int i = 0; i < digits.length; i++) {
            int[] sorted = SortingTask.sorted(digits[i]);
            boolean all = true;
            for (int k = 0; k < SortingTask.LENGTH; k++) {
                all &= argmax(logits, (i * SortingTask.TIME + SortingTask.LENGTH + k) * SortingTask.VOCAB) == sorted[k];
            }
            right += all ? 1 : 0;
        }
        return right / (double) digits.length;
    }

    /**
     * The accuracy at each sorted position.
     *
     * @param digits the sequences
     * @param decoded what the model gave
     * @return the share right at positions {@code 0 .. LENGTH - 1}
     */
    static double[] perPosition(int[][] digits, int[][] decoded) {
        int[] right = new int[SortingTask.LENGTH];
        for (int i = 0; i < digits.length; i++) {
            int[] sorted = SortingTask.sorted(digits[i]);
            for (int k = 0; k < right.length; k++) {
                right[k] += decoded[i][k] == sorted[k] ? 1 : 0;
            }
        }
        double[] acc = new double[right.length];
        for (int k = 0; k < acc.length; k++) {
            acc[k] = right[k] / (double) digits.length;
        }
        return acc;
    }

    /**
     * The share of sequences decoded with every digit right.
     *
     * @param digits the sequences
     * @param decoded what the model gave
     * @return the exact-match rate
     */
    static double exactMatch(int[][] digits, int[][] decoded) {
        int right = 0;
        for (int i = 0; i < digits.length; i++) {
            right += Arrays.equals(SortingTask.sorted(digits[i]), decoded[i]) ? 1 : 0;
        }
        return right / (double) digits.length;
    }

    private static double[] logits(Plan eval, Node ids, Context ctx, Tensor in) {
        return eval.run(Map.of(ids, in, ctx.training(), Context.EVAL)).get(0).toArray();
    }

    private static int argmax(double[] logits, int from) {
        int best = 0;
        for (int c = 0; c < SortingTask.VOCAB; c++) {
            if (Double.isNaN(logits[from + c])) {
                throw new IllegalStateException("transformer-sort: a NaN logit while decoding");
            }
            best = logits[from + c] > logits[from + best] ? c : best;
        }
        return best;
    }
}
