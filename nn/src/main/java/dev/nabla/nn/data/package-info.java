// SPDX-License-Identifier: Apache-2.0
/**
 * Small real data sets shipped with Nabla (digits, breast cancer, iris), read from the class
 * path into {@link dev.nabla.nn.train.Dataset}s; their origins and licences are in
 * {@code datasets/README.md} beside them.
 */
package dev.nabla.nn.data;
