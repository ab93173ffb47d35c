// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.graph.kernel.Parallel;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnceWhateverTheThreadCount() {
        for (int threads = 1; threads <= 4; threads++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            Parallel.forEach(threads, 1000, runs::incrementAndGet);
            int[] expected = new int[1000];
            java.util.Arrays.fill(expected, 1);
            int[] got = new int[1000];
            for (int i = 0; i < got.length; i++) {
                got[i] = runs.get(i);
            }
            assertArrayEquals(expected, got, "threads=" + threads);
        }
    }

    @Test
    void aFailingTaskReachesTheCaller() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(2, 64, i -> {
            if (i == 37) {
                throw new IllegalArgumentException("task 37");
            }
        }));
        assertEquals("task 37", e.getMessage());
    }

    @Test
    void nestedCallsRunInline() {
        AtomicIntegerArray runs = new AtomicIntegerArray(16 * 16);
        Parallel.forEach(2, 16, i -> Parallel.forEach(2, 16, j -> runs.incrementAndGet(i * 16 + j)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void aSessionRefusesZeroThreads() {
        NablaException e = assertThrows(NablaException.class, () -> new Session(new ParamStore()).threads(0));
        assertEquals("Session.threads: expected at least 1 thread, got 0", e.getMessage());
    }

    /**
     * A slow task on a helper must finish before {@code forEach} returns. {@code Future.cancel}
     * succeeds on a running task, so waiting only for helpers it failed to cancel returned early.
     */
    @Test
    void returnsOnlyWhenEveryTaskHasFinished() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray done = new AtomicIntegerArray(2);
            Parallel.forEach(2, 2, i -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.set(i, 1);
            });
            assertEquals(1, done.get(0), "round " + round);
            assertEquals(1, done.get(1), "round " + round);
        }
    }
}
