// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.NablaException;

/**
 * Raised when a gradient cannot be formed: the output does not depend on an input, or an op on
 * the path has no derivative rule.
 *
 * <p>Usage: {@code try { Grad.grad(loss, w); } catch (GradientException e) { ... }}
 */
public class GradientException extends NablaException {
    /**
     * Makes a gradient error.
     *
     * @param message what is missing, naming the op, the input position and the reason
     */
    public GradientException(String message) {
        super(message);
    }

    /**
     * Makes a gradient error with the failure that caused it, such as a derivative rule that threw.
     *
     * @param message what failed, naming the op and the node
     * @param cause the original failure
     */
    public GradientException(String message, Throwable cause) {
        super(message, cause);
    }
}
