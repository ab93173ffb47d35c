// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

/** The state of a transform that keeps none, such as {@link Transforms#scaleByLearningRate}. */
public record EmptyState() {}
