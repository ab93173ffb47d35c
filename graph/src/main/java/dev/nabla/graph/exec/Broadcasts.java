// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.exec;

import dev.nabla.graph.Shape;
import java.util.Arrays;

/**
 * The broadcasts a {@link FusedChain} reads without filling them: an {@code expand} whose output
 * element {@code i} is the operand's element {@code (i / repeat) % period}. That holds when the
 * operand's axes of more than one element are adjacent, which covers a bias over rows
 * ({@code [1, C]} to {@code [N, C]}), a statistic per row ({@code [N, 1]} to {@code [N, C]}) and
 * one per channel ({@code [1, C, 1, 1]} to {@code [N, C, H, W]}).
 */
final class Broadcasts {
    private Broadcasts() {}

    /**
     * Tells whether expanding {@code x} to {@code y} is periodic whatever sizes the unknown axes
     * take: between the operand's first and last axis that may be longer than 1, no axis is stretched.
     */
    static boolean periodic(Shape x, Shape y) {
        if (x.rank() != y.rank()) {
            return false;
        }
        int[] span = longerAxes(x);
        int first = span[0];
        int last = span[1];
        for (int i = first + 1; i < last; i++) {
            if (x.dim(i) == 1 && y.dim(i) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The period and repeat of a periodic broadcast for concrete shapes.
     *
     * @return {@code {period, repeat}}
     */
    static int[] periodAndRepeat(Shape x, Shape y) {
        int[] span = longerAxes(x);
        int first = span[0];
        int last = span[1];
        if (first < 0) {
            return new int[] {1, 1};
        }
        int period = 1;
        for (int i = first; i <= last; i++) {
            period *= x.dim(i);
        }
        int repeat = 1;
        for (int i = last + 1; i < y.rank(); i++) {
            repeat *= y.dim(i);
        }
        return new int[] {period, repeat};
    }

    /** The first and last axis of {@code x} that may hold more than one element, or -1 and -1. */
    private static int[] longerAxes(Shape x) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < x.rank(); i++) {
            if (x.dim(i) != 1) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return new int[] {first, last};
    }

    /** Fills {@code block[at, at + len)} with the broadcast's elements there. */
    static void read(Object source, int period, int repeat, Object block, int at, int len) {
        if (repeat == 1) {
            readPeriodic(source, period, block, at, len);
            return;
        }
        int i = at;
        int end = at + len;
        while (i < end) {
            int q = i / repeat;
            int n = (int) Math.min(end, (long) (q + 1) * repeat) - i;
            int s = q % period;
            if (block instanceof double[] d) {
                Arrays.fill(d, i, i + n, ((double[]) source)[s]);
            } else {
                Arrays.fill((float[]) block, i, i + n, ((float[]) source)[s]);
            }
            i += n;
        }
    }

    /**
     * {@code block[i] = source[i % period]} over {@code [at, at + len)}: one period copied from its
     * phase, then the filled part copied after itself, doubling, so a short period (a scalar, a
     * few heads) costs a few copies rather than one per element.
     */
    private static void readPeriodic(Object source, int period, Object block, int at, int len) {
        int s = at % period;
        int filled = Math.min(len, period - s);
        System.arraycopy(source, s, block, at, filled);
        if (filled < len) {
            int wrap = Math.min(len - filled, s);
            System.arraycopy(source, 0, block, at + filled, wrap);
            filled += wrap;
        }
        while (filled < len) {
            // block[at, at + filled) is whole periods from the phase, so it repeats as it is.
            int n = Math.min(filled, len - filled);
            System.arraycopy(block, at, block, at + filled, n);
            filled += n;
        }
    }
}
