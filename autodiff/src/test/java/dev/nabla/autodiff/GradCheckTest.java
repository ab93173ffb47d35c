// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The checker is tested too: it must fail on deliberately wrong derivative rules (at the order
 * where they are wrong, naming the input and element), and pass the correct ones.
 */
class GradCheckTest {
    /** {@code y = x^2} elementwise ({@link GradTest.Square}'s kernel), with a choice of derivative rule. */
    private record Square(String name, Rule rule) implements CustomOp {
        enum Rule { RIGHT, OFF_BY_A_THOUSANDTH, MISSING_FACTOR_TWO, FROZEN_SECOND_ORDER, NONE }

        private static final GradTest.Square KERNEL = new GradTest.Square();

        @Override
        public Shape outShape(List<Shape> in) {
            return KERNEL.outShape(in);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            return KERNEL.forward(in);
        }

        @Override
        public List<Node> vjp(Node y, Node g) {
            Node x = y.input(0);
            return switch (rule) {
                case RIGHT -> List.of(g.mul(x).mul(2.0));
                case OFF_BY_A_THOUSANDTH -> List.of(g.mul(x).mul(2.0 * 1.001));        // 0.1% too large
                case MISSING_FACTOR_TWO -> List.of(g.mul(x));                          // d(x^2) = x: wrong
                case FROZEN_SECOND_ORDER -> List.of(g.mul(Ops.stopGradient(x)).mul(2.0)); // right value, no second order
                case NONE -> null;
            };
        }
    }

    /** {@code f(a, b) = a + square(b)}: a wrong rule for square shows up in input 1 only. */
    private static Function<List<Node>, Node> withSquare(Square op) {
        return xs -> xs.get(0).add(xs.get(0).graph().apply(op, xs.get(1)));
    }

    /** b is zero except at element 2, so the wrong rule is wrong there and nowhere else. */
    private static final List<Tensor> POINT = List.of(
            Tensor.fromArray(new double[] {0.3, -1.2, 0.7, 2.0}, 2, 2),
            Tensor.fromArray(new double[] {0.0, 0.0, 1.5, 0.0}, 2, 2));

    @Test
    void aWrongFirstDerivativeFailsNamingInputAndElement() {
        List<GradCheck.Result> results = GradCheck.check(withSquare(new Square("bad_square", Square.Rule.MISSING_FACTOR_TWO)),
                POINT, GradCheck.Options.DEFAULT.withOrder(1));
        GradCheck.Result r = results.get(0);
        assertFalse(r.passed(), r::report);
        assertEquals(1, r.order());
        assertEquals(1, r.input());
        assertEquals(2, r.element());
        assertEquals(0.5 * r.numeric(), r.analytic(), 1e-6 * Math.abs(r.numeric()));
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertPasses(
                withSquare(new Square("bad_square", Square.Rule.MISSING_FACTOR_TWO)), POINT));
        assertTrue(e.getMessage().contains("FAILED order 1") && e.getMessage().contains("input 1, element 2"),
                e::getMessage);
    }

    /**
     * Pins the default tolerances' sensitivity: a rule 0.1% off fails where the exact rule, at
     * the same point, passes. Loosening either default tolerance to 1e-1 lets it pass.
     */
    @Test
    void defaultTolerancesCatchARuleOffByATenthOfAPercent() {
        GradCheck.Result exact = GradCheck.check(withSquare(new Square("square", Square.Rule.RIGHT)), POINT,
                GradCheck.Options.DEFAULT.withOrder(1)).get(0);
        assertTrue(exact.passed(), exact::report);
        GradCheck.Result off = GradCheck.check(withSquare(new Square("square_off", Square.Rule.OFF_BY_A_THOUSANDTH)),
                POINT, GradCheck.Options.DEFAULT.withOrder(1)).get(0);
        assertFalse(off.passed(), off::report);
        assertEquals(1, off.input());
        assertEquals(2, off.element());
        assertEquals(0.001 / 1.001, off.relError(), 1e-6, off::report);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertPasses(
                withSquare(new Square("square_off", Square.Rule.OFF_BY_A_THOUSANDTH)), POINT));
        assertTrue(e.getMessage().contains("FAILED order 1"), e::getMessage);
    }

    @Test
    void aRuleRightOnlyToFirstOrderFailsAtSecondOrder() {
        List<GradCheck.Result> results = GradCheck.check(withSquare(new Square("frozen_square",
                Square.Rule.FROZEN_SECOND_ORDER)), POINT, GradCheck.Options.DEFAULT.withOrder(2));
        assertTrue(results.get(0).passed(), results.get(0)::report);
        assertFalse(results.get(1).passed(), results.get(1)::report);
        assertEquals(2, results.get(1).order());
        assertEquals(1, results.get(1).input());
    }

    @Test
    void aRightRulePassesToSecondOrder() {
        List<Tensor> point = List.of(Tensor.randomNormal(1, 0, 1, 3, 2), Tensor.randomNormal(2, 0, 1, 3, 2));
        List<GradCheck.Result> results = GradCheck.check(withSquare(new Square("square", Square.Rule.RIGHT)), point);
        assertEquals(2, results.size());
        results.forEach(r -> assertTrue(r.passed(), r::report));
    }

    @Test
    void aCustomOpWithoutARuleIsNamed() {
        GradientException e = assertThrows(GradientException.class, () ->
                GradCheck.check(withSquare(new Square("ruleless_square", Square.Rule.NONE)), POINT));
        assertTrue(e.getMessage().contains("ruleless_square"), e::getMessage);
    }
}
