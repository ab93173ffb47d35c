// SPDX-License-Identifier: Apache-2.0
/**
 * Optimizers. {@link dev.nabla.nn.optim.Optimizer} turns a chain of gradient transforms (after
 * optax) into update nodes, so a step is part of the training plan; its state lives in params
 * named under the param they serve ({@code dense_1/W/adam_m}). {@link dev.nabla.nn.optim.Lbfgs} is
 * the full-batch exception: a quasi-Newton method whose line search runs on the host around one
 * compiled plan of the loss and its gradients.
 */
package dev.nabla.nn.optim;
