// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

/**
 * The loop of an elementwise primitive over a range of flat arrays, for the executor's fused
 * chains, which run several such loops block by block on scratch arrays instead of whole tensors.
 *
 * <p>An operand of one element where the output has more is a scalar the plan did not broadcast,
 * read as the whole-tensor kernel reads it, so a range computes the same bits as the kernel does
 * on those elements.
 */
public interface Pointwise {
    /**
     * Computes {@code y[i] = f(in[0][i], ...)} for {@code i} in {@code [from, to)}.
     *
     * @param in the operands, in operand order
     * @param y the output
     * @param from first index
     * @param to one past the last index
     */
    void range(double[][] in, double[] y, int from, int to);

    /**
     * Computes the float32 range as the float32 kernel does.
     *
     * @param in the operands, in operand order
     * @param y the output
     * @param from first index
     * @param to one past the last index
     */
    void range(float[][] in, float[] y, int from, int to);

    /**
     * Computes one float64 element, with the bits {@link #range(double[][], double[], int, int)}
     * gives at any index: a chain of scalars runs element by element through it.
     *
     * @param a the first operand's element
     * @param b the second operand's element, or anything for a unary op
     * @param c the third operand's element, or anything for fewer operands
     * @return the result
     */
    double at(double a, double b, double c);
}
