// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link CheckpointCrashTest}: saves a large checkpoint over the same file
 * again and again, each version told apart by its step, and prints {@code saved <step>} after
 * each save returns, until it is killed.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.nabla.nn.io.CheckpointWriterMain <file> <first step> <megabytes>}
 */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {}

    /** Element {@code i} of the big tensor in version {@code step}: exact in float64 for the sizes used. */
    static double value(long step, int i) {
        return step * 1e7 + i;
    }

    /**
     * Saves until killed.
     *
     * @param args the file, the first step, the size in megabytes
     */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long step = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]) * (1 << 20) / Double.BYTES;
        double[] big = new double[n];
        for (; ; step++) {
            for (int i = 0; i < n; i++) {
                big[i] = value(step, i);
            }
            Checkpoint.save(file, Map.of("big", Tensor.fromArray(big), "step", Tensor.scalar(step)),
                    Map.of("step", Long.toString(step)));
            System.out.println("saved " + step);
            System.out.flush();
        }
    }
}
