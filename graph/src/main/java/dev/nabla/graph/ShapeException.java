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
}
