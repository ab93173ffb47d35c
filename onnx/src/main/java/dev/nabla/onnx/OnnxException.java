// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.NablaException;

/**
 * Says why a graph cannot be exported as ONNX (a primitive with no mapping, a param missing from
 * the store, a file that cannot be written); thrown before anything is written to the target.
 *
 * <p>Usage: {@code catch (OnnxException e) { log(e.getMessage()); }}
 */
public class OnnxException extends NablaException {
    /**
     * Makes an exception naming what cannot be exported and why.
     *
     * @param message the message
     */
    public OnnxException(String message) {
        super(message);
    }

    /**
     * Makes an exception that wraps a cause, such as an I/O error.
     *
     * @param message the message
     * @param cause the underlying error
     */
    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
