// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import org.junit.jupiter.api.Test;

/** Tensor's one grant of its storage: nobody can install another, and each type refuses the other's accessor. */
class BuffersTest {
    @Test
    void aSecondGrantIsRefused() {
        Tensor.zeros(1);   // Tensor has granted by now, whichever class loaded first
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Buffers.install(t -> null, (s, a) -> null));
        assertTrue(e.getMessage().contains("already granted"), e.getMessage());
        assertEquals(0.0, Buffers.doubles(Tensor.zeros(1))[0], "the first grant still serves");
    }

    @Test
    void eachTypeRefusesTheOthersAccessorAndSharingCopiesNothing() {
        Tensor d = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor f = d.to(DType.FLOAT32);
        assertTrue(assertThrows(IllegalStateException.class, () -> Buffers.floats(d)).getMessage()
                .contains("float64 tensor of shape [2, 2] reached a float32 kernel"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Buffers.doubles(f)).getMessage()
                .contains("float32 tensor of shape [2, 2] reached a float64 kernel"));
        Tensor flat = Buffers.share(d, Shape.of(4));
        assertSame(Buffers.doubles(d), Buffers.doubles(flat));
        assertArrayEquals(new float[] {1, 2, 3, 4}, Buffers.floats(f));
        assertArrayEquals(new float[4], Buffers.floats(Buffers.zeros(DType.FLOAT32, Shape.of(4))));
        assertEquals(3.0, Buffers.at(f, 2));
    }
}
