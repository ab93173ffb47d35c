// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link CheckpointCrashTest}: a training run that resumes after the newest
 * complete checkpoint in a {@link CheckpointDirectory} and saves step after step into it until it
 * is killed. It prints {@code start <step>} once, then {@code saving <step>} before each save and
 * {@code saved <step>} after the save returns.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.nabla.nn.io.CheckpointWriterMain <dir> <megabytes> <keep>}
 */
public final class CheckpointWriterMain {
    /** A pause between saves, standing in for training; kills land in it too. */
    private static final long TRAIN_MILLIS = 10;

    private CheckpointWriterMain() {}

    /**
     * The raw bits of element {@code i} of the big tensor saved at {@code step}: a hash, so every
     * step differs everywhere, and NaNs with payloads, -0.0 and subnormals all turn up.
     */
    static long bits(long step, int i) {
        long z = step * 0x9E37_79B9_7F4A_7C15L + i;  // splitmix64
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        z ^= z >>> 31;
        // Quiet any NaN: a signalling NaN may come back quieted from some CPUs' float moves.
        return (z & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L ? z | 0x0008_0000_0000_0000L : z;
    }

    /** The tensors saved at {@code step}: {@code big} of {@code n} hashed values, and the step itself. */
    static Map<String, Tensor> values(long step, int n) {
        double[] big = new double[n];
        for (int i = 0; i < n; i++) {
            big[i] = Double.longBitsToDouble(bits(step, i));
        }
        return Map.of("big", Tensor.of(Shape.of(n), big), "step", Tensor.scalar(step));
    }

    /**
     * Saves until killed.
     *
     * @param args the directory, the size of a checkpoint in megabytes, how many to keep
     * @throws InterruptedException never: nothing interrupts the main thread
     */
    public static void main(String[] args) throws InterruptedException {
        CheckpointDirectory dir = CheckpointDirectory.open(Path.of(args[0]), Integer.parseInt(args[2]));
        int n = Integer.parseInt(args[1]) * (1 << 20) / Double.BYTES;
        long step = dir.latest().checkpoint().map(CheckpointDirectory.Saved::step).orElse(0L) + 1;
        say("start " + step);
        for (; ; step++) {
            Map<String, Tensor> values = values(step, n);
            say("saving " + step);
            dir.save(step, values, Map.of("step", Long.toString(step)));
            say("saved " + step);
            Thread.sleep(TRAIN_MILLIS);
        }
    }

    /** Prints a line and hands it to the operating system, where a kill cannot take it back. */
    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
