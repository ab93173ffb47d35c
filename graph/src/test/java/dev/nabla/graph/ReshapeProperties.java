// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.WithQuickTheories;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Reshape keeps the row-major elements and round-trips exactly. */
class ReshapeProperties implements WithQuickTheories {
    private static final long SEED = 0x5EED_2E5AL;
    private static final int EXAMPLES = 200;

    /**
     * A tensor, the shape to reshape it to, and the dims asked for: the target's, with one size
     * sometimes replaced by {@link Shape#UNKNOWN} (NumPy's -1) for reshape to infer.
     */
    record Case(Tensor x, Shape target, List<Integer> request) {
        int[] requestDims() {
            return request.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String toString() {
            return "x " + x.shape() + " = " + x + ", target " + target + " requested as " + request;
        }
    }

    @Test
    void reshapeThenReshapeBackIsIdentity() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases())
                .checkAssert(c -> {
                    Graph g = new Graph();
                    Node x = g.input("x", c.x().shape().dims());
                    Node y = x.reshape(c.requestDims());
                    Node back = y.reshape(c.x().shape().dims());
                    List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, c.x()), y, back);
                    assertEquals(c.target(), y.shape(), () -> "inferred shape for " + c);
                    assertEquals(c.target(), out.get(0).shape(), () -> "run-time shape for " + c);
                    assertArrayEquals(c.x().toArray(), out.get(0).toArray(), () -> "row-major elements for " + c);
                    assertEquals(c.x(), out.get(1), () -> "round trip for " + c);
                });
    }

    @Test
    void tensorReshapeRoundTrips() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases())
                .checkAssert(c -> {
                    Tensor y = c.x().reshape(c.target().dims());
                    assertEquals(c.target(), y.shape(), () -> "shape for " + c);
                    assertArrayEquals(c.x().toArray(), y.toArray(), () -> "row-major elements for " + c);
                    assertEquals(c.x(), y.reshape(c.x().shape().dims()), () -> "round trip for " + c);
                });
    }

    /** A tensor of rank 0 to 4, and a random factoring of its size, sometimes with one size left to infer. */
    private static Gen<Case> cases() {
        Gen<Tensor> tensors = Gens.tensors(Gens.shapes(0, 4, 1, 4), -1, 1);
        Gen<Integer> coin = Generate.range(0, 2);
        return rs -> {
            Tensor x = tensors.generate(rs);
            Shape target = Gens.factorings(x.size(), 4).generate(rs);
            int[] request = target.dims();
            if (request.length > 0 && coin.generate(rs) == 0) {
                request[Generate.range(0, request.length - 1).generate(rs)] = Shape.UNKNOWN;
            }
            return new Case(x, target, Arrays.stream(request).boxed().toList());
        };
    }
}
