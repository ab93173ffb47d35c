// SPDX-License-Identifier: Apache-2.0
/**
 * Activations, layers, initializers, losses, optimizers and training, all as graph compositions.
 * Placeholder until the activations and nn issues land.
 */
package dev.nabla.nn;
