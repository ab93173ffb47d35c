// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * Raised when shapes do not fit, at the moment the offending node is built.
 *
 * <p>Usage: {@code try { x.matmul(w); } catch (ShapeException e) { ... }}
 */
public class ShapeException extends NablaException {
    /**
     * Makes a shape error.
     *
     * @param message what is wrong, naming the op, the operands and their shapes
     */
    public ShapeException(String message) {
        super(message);
    }

    /**
     * Makes the error a shape rule raises, in the words every op uses: the op, each operand's
     * label and shape, what is wrong, and the user's line.
     *
     * <p>Usage: {@code throw ShapeException.of("gather", y.inputs(), "needs known sizes", y.callSite());}
     *
     * @param op the op's name
     * @param operands its operands
     * @param what what is wrong and what was expected
     * @param site the user's line that built the node
     * @return the error, to throw
     */
    public static ShapeException of(String op, java.util.List<Node> operands, String what, String site) {
        Arguments.requireNonNulls("ShapeException.of", "op", op, "operands", operands, "what", what, "site", site);
        return new ShapeException(Graph.describe(op, operands) + ": " + what + " (at " + site + ")");
    }
}
