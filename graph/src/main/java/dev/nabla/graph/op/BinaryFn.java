// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import static dev.nabla.graph.Cotangents.mul;

import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Ops;
import dev.nabla.graph.kernel.Elementwise;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * The elementwise binary primitives; both operands have the output's shape (the fluent front end
 * broadcasts first). Subtraction and division are composites of these. Each row holds its scalar
 * kernel and its derivative rule {@code (a, b, y, g) -> [cotangent of a, cotangent of b]}.
 *
 * <p>Usage: {@code a.add(b)}, {@code a.pow(b)}.
 */
public enum BinaryFn {
    // A float64 sum, product or quotient of two floats rounded to float32 is the float32 one: 53
    // bits hold at least 2 * 24 + 2, so the second rounding changes nothing.
    ADD(Double::sum, Float::sum, (a, b, y, g) -> List.of(g, g)),
    MUL((a, b) -> a * b, (a, b) -> a * b, (a, b, y, g) -> List.of(mul(g, b), mul(g, a))),
    // A primitive, not a * (1 / b): that is an ulp off and overflows when 1 / b does (1e-300 / 1e-310).
    DIV((a, b) -> a / b, (a, b) -> a / b, (a, b, y, g) -> List.of(Ops.div(g, b), Cotangents.neg(Ops.div(mul(g, y), b)))),
    // Math.max returns NaN if either operand is NaN, so a NaN is never hidden. Ties split the
    // gradient evenly, as JAX does, so max(x, x) has derivative 1.
    MAX(Math::max, Math::max, (a, b, y, g) -> {
        Node toA = Ops.gt(a, b).add(Ops.eq(a, b).mul(0.5));
        return List.of(mul(g, toA), mul(g, toA.neg().add(1.0)));
    }),
    // d/da = b a^(b-1), but 0 where b = 0, as in PyTorch and JAX: a^0 is 1 for every a, while
    // the formula gives 0 * 0^-1 = NaN at a = 0. There the exponent is made 1, so that neither
    // branch holds an infinity whose derivative (0 * inf) would reach a second derivative.
    // d/db = y log a only where a > 0; 0 where a <= 0, with log's argument made safe for the same
    // reason; a NaN base fails a <= 0, so its NaN reaches d/db.
    POW(Math::pow, (a, b, y, g) -> {
        Graph graph = a.graph();
        Node zero = graph.scalar(0.0);
        Node constant = Ops.eq(b, zero);
        Node safeB = Ops.where(constant, graph.scalar(1.0), b);
        Node dA = Ops.where(constant, zero, safeB.mul(a.pow(safeB.sub(1.0))));
        Node nonPositive = Ops.le(a, zero);
        Node safeA = Ops.where(nonPositive, graph.scalar(1.0), a);
        Node dB = Ops.where(nonPositive, zero, y.mul(safeA.log()));
        return List.of(mul(g, dA), mul(g, dB));
    });

    final DoubleBinaryOperator kernel;
    final Elementwise.Map2 loop;
    final Vjp vjp;

    BinaryFn(DoubleBinaryOperator kernel, Vjp vjp) {
        this(kernel, null, vjp);
    }

    /** A row whose float32 form computes exactly the rounded float64 value without converting. */
    BinaryFn(DoubleBinaryOperator kernel, Elementwise.ExactFloat2 exact, Vjp vjp) {
        this.kernel = kernel;
        this.loop = Elementwise.binary(kernel, exact);
        this.vjp = vjp;
    }

    /** A binary derivative rule: operands a and b, output y, cotangent g of y. */
    @FunctionalInterface
    interface Vjp {
        List<Node> apply(Node a, Node b, Node y, Node g);
    }

    /**
     * Applies the scalar kernel, for references and tests.
     *
     * @param a the left operand
     * @param b the right operand
     * @return the result
     */
    public double apply(double a, double b) {
        return kernel.applyAsDouble(a, b);
    }
}
