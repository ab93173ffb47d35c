// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * Raised when a plan cannot run as asked: a feed is missing, has the wrong shape, or names a node
 * that is not an input of this graph.
 *
 * <p>Usage: {@code try { plan.run(feeds); } catch (EvaluationException e) { ... }}
 */
public class EvaluationException extends NablaException {
    /**
     * Makes an evaluation error.
     *
     * @param message what is wrong, naming the node
     */
    public EvaluationException(String message) {
        super(message);
    }
}
