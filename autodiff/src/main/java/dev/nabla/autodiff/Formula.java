// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;

/**
 * Prints a node, typically a gradient, as a readable infix formula over the named nodes it
 * depends on, cleaned up so that it reads like the textbook formula rather than a list of nodes.
 *
 * <p>Usage: {@code Formula.derivative("L", "w2", Grad.grad(loss, w2))} gives
 * {@code "dL/dw2 = (yhat - y) * z1"}.
 *
 * <p>What is printed:
 * <ul>
 *   <li>A node with a name prints as that name and is not expanded (except the root itself,
 *       unless it is a leaf). An unnamed constant prints its value if all its elements are equal,
 *       else {@code const[2,3]}; an unnamed input or param prints as {@code %id}.</li>
 *   <li>Reshape and expand are transparent: a formula shows values, and those only move or
 *       repeat them.</li>
 *   <li>Clean-up: {@code a + -b = a - b}, {@code a * recip(b) = a / b}, {@code --a = a},
 *       {@code x * 1 = x}, {@code x + 0 = x}, {@code x * 0 = 0}, numbers folded
 *       ({@code 2 * 0.5 = 1}), like terms collected ({@code c1*t + c2*t = (c1+c2)*t}, with terms
 *       compared structurally, up to the order of sums and products), {@code a * a = a^2}.</li>
 *   <li>Notation: {@code exp(x)}, {@code sqrt(x)} and the other unary functions;
 *       {@code sum(x)} or {@code sum(x, axis=1)}; {@code a @ b^T} for a matrix product;
 *       {@code where(c, a, b)}; {@code a < b}; the fewest parentheses precedence allows.</li>
 * </ul>
 *
 * <p>Printing never recurses deeper than {@value #MAX_DEPTH} ops below the root: deeper parts
 * print as {@code ...}, so any graph can be printed without overflowing the stack. Output longer
 * than {@value #MAX_CHARS} characters is cut with {@code ...}. Shared subgraphs are read once.
 */
public final class Formula {
    /** Ops below the root that are expanded before the rest prints as {@code ...}. */
    public static final int MAX_DEPTH = 64;
    /** Characters printed before the rest is cut with {@code ...}. */
    public static final int MAX_CHARS = 20_000;

    private Formula() {}

    /**
     * Prints a node as an infix formula over the named nodes it depends on.
     *
     * @param node the node to print; if it is named (and not a leaf) its definition is printed
     * @return the formula, such as {@code (yhat - y) * z1}
     * @throws NablaException if {@code node} is null
     */
    public static String of(Node node) {
        if (node == null) {
            throw new NablaException("Formula.of: node is null");
        }
        return FormulaPrinter.print(new FormulaReader(MAX_DEPTH).root(node), MAX_CHARS);
    }

    /**
     * Prints a derivative as an equation, such as {@code dL/dw2 = (yhat - y) * z1}.
     *
     * @param yName the name of the differentiated node, {@code L}
     * @param xName the name of the node differentiated by, {@code w2}
     * @param g the derivative, for instance from {@link Grad#grad(Node, Node)}
     * @return {@code d<yName>/d<xName> = } followed by {@link #of(Node) of(g)}
     * @throws NablaException if an argument is null
     */
    public static String derivative(String yName, String xName, Node g) {
        if (yName == null || xName == null) {
            throw new NablaException("Formula.derivative: the names of y and x must not be null");
        }
        return "d" + yName + "/d" + xName + " = " + of(g);
    }
}
