// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * {@code y = c != 0 ? a : b} by selecting bits, not by a branch: a condition such as ReLU's mask
 * is a coin flip per element, and a mispredicted branch costs several ns. {@code c} counts as zero
 * when it is +0 or -0 (so NaN selects {@code a}, as {@code !=} does), and the chosen operand's bits
 * pass through unchanged. The JIT does not vectorise these loops (1.1-1.2 ns an element); a
 * {@link VectorMath} backend may offer vectorised ones with the same bits.
 *
 * <p>Usage: {@code Select.select(1.0, a, b) == a}
 */
public final class Select implements Elementwise.Map3 {
    static final Select SCALAR = new Select();

    private Select() {}

    /**
     * Selects one element.
     *
     * @param c the condition
     * @param a the value where c is not zero
     * @param b the value where c is zero
     * @return {@code c != 0 ? a : b}, bit for bit
     */
    public static double select(double c, double a, double b) {
        long magnitude = Double.doubleToRawLongBits(c) & Long.MAX_VALUE;
        long pickA = -((magnitude | -magnitude) >>> 63);
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & pickA) | (Double.doubleToRawLongBits(b) & ~pickA));
    }

    /**
     * Selects one float32 element, as {@link #select(double, double, double)}.
     *
     * @param c the condition
     * @param a the value where c is not zero
     * @param b the value where c is zero
     * @return {@code c != 0 ? a : b}, bit for bit
     */
    public static float select(float c, float a, float b) {
        int magnitude = Float.floatToRawIntBits(c) & Integer.MAX_VALUE;
        int pickA = -((magnitude | -magnitude) >>> 31);
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & pickA) | (Float.floatToRawIntBits(b) & ~pickA));
    }

    @Override
    public void apply(double[] c, double[] a, double[] b, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = select(c[i], a[i], b[i]);
        }
    }

    @Override
    public void apply(float[] c, float[] a, float[] b, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = select(c[i], a[i], b[i]);
        }
    }
}
