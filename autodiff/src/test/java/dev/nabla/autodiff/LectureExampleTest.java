// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lecture's worked backpropagation example: x=1, w1=0.5, w2=-1, y=1, sigmoid hidden unit. */
class LectureExampleTest {
    @Test
    void forwardValuesAndGradientsMatchTheLecture() {
        Graph g = new Graph();
        Node x = g.input("x");
        Node y = g.input("y");
        Node w1 = g.param("w1");
        Node w2 = g.param("w2");
        Node z1 = x.mul(w1).neg().exp().add(1.0).recip().named("z1");
        Node yhat = z1.mul(w2).named("yhat");
        Node loss = yhat.sub(y).square().mul(0.5).named("L");
        List<Node> grads = Grad.grad(loss, List.of(w2, w1), Grad.Unused.ERROR);

        ParamStore store = new ParamStore().put("w1", Tensor.scalar(0.5)).put("w2", Tensor.scalar(-1.0));
        List<Tensor> out = new Session(store).run(Map.of(x, Tensor.scalar(1.0), y, Tensor.scalar(1.0)),
                z1, loss, grads.get(0), grads.get(1));

        assertEquals(0.6225, out.get(0).item(), 5e-5);
        assertEquals(1.3162, out.get(1).item(), 5e-5);
        assertEquals(-1.0099, out.get(2).item(), 5e-5);
        assertEquals(0.3813, out.get(3).item(), 5e-5);
        // The chain rule written out: dL/dw2 = (yhat - y) z1, dL/dw1 = (yhat - y) w2 z1 (1 - z1) x.
        double s = 1 / (1 + Math.exp(-0.5));
        double r = s * -1.0 - 1.0;
        assertEquals(r * s, out.get(2).item(), 1e-15);
        assertEquals(r * -1.0 * s * (1 - s), out.get(3).item(), 1e-15);
    }

    @Test
    void gradCheckPassesOnTheLectureNetwork() {
        GradCheck.assertPasses(v -> {
            Node z1 = v.get(0).mul(v.get(1)).neg().exp().add(1.0).recip();
            return z1.mul(v.get(2)).sub(1.0).square().mul(0.5);
        }, List.of(Tensor.scalar(1.0), Tensor.scalar(0.5), Tensor.scalar(-1.0)));
    }
}
