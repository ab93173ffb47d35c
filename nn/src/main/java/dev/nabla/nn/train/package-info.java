// SPDX-License-Identifier: Apache-2.0
/**
 * Training: {@link dev.nabla.nn.train.Trainer} builds one graph of forward pass, loss, gradients
 * and updates ({@link dev.nabla.nn.train.TrainingGraph}), compiles it once, and runs it over
 * shuffled batches of a {@link dev.nabla.nn.train.Dataset} ({@link dev.nabla.nn.train.TrainingLoop}).
 */
package dev.nabla.nn.train;
