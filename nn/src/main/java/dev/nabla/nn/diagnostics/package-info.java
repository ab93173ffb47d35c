// SPDX-License-Identifier: Apache-2.0
/**
 * Training diagnostics that show the lecture's problems as numbers:
 * {@link dev.nabla.nn.diagnostics.Diagnostics#gradientNorms per-parameter gradient norms} (vanishing
 * and exploding gradients), and per activation layer the
 * {@link dev.nabla.nn.diagnostics.ActivationStats fraction of dead units and of saturated units}.
 *
 * <p>Invariants: diagnostics only read; they never change the param store (a batch-norm layer's
 * running statistics included), and each call builds its own graph, so it works on any model at
 * any point of training.
 */
package dev.nabla.nn.diagnostics;
