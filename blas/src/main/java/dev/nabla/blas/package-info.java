// SPDX-License-Identifier: Apache-2.0
/**
 * An optional native matrix product: OpenBLAS behind {@link dev.nabla.graph.kernel.GemmBackend}.
 *
 * <p>Nothing here is called directly: the module registers {@link dev.nabla.blas.OpenBlasGemm} as a
 * service, and the graph's kernels find it with {@link java.util.ServiceLoader}. Invariants: no
 * native memory is allocated per call once the buffers have grown to the largest product seen, and
 * a product's bits do not depend on the thread count.
 */
package dev.nabla.blas;
