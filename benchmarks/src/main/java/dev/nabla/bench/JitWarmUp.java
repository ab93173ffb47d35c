// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * A warm-up that ends when the JIT has settled, not after a fixed time: it repeats an action until
 * the JVM's compilers spent no time during the last {@code quietCalls} calls and the last second.
 *
 * <p>Why: compiling a 10k-node graph ran 57-102 ms per call for several seconds and 9-14 ms after,
 * on a 2-core AMD EPYC (Zen 5), because the hot methods of the compiler were still being compiled
 * by C2 while JMH's fixed 3 s warm-up had already ended. A slow plateau looks steady to any rule
 * that reads only the timings; the JIT's own clock tells when compilation has stopped.
 *
 * @param firstMs the first call's time in ms, the cold figure: what a fresh JVM pays once
 * @param calls the calls made, the first included
 * @param seconds how long the warm-up took
 * @param settled whether the JIT was quiet at the end, false when the time cap ended it
 */
record JitWarmUp(double firstMs, int calls, double seconds, boolean settled) {

    /** How long the JIT must have been quiet as well: 20 calls of a 30 µs workload are no test of it. */
    private static final long QUIET_NANOS = 1_000_000_000L;

    /**
     * Runs {@code action} until the JIT has compiled nothing during {@code quietCalls} calls in a
     * row and for at least a second, or until {@code capSeconds} have passed.
     *
     * @param action the work to warm up
     * @param quietCalls how many consecutive calls must pass without JIT activity
     * @param capSeconds the most time the warm-up may take
     * @return the first call's time and how the warm-up ended
     */
    static JitWarmUp run(Runnable action, int quietCalls, double capSeconds) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            throw new IllegalStateException("JitWarmUp: this JVM does not report its JIT's compilation time");
        }
        long start = System.nanoTime();
        action.run();
        double firstMs = (System.nanoTime() - start) / 1e6;
        long cap = start + (long) (capSeconds * 1e9);
        int calls = 1;
        int quiet = 0;
        long jitMs = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (!(quiet >= quietCalls && System.nanoTime() - quietSince >= QUIET_NANOS) && System.nanoTime() < cap) {
            action.run();
            calls++;
            long now = jit.getTotalCompilationTime();
            if (now != jitMs) {
                quiet = 0;
                quietSince = System.nanoTime();
            } else {
                quiet++;
            }
            jitMs = now;
        }
        boolean settled = quiet >= quietCalls && System.nanoTime() - quietSince >= QUIET_NANOS;
        return new JitWarmUp(firstMs, calls, (System.nanoTime() - start) / 1e9, settled);
    }

    /**
     * One line in {@code benchmarks/compare}'s report format.
     *
     * @param name the workload's name
     * @return the line, such as {@code compile_10k_warmup first_ms=412.0 calls=230 seconds=9.1 settled=true}
     */
    String line(String name) {
        return String.format(java.util.Locale.ROOT, "%s_warmup first_ms=%.1f calls=%d seconds=%.1f settled=%b",
                name, firstMs, calls, seconds, settled);
    }
}
