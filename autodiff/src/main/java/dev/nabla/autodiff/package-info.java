// SPDX-License-Identifier: Apache-2.0
/**
 * Reverse-mode differentiation as a graph transformation, forward mode, Hessian-vector products
 * and the public gradient checker. Placeholder until the autodiff issue lands.
 */
package dev.nabla.autodiff;
