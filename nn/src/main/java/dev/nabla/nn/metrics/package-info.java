// SPDX-License-Identifier: Apache-2.0
/**
 * Classification metrics computed from fetched predictions, outside the graph: accuracy and
 * {@link dev.nabla.nn.metrics.Metrics#argmax argmax}, the multi-class
 * {@link dev.nabla.nn.metrics.ConfusionMatrix}, {@link dev.nabla.nn.metrics.BinaryCounts} (TP, FP,
 * TN, FN with TPR, FPR, precision, recall and F1 at one threshold) and the
 * {@link dev.nabla.nn.metrics.RocCurve} over every threshold with its AUC.
 *
 * <p>Invariants: every value is immutable and copies its arrays at the boundary; a sample is
 * predicted positive when {@code score >= threshold}; a ratio whose denominator is zero is 0 (each
 * method says so); bad input (empty, mismatched lengths, labels outside their range, NaN scores or
 * thresholds) raises a {@link dev.nabla.graph.NablaException} naming what was expected.
 */
package dev.nabla.nn.metrics;
