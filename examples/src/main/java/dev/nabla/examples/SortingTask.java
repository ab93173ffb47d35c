// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The data of {@link TransformerSortExample}: random sequences of {@value #LENGTH} digits, laid out
 * for a decoder as {@code digits, SEP, sorted digits}, with a held-out set that training never draws.
 *
 * <p>A model reads the first {@value #TIME} tokens (the last sorted digit is only ever a target);
 * the targets are the sorted digits, predicted at positions {@code LENGTH .. 2 LENGTH - 1} (the
 * separator and the sorted digits before each). Training sequences are drawn fresh from a seeded
 * generator that rejects every held-out sequence, so the two sets are disjoint by construction;
 * {@link #rejected()} counts how often that mattered.
 */
final class SortingTask {
    /** Digits per sequence. */
    static final int LENGTH = 8;
    /** The separator token between the digits and their sorted copy. */
    static final int SEP = 10;
    /** Digits 0..9 and the separator. */
    static final int VOCAB = 11;
    /** Tokens the model reads: the digits, the separator and all sorted digits but the last. */
    static final int TIME = 2 * LENGTH;

    private final int[][] heldOut;
    private final Set<Long> heldOutKeys = new HashSet<>();
    private final Random training;
    private long rejected;

    /**
     * A task with a held-out set of the given size.
     *
     * @param heldOutSize how many distinct held-out sequences
     * @param seed the seed of both the held-out set and the training stream
     */
    SortingTask(int heldOutSize, long seed) {
        Random r = new Random(seed);
        heldOut = new int[heldOutSize][];
        for (int i = 0; i < heldOutSize; i++) {
            int[] digits = randomDigits(r);
            while (!heldOutKeys.add(key(digits))) {
                digits = randomDigits(r);
            }
            heldOut[i] = digits;
        }
        training = new Random(seed ^ 0x5DEECE66DL);
    }

    /** @return the held-out sequences' digits (unsorted), one row each */
    int[][] heldOut() {
        return heldOut;
    }

    /** @return how many training draws were rejected because they were held out */
    long rejected() {
        return rejected;
    }

    /**
     * Fresh training sequences, none of them held out.
     *
     * @param n how many
     * @return their digits (unsorted), one row each
     */
    int[][] trainingRows(int n) {
        int[][] rows = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] digits = randomDigits(training);
            while (heldOutKeys.contains(key(digits))) {
                rejected++;
                digits = randomDigits(training);
            }
            rows[i] = digits;
        }
        return rows;
    }

    /** @return whether the digits are one of the held-out sequences */
    boolean isHeldOut(int[] digits) {
        return heldOutKeys.contains(key(digits));
    }

    /**
     * The decoder's inputs and targets under teacher forcing.
     *
     * @param rows digit rows
     * @return {@code {ids [n, TIME], targets [n * LENGTH]}}: the ids hold the true sorted prefix
     */
    static Tensor[] teacherForced(int[][] rows) {
        int n = rows.length;
        double[] ids = new double[n * TIME];
        double[] targets = new double[n * LENGTH];
        for (int i = 0; i < n; i++) {
            int[] sorted = rows[i].clone();
            Arrays.sort(sorted);
            for (int t = 0; t < LENGTH; t++) {
                ids[i * TIME + t] = rows[i][t];
                targets[i * LENGTH + t] = sorted[t];
            }
            ids[i * TIME + LENGTH] = SEP;
            for (int t = 0; t < LENGTH - 1; t++) {
                ids[i * TIME + LENGTH + 1 + t] = sorted[t];
            }
        }
        return new Tensor[] {Tensor.fromArray(ids, n, TIME), Tensor.fromArray(targets, n * LENGTH)};
    }

    /** The digits sorted, the answer a model must give. */
    static int[] sorted(int[] digits) {
        int[] s = digits.clone();
        Arrays.sort(s);
        return s;
    }

    private static int[] randomDigits(Random r) {
        int[] d = new int[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            d[t] = r.nextInt(10);
        }
        return d;
    }

    /** The digits read as one decimal number: distinct sequences have distinct keys. */
    private static long key(int[] digits) {
        long k = 0;
        for (int d : digits) {
            k = k * 10 + d;
        }
        return k;
    }
}
