// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up's two ways to end, and the line compare reads. Not timed. */
class JitWarmUpTest {
    @Test
    void aCapOfZeroEndsAfterTheFirstCallUnsettled() {
        AtomicInteger calls = new AtomicInteger();
        JitWarmUp w = JitWarmUp.run(calls::incrementAndGet, 5, 0);
        assertEquals(1, calls.get());
        assertEquals(1, w.calls());
        assertFalse(w.settled());
    }

    @Test
    void anActionTheJitIsDoneWithSettlesAfterTheQuietCalls() {
        AtomicInteger calls = new AtomicInteger();
        JitWarmUp w = JitWarmUp.run(calls::incrementAndGet, 50, 60);
        assertTrue(w.settled(), w.line("counter"));
        assertEquals(calls.get(), w.calls());
        assertTrue(w.calls() >= 51, w.line("counter"));
    }

    @Test
    void theLineIsInTheReportsFormat() {
        String line = new JitWarmUp(412.04, 230, 9.12, true).line("compile_10k");
        assertEquals("compile_10k_warmup first_ms=412.0 calls=230 seconds=9.1 settled=true", line);
    }
}
