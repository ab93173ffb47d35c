// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The bad-input catalog of differentiation: each misuse of {@link Grad} and each custom derivative
 * rule that breaks its contract gets an exception of exactly the documented type whose message
 * names the op, the node, the shapes and what was expected.
 */
class AutodiffBadInputTest {
    /** A custom op that passes its input through, with a derivative rule each test can break. */
    record Op(String name, BiFunction<Node, Node, List<Node>> rule) implements CustomOp {
        @Override
        public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            return in.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node g) {
            return rule.apply(y, g);
        }
    }

    /** Asserts that the call throws exactly {@code type}, not a subclass, with every part in its message. */
    private static <T extends Throwable> T fails(Class<T> type, Executable call, String... parts) {
        Throwable e = assertThrows(Throwable.class, call);
        assertSame(type, e.getClass(), () -> "expected " + type.getSimpleName() + " but got " + e);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks \"" + p + "\": " + e.getMessage());
        }
        return type.cast(e);
    }

    // Grad, vjp, hvp, jvp and jacobian called wrongly.

    @Test
    void gradOfANonScalarWithoutACotangent() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = x.exp().named("y");
        fails(GradientException.class, () -> Grad.grad(y, x),
                "grad: %" + y.id() + " \"y\" = exp(\"x\") [2, 3] is not a scalar", "use vjp with a cotangent of shape [2, 3]");
        fails(GradientException.class, () -> Grad.hessian(y, x), "\"y\"", "is not a scalar");
        Node batch = g.input("xb", Shape.UNKNOWN, 1);
        fails(GradientException.class, () -> Grad.grad(batch.exp(), batch), "is not a scalar; reduce it first (.sum() or .mean())",
                "a cotangent fed at run time, an input of shape [?, 1]: g.input(\"dy\", Shape.UNKNOWN, 1)");
    }

    @Test
    void gradByANodeTheOutputDoesNotDependOn() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        Node w = g.param("w", 3);
        Node loss = x.square().sum().named("loss");
        fails(GradientException.class, () -> Grad.grad(loss, w),
                "grad: %" + loss.id() + " \"loss\" = sum(", "does not depend on %" + w.id() + " \"w\" = param [3]",
                "pass Grad.Unused.ZERO");
    }

    @Test
    void gradByANodeOfAnotherGraph() {
        Graph g = new Graph();
        Node loss = g.input("x", 3).sum().named("loss");
        Node w = new Graph().param("w", 3);
        fails(NablaException.class, () -> Grad.grad(loss, w), "\"w\" = param [3] belongs to another graph than", "\"loss\"");
    }

    @Test
    void gradWithNullNodes() {
        Graph g = new Graph();
        Node x = g.input("x", 3);
        fails(NablaException.class, () -> Grad.grad(null, x), "grad: node is null");
        fails(NablaException.class, () -> Grad.grad(x.sum(), null), "grad: node is null");
        fails(NablaException.class, () -> Grad.grad(x.sum(), Arrays.asList(x, null), Grad.Unused.ERROR),
                "give at least one node to differentiate by, and no null");
        fails(NablaException.class, () -> Grad.grad(x.sum(), List.of(), Grad.Unused.ERROR), "give at least one node");
    }

    @Test
    void vjpWithACotangentOfTheWrongShapeOrGraph() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = x.tanh().named("y");
        Node u = g.constant(Tensor.ones(3, 2));
        fails(ShapeException.class, () -> Grad.vjp(y, List.of(x), u, Grad.Unused.ERROR),
                "vjp: the cotangent %" + u.id() + " = constant [3, 2] must be shaped like y: %" + y.id() + " \"y\"", "[2, 3]");
        Node other = new Graph().constant(Tensor.ones(2, 3));
        fails(NablaException.class, () -> Grad.vjp(y, List.of(x), other, Grad.Unused.ERROR),
                "vjp: the cotangent", "belongs to another graph than %" + y.id() + " \"y\"");
    }

    @Test
    void hvpWithDirectionsThatDoNotFit() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node loss = x.square().sum();
        Node v = g.constant(Tensor.ones(4));
        fails(ShapeException.class, () -> Grad.hvp(loss, List.of(x), List.of(v)),
                "hvp: the direction %" + v.id() + " = constant [4] for input 0 must be shaped like %" + x.id() + " \"x\" = input [2, 3]");
        fails(NablaException.class, () -> Grad.hvp(loss, List.of(x), List.of()), "hvp: give one direction per input, got 0 for 1");
        fails(NablaException.class, () -> Grad.hvp(loss, List.of(x), Arrays.asList((Node) null)),
                "hvp: input 0 or its direction is null");
        Node elsewhere = new Graph().constant(Tensor.ones(2, 3));
        fails(NablaException.class, () -> Grad.hvp(loss, List.of(x), List.of(elsewhere)), "hvp: the direction", "belongs to another graph");
    }

    @Test
    void jvpWithTangentsThatDoNotFit() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = x.exp();
        Node t = g.constant(Tensor.ones(3, 2));
        fails(ShapeException.class, () -> Grad.jvp(y, List.of(x), List.of(t)),
                "jvp: the tangent %" + t.id() + " = constant [3, 2] for input 0 must be shaped like %" + x.id() + " \"x\" = input [2, 3]");
        fails(NablaException.class, () -> Grad.jvp(y, List.of(x), null), "jvp: give one tangent per input, got null for 1");
    }

    @Test
    void jacobianOfAnUnknownBatch() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 2);
        fails(NablaException.class, () -> Grad.jacobian(x.exp(), x), "jacobian: needs known shapes, got [?, 2] and [?, 2]");
    }

    // Custom derivative rules that break their contract.

    @Test
    void aCustomRuleThatReturnsTheWrongShape() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.apply(new Op("row_sum_rule", (out, ct) -> List.of(ct.sum(0))), x);
        fails(GradientException.class, () -> Grad.grad(y.sum(), x),
                "grad: the derivative rule of %" + y.id() + " = row_sum_rule(\"x\") [2, 3] (built at AutodiffBadInputTest.java:",
                "gave input 0 (\"x\" [2, 3]) a cotangent of shape [3]; it must have the input's shape [2, 3]");
    }

    @Test
    void aCustomRuleThatReturnsTheWrongNumberOfEntries() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.apply(new Op("two_entries", (out, ct) -> List.of(ct, ct)), x);
        fails(GradientException.class, () -> Grad.grad(y.sum(), x),
                "grad: op two_entries of %" + y.id() + " = two_entries(\"x\") [2, 3]", "giving one entry per input (2 for 1)");
        Node z = g.apply(new Op("no_rule", (out, ct) -> null), x);
        fails(GradientException.class, () -> Grad.grad(z.sum(), x), "grad: op no_rule of %" + z.id(), "has no derivative rule");
    }

    @Test
    void aCustomRuleThatReturnsANullEntry() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.apply(new Op("null_entry", (out, ct) -> Arrays.asList((Node) null)), x);
        fails(GradientException.class, () -> Grad.grad(y.sum(), x),
                "the derivative rule of %" + y.id() + " = null_entry(\"x\")", "gave input 0 (\"x\" [2, 3]) null",
                "return Cotangents.NONE");
    }

    @Test
    void aCustomRuleThatThrows() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.apply(new Op("throwing_rule", (out, ct) -> { throw new IllegalStateException("not implemented"); }), x);
        GradientException e = fails(GradientException.class, () -> Grad.grad(y.sum(), x),
                "the derivative rule of %" + y.id() + " = throwing_rule(\"x\") [2, 3]",
                "failed with java.lang.IllegalStateException: not implemented");
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void aCustomRuleThatBuildsInAnotherGraph() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 3);
        Node y = g.apply(new Op("stray_rule", (out, ct) -> List.of(new Graph().constant(Tensor.ones(2, 3)))), x);
        fails(GradientException.class, () -> Grad.grad(y.sum(), x),
                "the derivative rule of %" + y.id() + " = stray_rule(\"x\")", "gave input 0 (\"x\") a cotangent from another graph");
    }
}
