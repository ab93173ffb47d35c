// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.io;

import dev.nabla.graph.NablaException;

/**
 * A checkpoint could not be written, read or loaded; the message names the file and what is wrong.
 *
 * <p>Usage: {@code try { Checkpoint.load(path, store, params); } catch (CheckpointException e) { ... }}
 */
public class CheckpointException extends NablaException {
    /**
     * Makes an exception with a message that names the file and the problem.
     *
     * @param message the message
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * Makes an exception that wraps the I/O error behind it.
     *
     * @param message the message
     * @param cause the underlying error
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
