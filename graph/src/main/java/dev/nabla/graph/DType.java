// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.Locale;

/**
 * The element type a tensor stores and a graph computes in.
 *
 * <p>float32 halves the memory and doubles the width of every vector and matrix instruction. Its
 * kernels compute each elementwise op, copy and reduction as float64 does and round the result to
 * float32 once, so a float32 value is the float64 value of the same inputs rounded, bit for bit,
 * with two exceptions. exp, tanh, sigmoid and erf compute in float arithmetic at float32 speed
 * ({@code kernel.FloatMath}), within 1 ulp of the rounded float64 value, the same bits on every
 * CPU with or without the vector module. Matrix products differ in their last bits: they sum in
 * float32, OpenBLAS's sgemm and the Java kernel each in its own order. Integers, such as class labels fed to one-hot, are exact in
 * float32 up to 2^24.
 *
 * <p>Usage: {@code Graph g = new Graph(DType.FLOAT32); Tensor t = batch.to(DType.FLOAT32);}
 */
public enum DType {
    /** IEEE 754 double precision, 8 bytes an element: the default. */
    FLOAT64,
    /** IEEE 754 single precision, 4 bytes an element. */
    FLOAT32;

    /**
     * Prints this type as NumPy and PyTorch spell it.
     *
     * @return the name NumPy and PyTorch use: {@code "float64"} or {@code "float32"}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
