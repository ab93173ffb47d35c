// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.FloatMath;
import dev.nabla.graph.kernel.ScalarMath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run in a JVM started without the Vector API (a surefire execution of its own): the scalar loops take over. */
class WithoutTheModuleTest {
    @Test
    void theBackendDeclinesWithAMessageAndTheScalarLoopsRun() {
        assertFalse(VectorApiMath.available());
        IllegalStateException e = assertThrows(IllegalStateException.class, VectorApiMath::new);
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        assertEquals("scalar", Elementwise.vectorBackend());

        Graph g = new Graph();
        Node x = g.input("x", 3);
        Tensor out = new Session(new ParamStore()).compile(x.tanh())
                .run(Map.of(x, Tensor.of(Shape.of(3), -2, 0.25, 3))).get(0);
        assertEquals(ScalarMath.tanh(0.25), out.get(1));

        // float32: FloatMath's scalar loop, the bits the vector loops give with the module.
        Graph f = new Graph(DType.FLOAT32);
        Node xf = f.input("x", 3);
        Tensor narrow = new Session(new ParamStore()).compile(xf.tanh())
                .run(Map.of(xf, Tensor.of(Shape.of(3), -2, 0.25, 3).to(DType.FLOAT32))).get(0);
        assertEquals(FloatMath.tanh(0.25f), (float) narrow.get(1));
    }
}
