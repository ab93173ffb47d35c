// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * The root of Nabla's unchecked exceptions: every error Nabla raises on bad input is one of these.
 *
 * <p>Usage: {@code catch (NablaException e) { log(e.getMessage()); }}
 */
public class NablaException extends RuntimeException {
    /**
     * Makes an exception with a message that says what went wrong and where.
     *
     * @param message the message
     */
    public NablaException(String message) {
        super(message);
    }

    /**
     * Makes an exception that wraps a cause.
     *
     * @param message the message
     * @param cause the underlying error
     */
    public NablaException(String message, Throwable cause) {
        super(message, cause);
    }
}
