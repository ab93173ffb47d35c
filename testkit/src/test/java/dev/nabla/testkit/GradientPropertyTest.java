// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.CustomOp;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's function checked in a few lines: a right gradient passes, a wrong one is named with its graph. */
class GradientPropertyTest {
    /** {@code x^3} whose rule says {@code 2x^2}: right value, wrong derivative, as a user's custom op might be. */
    private record WrongCube() implements CustomOp {
        @Override
        public String name() {
            return "wrong_cube";
        }

        @Override
        public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            double[] x = in.get(0).toArray();
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * x[i] * x[i];
            }
            return Tensor.of(in.get(0).shape(), x);
        }

        @Override
        public List<Node> vjp(Node y, Node g) {
            Node x = y.input(0);
            return List.of(g.mul(x.square().mul(2.0)));
        }
    }

    @Test
    void aUsersSwishLayerPassesToSecondOrder() {
        GradientProperty.of("swish", xs -> xs.get(0).mul(xs.get(0).sigmoid()))
                .shapes(Shapes.upToRank(2, 4).map(s -> List.of(s)))
                .examples(40)
                .check();
    }

    @Test
    void aLayerWithWeightsIsCheckedInItsWeightsToo() {
        GradientProperty.of("dense tanh", xs -> xs.get(0).matmul(xs.get(1)).add(xs.get(2)).tanh().sum())
                .shapes(Shape.of(3, 4), Shape.of(4, 2), Shape.of(2))
                .examples(20)
                .check();
    }

    @Test
    void aWrongRuleFailsNamingTheFunctionItsGraphAndTheInputs() {
        AssertionError e = assertThrows(AssertionError.class, () ->
                GradientProperty.of("my cube", xs -> xs.get(0).graph().apply(new WrongCube(), xs.get(0)))
                        .domains(Domain.awayFrom(0.0, 0.5))
                        .order(1)
                        .examples(5)
                        .check());
        String m = e.getMessage();
        assertTrue(m.contains("my cube") && m.contains("wrong_cube") && m.contains("graph:") && m.contains("inputs:"), m);
    }

    @Test
    void badSettingsAreRefusedByName() {
        GradientProperty p = GradientProperty.of("f", xs -> xs.get(0));
        assertTrue(assertThrows(NablaException.class, () -> p.order(3)).getMessage().contains("order is 1 or 2"));
        assertTrue(assertThrows(NablaException.class, () -> p.examples(0)).getMessage().contains("count"));
        assertTrue(assertThrows(NablaException.class, () -> p.shapes(Shape.of(Shape.UNKNOWN, 2)))
                .getMessage().contains("unknown size"));
        assertTrue(assertThrows(NablaException.class, () -> p.domains()).getMessage().contains("one domain"));
    }
}
