// SPDX-License-Identifier: Apache-2.0
/**
 * Activation functions, their metadata and their layers.
 *
 * <p>Where each activation lives: its formula, with the javadoc that states it, is written once, in
 * the public class of its family: {@link dev.nabla.nn.activation.Rectifiers} (identity, step and
 * the piecewise-linear units), {@link dev.nabla.nn.activation.Sigmoids} (the S-shaped ones and
 * softmax), {@link dev.nabla.nn.activation.SmoothUnits} (softplus, SiLU, GELU, Mish and kin) and
 * {@link dev.nabla.nn.activation.Waves} (sinusoid, sinc, Gaussian). Each family stays under the
 * 400-line budget; one class holding all of them would not.
 * {@link dev.nabla.nn.activation.Activations} is the one list of them all: each of its methods is
 * a single call to the defining method with a {@code @link} to it, so it holds neither a formula
 * nor a second copy of the documentation, and the compiler keeps the two signatures in step.
 * {@link dev.nabla.nn.activation.ActivationCatalog} gives each activation at fixed parameters with
 * its range, continuity and monotonicity, one named-column row per activation, and
 * {@link dev.nabla.nn.activation.ActivationLayers} turns a catalog name into a layer: learnable
 * ({@link dev.nabla.nn.activation.PReLU}, {@link dev.nabla.nn.activation.SReLU},
 * {@link dev.nabla.nn.activation.Apl}, {@link dev.nabla.nn.activation.SoftExponential}), switched
 * by the train/eval context ({@link dev.nabla.nn.activation.RReLU}) or a plain function.
 *
 * <p>Invariants: every function is a composite of graph ops with no derivative code of its own,
 * differentiable by autodiff to any order wherever it is smooth; no branch of a {@code where} can
 * put a NaN into a value or a gradient (its arguments are made safe where it is not picked); a NaN
 * input stays NaN in the output; kinks use {@code where}, never {@code max}.
 */
package dev.nabla.nn.activation;
