// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Determinism that does not depend on the CPU: OpenBLAS must receive exactly the same calls (m,
 * n, k, offsets, leading dimensions, transposes) whether a product runs on 1, 2, 3 or 8 threads.
 * Whatever kernels a CPU's OpenBLAS then picks for those calls, it picks the same ones, so the
 * bits cannot depend on the thread count. The bit-for-bit tests in {@link OpenBlasGemmTest} only
 * show it on this machine's CPU; this log shows it for every CPU.
 */
class SameCallsOnAnyThreadCountTest {
    private static final int[] THREADS = {1, 2, 3, 8};
    private static final int RANDOM_SHAPES = 200;
    /** Calls sorted by where they write C, so the order in which threads made them does not count. */
    private static final Comparator<BlockGrid.Call> BY_PLACE =
            Comparator.comparingLong(BlockGrid.Call::c).thenComparing(BlockGrid.Call::toString);

    @Test
    void theTestedShapesAndRandomOnesGiveTheSameCallsOnAnyThreadCount() {
        Random r = new Random(16);
        List<int[]> shapes = new ArrayList<>(Arrays.asList(OpenBlasGemmTest.SHAPES));
        for (int i = 0; i < RANDOM_SHAPES; i++) {
            shapes.add(new int[] {1 + r.nextInt(1200), 1 + r.nextInt(1200), 1 + r.nextInt(300), r.nextInt(2), r.nextInt(2)});
        }
        int split = 0;
        for (int[] s : shapes) {
            double[] a = r.doubles((long) s[0] * s[2], -1, 1).toArray();
            double[] b = r.doubles((long) s[2] * s[1], -1, 1).toArray();
            List<BlockGrid.Call> one = calls(gemm -> OpenBlasGemmTest.product(gemm, s, a, b, 1));
            split += one.size() > 1 ? 1 : 0;
            for (int threads : THREADS) {
                assertEquals(one, calls(gemm -> OpenBlasGemmTest.product(gemm, s, a, b, threads)),
                        Arrays.toString(s) + " float64: 1 and " + threads + " threads make different calls");
            }
            float[] fa = Backends.floats(r, (long) s[0] * s[2]);
            float[] fb = Backends.floats(r, (long) s[2] * s[1]);
            List<BlockGrid.Call> oneFloat = calls(gemm -> OpenBlasGemmTest.product(gemm, s, fa, fb, 1));
            for (int threads : THREADS) {
                assertEquals(oneFloat, calls(gemm -> OpenBlasGemmTest.product(gemm, s, fa, fb, threads)),
                        Arrays.toString(s) + " float32: 1 and " + threads + " threads make different calls");
            }
        }
        // The test means something only if many products are cut into several blocks.
        assertTrue(split > shapes.size() / 2, () -> "too few products were cut into blocks");
    }

    /** Every call the product makes, sorted by the block of C it writes. */
    private static List<BlockGrid.Call> calls(Consumer<OpenBlasGemm> product) {
        Backends.openBlas();
        ConcurrentLinkedQueue<BlockGrid.Call> log = new ConcurrentLinkedQueue<>();
        product.accept(new OpenBlasGemm(log::add));
        List<BlockGrid.Call> sorted = new ArrayList<>(log);
        sorted.sort(BY_PLACE);
        return sorted;
    }

    @Test
    void gridsCoverCOnceWithAlignedPowerOfTwoBlocks() {
        Random r = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            int m = 1 + r.nextInt(5000);
            int n = 1 + r.nextInt(5000);
            int k = 1 + r.nextInt(2000);
            int align = r.nextBoolean() ? 8 : 16;
            BlockGrid g = BlockGrid.of(m, n, k, align);
            int d = g.rows() ? m : n;
            String what = m + "x" + n + "x" + k + " align " + align + ": " + g;
            assertEquals(m >= n, g.rows(), what);
            assertTrue(g.count() >= 1 && g.count() <= BlockGrid.MAX_BLOCKS, what);
            assertTrue(g.count() == 1 || g.size() % align == 0, what);
            assertTrue((g.count() - 1) * g.size() < d && g.count() * g.size() >= d, what);
            assertTrue(g.count() == 1 || g.size() >= BlockGrid.MIN_BLOCK, what);
            long covered = 0;
            for (int t = 0; t < g.count(); t++) {
                BlockGrid.Call call = g.call(t, false, false, m, n, k);
                covered += (long) call.m() * call.n();
                assertEquals(g.rows() ? (long) t * g.size() * n : (long) t * g.size(), call.c(), what);
            }
            assertEquals((long) m * n, covered, what);
        }
        assertEquals(1, BlockGrid.of(32, 10, 256, 8).count(), "too small to share");
        assertEquals(8, BlockGrid.of(1024, 1024, 1024, 8).count());
        assertEquals(2, BlockGrid.of(32, 256, 784, 8).count(), "a batch of 32 through a 256-wide layer: two column blocks");
    }
}
