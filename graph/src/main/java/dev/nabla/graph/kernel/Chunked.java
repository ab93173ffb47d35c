// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * Runs {@link Elementwise}'s loops over whole arrays, cut into fixed chunks that the pool of
 * {@link Parallel} shares out. The chunks depend on the array's length alone, never on the
 * thread count, so no loop ever sees other ranges on more threads.
 *
 * <p>Usage: {@code Chunked.run(Elementwise.unary(Math::exp), x, y, ctx.threads());}
 */
public final class Chunked {
    /** Elements per chunk; an array shorter than two chunks is one range on the caller's thread. */
    static final int CHUNK = 1 << 15;

    private Chunked() {}

    /**
     * Runs a unary loop over whole arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param x the operand
     * @param y the output, as long as {@code x}
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map1 loop, double[] x, double[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(x, y, from, to));
    }

    /**
     * Runs a unary loop over whole float32 arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param x the operand
     * @param y the output, as long as {@code x}
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map1 loop, float[] x, float[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(x, y, from, to));
    }

    /**
     * Runs a binary loop over whole arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param a the first operand
     * @param b the second operand
     * @param y the output, as long as the operands
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map2 loop, double[] a, double[] b, double[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(a, b, y, from, to));
    }

    /**
     * Runs a binary loop over whole float32 arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param a the first operand
     * @param b the second operand
     * @param y the output, as long as the operands
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map2 loop, float[] a, float[] b, float[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(a, b, y, from, to));
    }

    /**
     * Runs the selection loop over whole arrays, in parallel chunks when they are large.
     *
     * @param loop the loop, {@link #select()}
     * @param c the condition
     * @param a where c is not zero
     * @param b where c is zero
     * @param y the output, as long as the operands
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map3 loop, double[] c, double[] a, double[] b, double[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(c, a, b, y, from, to));
    }

    /**
     * Runs the selection loop over whole float32 arrays, in parallel chunks when they are large.
     *
     * @param loop the loop, {@link #select()}
     * @param c the condition
     * @param a where c is not zero
     * @param b where c is zero
     * @param y the output, as long as the operands
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map3 loop, float[] c, float[] a, float[] b, float[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(c, a, b, y, from, to));
    }

    /**
     * Runs a binary loop with one scalar operand over a whole array, in parallel chunks when large.
     *
     * @param loop the loop
     * @param a the array operand
     * @param s the scalar operand
     * @param scalarFirst whether {@code s} is the first operand
     * @param y the output, as long as {@code a}
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map2 loop, double[] a, double s, boolean scalarFirst, double[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(a, s, scalarFirst, y, from, to));
    }

    /**
     * Runs a binary loop with one scalar operand over a whole float32 array, in parallel chunks when large.
     *
     * @param loop the loop
     * @param a the array operand
     * @param s the scalar operand
     * @param scalarFirst whether {@code s} is the first operand
     * @param y the output, as long as {@code a}
     * @param threads how many threads may work on it
     */
    public static void run(Elementwise.Map2 loop, float[] a, float s, boolean scalarFirst, float[] y, int threads) {
        chunks(y.length, threads, (from, to) -> loop.apply(a, s, scalarFirst, y, from, to));
    }

    /** A range {@code [from, to)} of a loop. */
    public interface Range {
        /**
         * Runs the loop on one range.
         *
         * @param from first index
         * @param to one past the last index
         */
        void run(int from, int to);
    }

    /**
     * Runs {@code [0, n)} in chunks of {@link #CHUNK} (one chunk when small) over the pool. The
     * chunks depend on n alone, and one thread runs the same chunks in order, so the thread count
     * never changes which ranges a loop sees.
     *
     * @param n how many elements
     * @param threads how many threads may work on it
     * @param body what runs on each chunk
     */
    public static void chunks(int n, int threads, Range body) {
        if (n < 2 * CHUNK) {
            body.run(0, n);
            return;
        }
        Parallel.forEach(threads, (n + CHUNK - 1) / CHUNK, c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }
}
