// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.Locale;

/**
 * The element type a tensor stores and a graph computes in.
 *
 * <p>float32 halves the memory and doubles the width of every vector and matrix instruction. Its
 * kernels compute each elementwise op and reduction as float64 does and round the result to float32
 * once, so a float32 value is the float64 value rounded (bit for bit wherever the float64 kernel
 * gives the same bits); matrix products accumulate in float32, as every BLAS's sgemm does.
 *
 * <p>Usage: {@code Graph g = new Graph(DType.FLOAT32); Tensor t = batch.to(DType.FLOAT32);}
 */
public enum DType {
    /** IEEE 754 double precision, 8 bytes an element: the default. */
    FLOAT64,
    /** IEEE 754 single precision, 4 bytes an element. */
    FLOAT32;

    /** @return the name NumPy and PyTorch use: {@code "float64"} or {@code "float32"} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
