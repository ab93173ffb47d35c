// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

/**
 * How a product is cut into blocks of rows or columns of C, each one single-threaded cblas call.
 * The grid is a function of the shape and the element type alone, never of the thread count:
 * threads only decide who runs which block, and one thread runs the same blocks in order. So
 * every call OpenBLAS receives, and with it every kernel OpenBLAS picks for it, is the same on
 * any thread count, whatever CPU that is; the result is then the same bits on 1 or N threads
 * by construction. (OpenBLAS picks its kernels, small-matrix paths and edge tiles by a call's
 * m, n and k, and on AVX-512 they sum in different orders, so a grid that followed the thread
 * count changed bits there.)
 *
 * @param count how many blocks
 * @param size rows or columns per block, the last block taking what is left
 * @param rows whether blocks are rows of C (else columns)
 */
record BlockGrid(int count, int size, boolean rows) {
    /** Below about 64 cubed a product is too small to share between threads: one block. */
    static final long MIN_WORK = 1L << 18;
    /**
     * Fewest rows or columns in a block: each block is its own call, which packs the whole unsplit
     * operand again, so thin blocks pay that many times over (and on one thread too, now that
     * the grid does not follow the thread count).
     */
    static final int MIN_BLOCK = 128;
    /**
     * Most blocks. A power of two, as every count is, so that 2, 4 or 8 threads get equal shares;
     * more blocks would share a product over more cores but cost one thread more packing.
     */
    static final int MAX_BLOCKS = 8;

    /**
     * The grid of a product {@code C[m,n] = op(A)[m,k]·op(B)[k,n]}: cut along the longer side of
     * C into a power-of-two number of blocks, each at least {@link #MIN_BLOCK} wide and, but the
     * last, a multiple of {@code align}.
     *
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param align the multiple block sizes keep, so no block but the last has a ragged edge tile
     * @return the grid
     */
    static BlockGrid of(int m, int n, int k, int align) {
        boolean rows = m >= n;
        int d = rows ? m : n;
        int count = (long) m * n * k < MIN_WORK ? 1 : Integer.highestOneBit(Math.max(1, Math.min(MAX_BLOCKS, d / MIN_BLOCK)));
        int size = ceilDiv(ceilDiv(d, count), align) * align;
        return new BlockGrid(ceilDiv(d, size), size, rows);
    }

    /**
     * The cblas call that computes block {@code t}, with operands at element offsets from the
     * starts of the packed copies of A, B and C.
     *
     * @param t the block
     * @param transA whether A is stored transposed
     * @param transB whether B is stored transposed
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @return the call
     */
    Call call(int t, boolean transA, boolean transB, int m, int n, int k) {
        int from = t * size;
        int width = Math.min(size, (rows ? m : n) - from);
        long a = 0;
        long b = 0;
        long c;
        if (rows) {
            a = transA ? from : (long) from * k;
            c = (long) from * n;
        } else {
            b = transB ? (long) from * k : from;
            c = from;
        }
        // Row-major leading dimensions are the stored row lengths, transposed or not.
        return new Call(transA, transB, rows ? width : m, rows ? n : width, k,
                a, transA ? m : k, b, transB ? k : n, c, n);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /**
     * One row-major single-threaded {@code C = op(A)·op(B)} as cblas receives it; offsets are in
     * elements from the starts of the copies of A, B and C.
     *
     * @param transA whether A is read transposed
     * @param transB whether B is read transposed
     * @param m rows of this block of C
     * @param n columns of this block of C
     * @param k the shared dimension
     * @param a A's offset
     * @param lda A's leading dimension
     * @param b B's offset
     * @param ldb B's leading dimension
     * @param c C's offset
     * @param ldc C's leading dimension
     */
    record Call(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b, int ldb, long c, int ldc) {}
}
