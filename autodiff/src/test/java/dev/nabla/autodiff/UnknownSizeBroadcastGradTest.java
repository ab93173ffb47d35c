// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An input whose size is unknown when the graph is built, broadcast against a known size: the
 * broadcast's rule is cut at build time, so if the run feeds size 1 (a real stretch) the gradient
 * cannot be summed as the forward pass stretched it. It must then fail by name, never come out
 * in the wrong shape; fed the full size, it is exact.
 */
class UnknownSizeBroadcastGradTest {
    @Test
    void fedTheFullSizeTheGradientIsExactAndFedOneItIsANamedErrorNotAWrongShape() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node c = g.constant(Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        Node y = x.mul(c).sum();
        Node dx = Grad.grad(y, x);
        Session s = new Session(new ParamStore());

        List<Tensor> full = s.run(Map.of(x, Tensor.ones(2, 3)), dx);
        assertEquals(Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), full.get(0));

        EvaluationException e = assertThrows(EvaluationException.class, () -> s.run(Map.of(x, Tensor.ones(1, 3)), dx));
        assertEquals(true, e.getMessage().contains("cannot expand [2, 3] to [1, 3]: axis 0 has size 2, and expand stretches"), e.getMessage());
        // The forward value alone is fine: only the gradient needs the sizes the rule was cut for.
        assertEquals(21.0, s.run(Map.of(x, Tensor.ones(1, 3)), y).get(0).item());
    }
}
