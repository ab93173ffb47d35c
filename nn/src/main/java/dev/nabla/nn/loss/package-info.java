// SPDX-License-Identifier: Apache-2.0
/**
 * Losses as graph compositions. {@link dev.nabla.nn.loss.Losses} holds the {@code (prediction,
 * target)} losses; {@link dev.nabla.nn.loss.Loss} is what a trainer takes: a function of the whole
 * {@link dev.nabla.nn.loss.Batch} (input, prediction, target if the data has one, the model to
 * apply at other points), so a loss may differentiate by the input or enforce boundary conditions.
 * Every loss returns a scalar node; none hides a NaN.
 */
package dev.nabla.nn.loss;
