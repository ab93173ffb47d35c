// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * exp, tanh and the logistic sigmoid as fixed sequences of IEEE operations: fused multiply-adds,
 * products, sums, one division, min and max, and integer operations on the bits. Each of these
 * is exactly specified, so a vectorised loop that performs the same sequence lane by lane (a
 * {@link VectorMath} backend) gives the same bits as these methods, in every JIT tier and on
 * every machine; the results never depend on whether a backend is present or on how a loop is
 * cut into chunks. The JDK's own {@code Math.exp} is an intrinsic whose vector twin does not
 * exist, and the Vector API's transcendental functions round differently between tiers.
 *
 * <p>exp: {@code x = k ln2 + r} with {@code |r| <= ln2/2} ({@code k} rounded by adding
 * 1.5·2^52, {@code r} by two fused multiply-adds with ln2 split in two), {@code e^r} by its Taylor
 * series to degree 13 (the first term left out is under 2^-56 of the sum), and {@code 2^k} put
 * together from bits as two factors, so results that are subnormal are rounded once. Within 1 ulp
 * of {@code Math.exp} (UnaryFnAccuracyTest).
 *
 * <p>Usage: {@code double y = ScalarMath.tanh(x);}
 */
public final class ScalarMath {
    /** 1 / ln 2. */
    public static final double INV_LN2 = 1.4426950408889634;
    /** 1.5·2^52: adding it rounds a double below 2^51 in magnitude to an integer held in the low bits. */
    public static final double SHIFT = 0x1.8p52;
    /** ln 2 rounded to a double. */
    public static final double LN2_HI = 0x1.62e42fefa39efp-1;
    /** ln 2 minus {@link #LN2_HI}. */
    public static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** Below this exp is 0 (its value rounds to 0); the clamp also keeps k's bits in range. */
    public static final double EXP_MIN = -746.0;
    /** Above this exp is infinite. */
    public static final double EXP_MAX = 710.0;
    /** The bits of 1.0, which turn {@code k << 52} into the bits of {@code 2^k}. */
    public static final long ONE_BITS = 0x3FF0000000000000L;
    /** Where tanh switches from its series to exp: above it {@code 1 - 2/(e^2x + 1)} does not cancel. */
    public static final double TANH_SERIES_END = 0.5;

    /** Taylor coefficients 1/n! of {@code e^r} for n = 13 down to 0, in Horner's order. */
    private static final double[] EXP_SERIES = factorialReciprocals(13);

    /**
     * tanh's Taylor coefficients {@code 2^2n (2^2n - 1) B_2n / (2n)!} of x^33 down to x^3, in
     * Horner's order over {@code x^2}: below 0.5 each term is at most a tenth of the one before.
     */
    private static final double[] TANH_SERIES = {
        4.294911078273806e-07, -1.0597268320104654e-06, 2.6147711512907546e-06, -6.451689215655431e-06,
        1.5918905069328964e-05, -3.927832388331683e-05, 9.691537956929451e-05, -0.00023912911424355248,
        0.000590027440945586, -0.0014558343870513183, 0.003592128036572481, -0.008863235529902197,
        0.021869488536155203, -0.05396825396825397, 0.13333333333333333, -0.3333333333333333,
    };

    private ScalarMath() {}

    /**
     * exp's polynomial, for a vectorised twin that must use the same coefficients.
     *
     * <p>Usage: {@code double c0 = ScalarMath.expSeries()[0];  // 1/13!}
     *
     * @return a copy of the coefficients 1/n! for n = 13 down to 0, in Horner's order
     */
    public static double[] expSeries() {
        return EXP_SERIES.clone();
    }

    /**
     * tanh's series below {@link #TANH_SERIES_END}, for a vectorised twin that must use the same
     * coefficients.
     *
     * <p>Usage: {@code double c0 = ScalarMath.tanhSeries()[0];  // the x^33 coefficient}
     *
     * @return a copy of the coefficients of x^33 down to x^3, in Horner's order over x^2
     */
    public static double[] tanhSeries() {
        return TANH_SERIES.clone();
    }

    private static double[] factorialReciprocals(int degree) {
        double[] c = new double[degree + 1];
        double factorial = 1;
        for (int n = 0; n <= degree; n++) {
            factorial *= Math.max(n, 1); // exact: 13! < 2^53
            c[degree - n] = 1.0 / factorial;
        }
        return c;
    }

    /**
     * e to the x.
     *
     * @param x the exponent
     * @return {@code e^x}, within 1 ulp; 0 below about -745.1, infinite above about 709.8, NaN for NaN
     */
    public static double exp(double x) {
        double xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double kShifted = Math.fma(xc, INV_LN2, SHIFT);
        double k = kShifted - SHIFT;
        double r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, xc));
        double p = EXP_SERIES[0];
        for (int i = 1; i < EXP_SERIES.length; i++) {
            p = Math.fma(p, r, EXP_SERIES[i]);
        }
        // 2^k as 2^k1 * 2^k2 with k1 about k/2: both normal even where 2^k alone would not be.
        double k1Shifted = Math.fma(k, 0.5, SHIFT);
        double k2Shifted = (k - (k1Shifted - SHIFT)) + SHIFT;
        return p * scale(k1Shifted) * scale(k2Shifted);
    }

    /** 2^j from j held in the low bits of {@code j + SHIFT}: the high bits shift out. */
    private static double scale(double jShifted) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(jShifted) << 52) + ONE_BITS);
    }

    /**
     * The hyperbolic tangent. Below 0.5 in magnitude its Taylor series to x^33; from 0.5 on
     * {@code 1 - 2/(e^2|x| + 1)}, which is exactly 1 above about 19.1, as Math.tanh gives.
     *
     * @param x the argument
     * @return {@code tanh(x)}, within 3 ulp of Math.tanh, with x's sign (-0 stays -0)
     */
    public static double tanh(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < TANH_SERIES_END) {
            double t = ax * ax;
            double p = TANH_SERIES[0];
            for (int i = 1; i < TANH_SERIES.length; i++) {
                p = Math.fma(p, t, TANH_SERIES[i]);
            }
            r = Math.fma(ax * t, p, ax);
        } else {
            r = 1 - 2 / (exp(2 * ax) + 1);
        }
        return Math.copySign(r, x);
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-x)}: {@code 1/(1 + e)} for x >= 0 and
     * {@code e/(1 + e)} below, with {@code e = exp(-|x|)}, so exp never overflows. The side is
     * picked by x's sign bit, so -0 counts as negative (both sides give 1/2 there), and by masks
     * rather than a branch, which a coin-flip sign mispredicts (16.2 against 12.5 ns an element).
     *
     * @param x the argument
     * @return {@code sigmoid(x)} in [0, 1]
     */
    public static double sigmoid(double x) {
        double e = exp(-Math.abs(x));
        double s = 1.0 / (1.0 + e);
        long negative = Double.doubleToRawLongBits(x) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(e * s) & negative)
                | (Double.doubleToRawLongBits(s) & ~negative));
    }
}
