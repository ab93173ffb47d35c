// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * Raised in anomaly-detection mode when a node computes a NaN or an infinity: the first such node
 * of the run, with its op, the user's line that built it, its inputs' shapes and statistics, and,
 * for a gradient node, the forward node whose derivative rule made it.
 *
 * <p>Usage: {@code session.detectAnomalies(true); try { plan.run(feeds); } catch (AnomalyException e) { ... }}
 */
public class AnomalyException extends EvaluationException {
    private final transient Node node;

    /**
     * Makes an anomaly report.
     *
     * @param node the node whose output is not finite
     * @param message the report
     */
    public AnomalyException(Node node, String message) {
        super(message);
        this.node = node;
    }

    /** Names the node where the anomaly was found. @return the first node whose output was not finite */
    public Node node() {
        return node;
    }
}
