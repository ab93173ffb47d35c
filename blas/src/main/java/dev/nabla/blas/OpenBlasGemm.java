// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import dev.nabla.graph.kernel.Gemm;
import dev.nabla.graph.kernel.GemmBackend;
import dev.nabla.graph.kernel.Parallel;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The matrix product by OpenBLAS's {@code cblas_dgemm} and {@code cblas_sgemm}, a
 * {@link GemmBackend} that {@link java.util.ServiceLoader} finds once this module is on the class
 * path. Both dtypes take the one path below; {@code Dtype} holds what differs.
 *
 * <p>Operands are copied into off-heap buffers that are kept and reused, because OpenBLAS reads
 * Java arrays only through a fresh native copy per call, and fresh memory costs a third of the
 * speed at n = 1024. Transposed operands are passed with {@code CblasTrans}, never copied
 * transposed. OpenBLAS itself runs on one thread: the product is cut into blocks of rows or
 * columns of C by a {@link BlockGrid} that depends on the shape alone, and the blocks are shared
 * over {@link Parallel}'s pool. So OpenBLAS receives the same calls on any thread count, and the
 * result is the same bits on one thread or many, on whatever CPU, which OpenBLAS's own threads do
 * not promise. {@code OpenBlasGemmTest} records the calls on 1, 2, 3 and 8 threads to prove it.
 *
 * <p>If the native library cannot load (another platform, no writable cache directory), the
 * constructor throws {@link IllegalStateException} naming the cause, so
 * {@link java.util.ServiceLoader} reports a {@link java.util.ServiceConfigurationError} and Nabla
 * keeps its Java kernels; {@link #available()} tells beforehand without throwing.
 *
 * <p>Usage: {@code if (OpenBlasGemm.available()) new OpenBlasGemm().gemm(a, 0, false, b, 0, false, c, 0, m, n, k, 1);}
 */
public final class OpenBlasGemm implements GemmBackend {
    /** Buffers not in use; a call takes one set and gives it back, so there are as many as concurrent calls. */
    private static final ConcurrentLinkedDeque<Scratch> IDLE = new ConcurrentLinkedDeque<>();
    /** Sees every block's call; does nothing but in tests. */
    private final Consumer<BlockGrid.Call> observer;

    /**
     * Creates the backend, loading OpenBLAS if that has not happened yet.
     *
     * @throws IllegalStateException if the native library cannot be loaded; the cause says why
     */
    public OpenBlasGemm() {
        this(call -> { });
    }

    /**
     * Creates the backend with an observer that sees every cblas call before it is made, so a
     * test can check that the calls do not depend on the thread count.
     *
     * @param observer told of each block's call, from the thread that makes it
     */
    OpenBlasGemm(Consumer<BlockGrid.Call> observer) {
        this.observer = observer;
        Throwable failure = Native.FAILURE;
        if (failure != null) {
            throw new IllegalStateException("OpenBLAS could not be loaded (" + failure
                    + "); Nabla keeps its Java matrix product", failure);
        }
    }

    /**
     * Tells whether OpenBLAS loaded, loading it on the first call; never throws.
     *
     * @return true if {@link #OpenBlasGemm()} will succeed
     */
    public static boolean available() {
        return Native.FAILURE == null;
    }

    /**
     * Why OpenBLAS did not load, for diagnostics.
     *
     * @return the error from loading, or null if it loaded
     */
    public static Throwable loadFailure() {
        return Native.FAILURE;
    }

    /** Names this backend for logs and benchmarks. @return {@code "openblas"} */
    @Override
    public String name() {
        return "openblas";
    }

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} by {@code cblas_dgemm}, overwriting C, with
     * the layout of {@link dev.nabla.graph.kernel.Gemm#gemm}.
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads 1 to run on the caller's thread, more to share the blocks over
     *     {@link Parallel}'s pool; the result does not depend on it
     */
    @Override
    public void gemm(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
            double[] c, int cOff, int m, int n, int k, int threads) {
        // cblas would reject lda = 0 for an empty sum and leave C as it was.
        if (!Gemm.finishedEmpty(c, cOff, m, n, k)) {
            run(Dtype.FLOAT64, a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
        }
    }

    /**
     * Computes {@code C[m,n] = op(A)[m,k] * op(B)[k,n]} by {@code cblas_sgemm}, overwriting C, with
     * the layout of {@link dev.nabla.graph.kernel.Gemm#gemm}. It sums in float32, so it may differ
     * from {@link Gemm#java(float[], int, boolean, float[], int, boolean, float[], int, int, int, int, int)}
     * (which sums in double) by a few float ulps, growing with k.
     *
     * @param a A's storage; row-major {@code [m,k]}, or {@code [k,m]} if {@code transA}
     * @param aOff A's offset
     * @param transA whether A is stored transposed
     * @param b B's storage; row-major {@code [k,n]}, or {@code [n,k]} if {@code transB}
     * @param bOff B's offset
     * @param transB whether B is stored transposed
     * @param c C's storage, row-major {@code [m,n]}
     * @param cOff C's offset
     * @param m rows of C
     * @param n columns of C
     * @param k the shared dimension
     * @param threads 1 to run on the caller's thread, more to share the blocks over
     *     {@link Parallel}'s pool; the result does not depend on it
     */
    @Override
    public void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
            float[] c, int cOff, int m, int n, int k, int threads) {
        if (!Gemm.finishedEmpty(c, cOff, m, n, k)) {
            run(Dtype.FLOAT32, a, aOff, transA, b, bOff, transB, c, cOff, m, n, k, threads);
        }
    }

    /** Either product once C is known not to be empty; {@code T} is the array type of {@code dtype}. */
    private <T> void run(Dtype<T> dtype, T a, int aOff, boolean transA, T b, int bOff, boolean transB,
            T c, int cOff, int m, int n, int k, int threads) {
        Scratch idle = IDLE.pollFirst();
        Scratch s = idle != null ? idle : new Scratch();
        try {
            BlockGrid grid = BlockGrid.of(m, n, k, dtype.align());
            Product<T> p = new Product<>(dtype, s, transA, transB, m, n, k, grid, observer);
            s.reserve((long) m * k * dtype.bytes(), (long) k * n * dtype.bytes(), (long) m * n * dtype.bytes());
            int count = grid.count();
            if (count == 1) {
                s.load(dtype, 0, 1, a, aOff, m * k, b, bOff, k * n);
                p.block(0);
                p.store(0, c, cOff);
            } else {
                // The copies are a large share of a small product (1.6 MB of W for a batch of 32),
                // so each thread copies a slice of the operands, then computes and stores its block.
                Parallel.forEach(threads, count, t -> s.load(dtype, t, count, a, aOff, m * k, b, bOff, k * n));
                Parallel.forEach(threads, count, t -> {
                    p.block(t);
                    p.store(t, c, cOff);
                });
            }
        } finally {
            IDLE.offerFirst(s);
        }
    }

    /**
     * One product over a scratch set, callable per block from any thread: blocks write disjoint
     * parts of C. Offsets are in elements until {@link #at} turns them into addresses.
     */
    private record Product<T>(Dtype<T> dtype, Scratch s, boolean transA, boolean transB, int m, int n, int k,
            BlockGrid grid, Consumer<BlockGrid.Call> observer) {
        void block(int t) {
            BlockGrid.Call call = grid.call(t, transA, transB, m, n, k);
            observer.accept(call);
            dtype.gemm(call.transA(), call.transB(), call.m(), call.n(), call.k(), at(s.a, call.a()), call.lda(),
                    at(s.b, call.b()), call.ldb(), at(s.c, call.c()), call.ldc());
        }

        /** Copies block t of C back to the caller's array: one run of rows, or a column strip row by row. */
        void store(int t, T out, int outOff) {
            int from = t * grid.size();
            if (grid.rows()) {
                int rows = Math.min(grid.size(), m - from);
                dtype.get(at(s.c, (long) from * n), out, outOff + from * n, rows * n);
                return;
            }
            int cols = Math.min(grid.size(), n - from);
            for (int r = 0; r < m; r++) {
                dtype.get(at(s.c, (long) r * n + from), out, outOff + r * n + from, cols);
            }
        }

        private long at(Pointer base, long offset) {
            return base.address() + offset * dtype.bytes();
        }
    }

    /**
     * What the double and float products differ in: the element's size, the copies between Java
     * arrays and scratch memory, and the cblas routine. Everything else (blocks, scratch, threads)
     * is one code path for both.
     *
     * @param <T> the Java array type, {@code double[]} or {@code float[]}
     */
    private interface Dtype<T> {
        Dtype<double[]> FLOAT64 = new Dtype<>() {
            public int bytes() {
                return Double.BYTES;
            }

            public int align() {
                return 8;
            }

            public void put(long to, double[] from, int off, int len) {
                new DoubleView(to, len).put(from, off, len);
            }

            public void get(long from, double[] to, int off, int len) {
                new DoubleView(from, len).get(to, off, len);
            }

            public void gemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b, int ldb,
                    long c, int ldc) {
                openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB),
                        m, n, k, 1.0, new DoubleView(a, 0), lda, new DoubleView(b, 0), ldb,
                        0.0, new DoubleView(c, 0), ldc);
            }
        };

        Dtype<float[]> FLOAT32 = new Dtype<>() {
            public int bytes() {
                return Float.BYTES;
            }

            public int align() {
                return 16;
            }

            public void put(long to, float[] from, int off, int len) {
                new FloatView(to, len).put(from, off, len);
            }

            public void get(long from, float[] to, int off, int len) {
                new FloatView(from, len).get(to, off, len);
            }

            public void gemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b, int ldb,
                    long c, int ldc) {
                openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB),
                        m, n, k, 1.0f, new FloatView(a, 0), lda, new FloatView(b, 0), ldb,
                        0.0f, new FloatView(c, 0), ldc);
            }
        };

        /** Tells how many bytes one element of this type takes. @return the size of one element in bytes */
        int bytes();

        /**
         * Tells how many elements a block of C is rounded to.
         *
         * @return the multiple that blocks of C keep: one 512-bit vector of elements, so that no
         *     block but the last ends in a ragged edge tile on any x86 CPU up to AVX-512
         */
        int align();

        /** Copies {@code len} elements of {@code from}, starting at {@code off}, to the memory at address {@code to}. */
        void put(long to, T from, int off, int len);

        /** Copies {@code len} elements from the memory at address {@code from} into {@code to}, starting at {@code off}. */
        void get(long from, T to, int off, int len);

        /** One single-threaded row-major {@code C = op(A)·op(B)} on scratch memory, given by addresses. */
        void gemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b, int ldb,
                long c, int ldc);

        private static int trans(boolean t) {
            return t ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        }
    }

    /**
     * A window onto scratch memory that owns nothing. Not {@code new DoublePointer(base)}: that
     * view's proxy deallocator frees the base's memory when the view is collected, while the
     * scratch is still in use. The length is only for the bounds of {@code put} and {@code get}.
     */
    private static final class DoubleView extends DoublePointer {
        DoubleView(long at, long length) {
            address = at;
            limit = length;
            capacity = length;
        }
    }

    /** A window onto scratch memory that owns nothing, as {@link DoubleView} is. */
    private static final class FloatView extends FloatPointer {
        FloatView(long at, long length) {
            address = at;
            limit = length;
            capacity = length;
        }
    }

    /** Loads the library once, on first use, and remembers why it failed. */
    private static final class Native {
        static final Throwable FAILURE = load();

        private static Throwable load() {
            try {
                Loader.load(openblas_nolapack.class);
                // Threads come from Nabla's pool, which shares out the blocks of a BlockGrid.
                org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
                return null;
            } catch (Throwable e) {
                // UnsatisfiedLinkError, NoClassDefFoundError, or an I/O error extracting the library.
                return e;
            }
        }
    }

    /**
     * One call's off-heap operands, as raw bytes that either dtype can use, grown when too small
     * and never freed while in the pool.
     */
    private static final class Scratch {
        Pointer a;
        Pointer b;
        Pointer c;
        private long aCap;
        private long bCap;
        private long cCap;

        void reserve(long aBytes, long bBytes, long cBytes) {
            if (aCap < aBytes) {
                a = grow(a, aBytes);
                aCap = aBytes;
            }
            if (bCap < bBytes) {
                b = grow(b, bBytes);
                bCap = bBytes;
            }
            if (cCap < cBytes) {
                c = grow(c, cBytes);
                cCap = cBytes;
            }
        }

        /** Copies slice {@code t} of {@code slices} equal slices of both operands; slices may be copied concurrently. */
        <T> void load(Dtype<T> dtype, int t, int slices, T aArr, int aOff, int aLen, T bArr, int bOff, int bLen) {
            copySlice(dtype, a, aArr, aOff, aLen, t, slices);
            copySlice(dtype, b, bArr, bOff, bLen, t, slices);
        }

        private static <T> void copySlice(Dtype<T> dtype, Pointer to, T from, int off, int len, int t, int slices) {
            int lo = (int) ((long) len * t / slices);
            int hi = (int) ((long) len * (t + 1) / slices);
            dtype.put(to.address() + (long) lo * dtype.bytes(), from, off + lo, hi - lo);
        }

        private static Pointer grow(Pointer old, long bytes) {
            if (old != null) {
                old.close();
            }
            return new BytePointer(bytes);
        }
    }
}
