// SPDX-License-Identifier: Apache-2.0
/**
 * Activation functions: {@link dev.nabla.nn.activation.Activations} (composites of graph ops, no
 * derivative code of their own), their metadata in {@link dev.nabla.nn.activation.ActivationCatalog},
 * and layers, learnable ({@link dev.nabla.nn.activation.PReLU}, {@link dev.nabla.nn.activation.SReLU},
 * {@link dev.nabla.nn.activation.Apl}, {@link dev.nabla.nn.activation.SoftExponential}) or switched by
 * the train/eval context ({@link dev.nabla.nn.activation.RReLU}).
 *
 * <p>Invariants: every function is differentiable by autodiff to any order wherever it is smooth;
 * no branch of a {@code where} can put a NaN into a value or a gradient (its arguments are made
 * safe where it is not picked); kinks use {@code where}, never {@code max}.
 */
package dev.nabla.nn.activation;
