// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * exp, tanh, the logistic sigmoid and erf for float32 tensors, computed in float arithmetic: fixed
 * sequences of float fused multiply-adds, products, sums, one division, min and max, and integer
 * operations on the bits. Like {@link ScalarMath}, every operation is exactly specified, so a
 * vector loop that performs the same sequence lane by lane (the float form of a {@link VectorMath}
 * backend's loop) gives the same bits as these methods on any CPU and in every JIT tier.
 *
 * <p>These are not the float64 functions rounded to float32 (that costs the widening and twice
 * the vector width); each is within 1 ulp of it (the float64 value rounded to float32, which is
 * the correctly rounded result but for rare double roundings). FloatMathAccuracyTest checks every
 * float where the methods switch form, overflow or round to subnormals, and every 193rd bit
 * pattern of all floats; an offline run over every 7th bit pattern of all 2^32 found at most 1 ulp
 * for each function, and at most 0.82 (exp), 0.71 (tanh), 0.83 (sigmoid) and 0.97 ulp (erf) from
 * the float64 value itself (StrictMath's exp and tanh, commons-numbers' erf).
 *
 * <p>Methods. exp: Cody and Waite's reduction {@code x = k ln2 + r}, {@code |r| <= ln2/2}, with ln2
 * split so that {@code k ln2_hi} and {@code x - k ln2_hi} are exact; {@code e^r = 1 + u} with
 * {@code u = r + r^2 P(r)}, P the Taylor series of {@code (e^r - 1 - r)/r^2} to degree 5 (the first
 * term left out is under 2^-27); {@code 2^k} from bits as two factors so subnormal results round
 * once. tanh and sigmoid keep {@code e = 2^k (1 + u)} as an unevaluated sum of two floats (Dekker's
 * Fast2Sum, exact), form {@code e - 1}, {@code e + 1} the same way, divide once and correct the
 * quotient by its exact remainder (a fused multiply-add gives it), so cancellation and the
 * rounding of {@code e} do not reach the result. tanh below 0.5 is its Taylor series to x^17.
 * erf below 1 is {@code x + x Q(x^2)}, from 1 on {@code 1 - e^-x^2 g(x)} with {@code x^2} split
 * exactly by a fused multiply-add; Q (degree 7) and g (degree 12 in {@code x - 2.5} on [1, 4]) are
 * weighted least-squares fits on Chebyshev nodes, with each coefficient rounded to float before
 * the later ones are refitted (fit residual under 1e-9 for Q, 3e-8 relative for g).
 *
 * <p>Usage: {@code float y = FloatMath.tanh(x);}
 */
public final class FloatMath {
    /** 1 / ln 2, rounded to float. */
    public static final float INV_LN2 = 0x1.715476p0f;
    /** 1.5·2^23: adding it rounds a float below 2^22 in magnitude to an integer held in the low bits. */
    public static final float SHIFT = 0x1.8p23f;
    /** ln 2 to 16 bits, so {@code k * LN2_HI} is exact for every k exp meets. */
    public static final float LN2_HI = 0x1.62e4p-1f;
    /** ln 2 minus {@link #LN2_HI}, rounded to float. */
    public static final float LN2_LO = (float) (0x1.62e42fefa39efp-1 - 0x1.62e4p-1);
    /** Below this exp rounds to 0; the clamp also keeps k's bits in range. */
    public static final float EXP_MIN = -104f;
    /** Above this exp is infinite. */
    public static final float EXP_MAX = 89f;
    /** The bits of 1f, which turn {@code k << 23} into the bits of {@code 2^k}. */
    public static final int ONE_BITS = 0x3F800000;
    /** Where tanh switches from its series to exp. */
    public static final float TANH_SERIES_END = 0.5f;
    /** Where {@code 2|x|} is clamped for tanh: tanh rounds to 1 from about 9.01 on. */
    public static final float TANH_EXP_MAX = 20f;
    /** Where erf switches from its series to {@code 1 - e^-x^2 g(x)}. */
    public static final float ERF_SERIES_END = 1f;
    /** Where |x| is clamped for erf: erf rounds to 1 from about 3.92 on. */
    public static final float ERF_MAX = 4f;
    /** The centre of g's interval [1, 4], where its polynomial's variable is 0. */
    public static final float ERF_G_CENTER = 2.5f;

    /** Taylor coefficients of {@code (e^r - 1 - r)/r^2}: 1/7! down to 1/2!, in Horner's order. */
    private static final float[] EXP_SERIES = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f};
    /** tanh's Taylor coefficients of x^17 down to x^3, in Horner's order over x^2 (ScalarMath's, rounded). */
    private static final float[] TANH_SERIES = {
        0.000590027440945586f, -0.0014558343870513183f, 0.003592128036572481f, -0.008863235529902197f,
        0.021869488536155203f, -0.05396825396825397f, 0.13333333333333333f, -0.3333333333333333f,
    };
    /** {@code Q(t) ~ erf(x)/x - 1} with {@code t = x^2} on [0, 1], highest degree first. */
    private static final float[] ERF_SERIES = {
        -0x1.1fd45cp-17f, 0x1.c77348p-14f, -0x1.b99eb6p-11f, 0x1.55dcc6p-8f,
        -0x1.b821e6p-6f, 0x1.ce2ea0p-4f, -0x1.812744p-2f, 0x1.06eba8p-3f,
    };
    /** {@code g(x) ~ erfc(x) e^(x^2)} on [1, 4] as a polynomial in {@code x - 2.5}, highest degree first. */
    private static final float[] ERFC_SCALED = {
        0x1.d4d5e2p-24f, -0x1.c57aaep-22f, 0x1.f0d61cp-21f, -0x1.fa6486p-19f, 0x1.1115e2p-16f,
        -0x1.f2d496p-15f, 0x1.b9ccbep-13f, -0x1.8069dap-11f, 0x1.436358p-9f, -0x1.0632e0p-7f,
        0x1.989546p-6f, -0x1.3086d6p-4f, 0x1.afbb40p-3f,
    };

    private FloatMath() {}

    /**
     * exp's polynomial, for a vector twin that must use the same coefficients.
     *
     * <p>Usage: {@code float c0 = FloatMath.expSeries()[0];  // 1/7!}
     *
     * @return a copy of the coefficients of {@code (e^r - 1 - r)/r^2}, highest degree first
     */
    public static float[] expSeries() {
        return EXP_SERIES.clone();
    }

    /**
     * tanh's series below {@link #TANH_SERIES_END}, for a vector twin.
     *
     * <p>Usage: {@code float c0 = FloatMath.tanhSeries()[0];  // the x^17 coefficient}
     *
     * @return a copy of the coefficients of x^17 down to x^3, in Horner's order over x^2
     */
    public static float[] tanhSeries() {
        return TANH_SERIES.clone();
    }

    /**
     * erf's polynomial below {@link #ERF_SERIES_END}, for a vector twin.
     *
     * <p>Usage: {@code float c0 = FloatMath.erfSeries()[0];}
     *
     * @return a copy of Q's coefficients, highest degree first
     */
    public static float[] erfSeries() {
        return ERF_SERIES.clone();
    }

    /**
     * erfc's scaled polynomial on [1, 4], for a vector twin.
     *
     * <p>Usage: {@code float c0 = FloatMath.erfcScaled()[0];}
     *
     * @return a copy of g's coefficients in {@code x - 2.5}, highest degree first
     */
    public static float[] erfcScaled() {
        return ERFC_SCALED.clone();
    }

    /**
     * e to the x.
     *
     * @param x the exponent
     * @return {@code e^x}, within 1 ulp; 0 below about -103.97, infinite above about 88.72, NaN for NaN
     */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float k = Math.fma(xc, INV_LN2, SHIFT) - SHIFT;
        float r = reduce(xc, k);
        float hi = 1 + r;
        float lo = (r - (hi - 1)) + expTail(r);
        // 2^k as 2^k1 * 2^k2 with k1 about k/2: both normal even where 2^k alone would not be.
        float k1Shifted = Math.fma(k, 0.5f, SHIFT);
        float k2Shifted = (k - (k1Shifted - SHIFT)) + SHIFT;
        float s1 = scale(k1Shifted);
        // 2^k1 (hi + lo) rounded once: 1 + r is exact as hi + its error, so only the last step rounds.
        return Math.fma(hi, s1, lo * s1) * scale(k2Shifted);
    }

    /** {@code x - k ln2}: the first product and difference are exact (Cody and Waite). */
    private static float reduce(float x, float k) {
        return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
    }

    /** {@code e^r - 1 - r} for {@code |r| <= ln2/2}, as {@code r^2 P(r)}. */
    private static float expTail(float r) {
        float p = EXP_SERIES[0];
        for (int i = 1; i < EXP_SERIES.length; i++) {
            p = Math.fma(p, r, EXP_SERIES[i]);
        }
        return r * r * p;
    }

    /** 2^j from j held in the low bits of {@code j + SHIFT}: the high bits shift out. */
    private static float scale(float jShifted) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(jShifted) << 23) + ONE_BITS);
    }

    /**
     * The hyperbolic tangent: below 0.5 in magnitude its Taylor series to x^17; from 0.5 on
     * {@code 1 - 2/(e + 1)} with {@code e = e^2|x|} held as two floats, the quotient corrected by its
     * remainder and the difference formed exactly before its one rounding.
     *
     * @param x the argument
     * @return {@code tanh(x)} within 1 ulp, with x's sign (-0 stays -0), exactly ±1 above about 9.01
     */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        float r;
        if (ax < TANH_SERIES_END) {
            float t = ax * ax;
            float p = TANH_SERIES[0];
            for (int i = 1; i < TANH_SERIES.length; i++) {
                p = Math.fma(p, t, TANH_SERIES[i]);
            }
            r = Math.fma(ax * t, p, ax);
        } else {
            float xc = Math.min(2 * ax, TANH_EXP_MAX);
            float kShifted = Math.fma(xc, INV_LN2, SHIFT);
            float r0 = reduce(xc, kShifted - SHIFT);
            float hi = 1 + r0;
            float lo = (r0 - (hi - 1)) + expTail(r0);
            // Normalised (Fast2Sum again), so the low part is below an ulp of the high one.
            float p = hi + lo;
            float s = scale(kShifted);
            float eh = p * s;
            float el = (lo - (p - hi)) * s;
            float dh = eh + 1;
            float dl = ((eh - dh) + 1) + el;
            // tanh = 1 - 2/d: the quotient of the rounded d, corrected by its remainder over d
            // (q/2 is 1/d to a few bits, all the correction needs), then 1 - q as an exact sum.
            float q = 2 / dh;
            float correction = Math.fma(-q, dl, Math.fma(-q, dh, 2)) * (q * 0.5f);
            float t = 1 - q;
            r = t + (((1 - t) - q) - correction);
        }
        return Math.copySign(r, x);
    }

    /**
     * The logistic sigmoid {@code 1/(1 + e)} for x >= 0 and {@code e/(1 + e)} below, with
     * {@code e = e^-|x|} held as two floats, one division corrected by its remainder. The side is
     * picked by x's sign bit (-0 counts as negative; both sides give 1/2 there) through masks, not a
     * branch, as {@link ScalarMath#sigmoid}.
     *
     * @param x the argument
     * @return {@code sigmoid(x)} in [0, 1], within 1 ulp
     */
    public static float sigmoid(float x) {
        float xc = Math.max(-Math.abs(x), EXP_MIN);
        float k = Math.fma(xc, INV_LN2, SHIFT) - SHIFT;
        float r = reduce(xc, k);
        float hi = 1 + r;
        float k1Shifted = Math.fma(k, 0.5f, SHIFT);
        float k2Shifted = (k - (k1Shifted - SHIFT)) + SHIFT;
        float s1 = scale(k1Shifted);
        float s2 = scale(k2Shifted);
        float lo = (r - (hi - 1)) + expTail(r);
        float p = hi + lo;
        float eh = p * s1 * s2;
        float el = (lo - (p - hi)) * s1 * s2;
        float dh = 1 + eh;
        float dl = ((1 - dh) + eh) + el;
        int negative = Float.floatToRawIntBits(x) >> 31;
        float nh = pick(negative, eh, 1);
        float nl = pick(negative, el, 0);
        float q = nh / dh;
        float rem = Math.fma(-q, dl, Math.fma(-q, dh, nh) + nl);
        // 1/d is q itself on the positive side and 1 - q on the negative one.
        return Math.fma(rem, pick(negative, 1 - q, q), q);
    }

    /** {@code mask != 0 ? ifSet : otherwise} by bits, for a mask of all ones or all zeros. */
    private static float pick(int mask, float ifSet, float otherwise) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(ifSet) & mask) | (Float.floatToRawIntBits(otherwise) & ~mask));
    }

    /**
     * The error function: {@code x + x Q(x^2)} below 1 in magnitude, {@code 1 - e^-x^2 g(|x|)} from
     * 1 to 4 with the sign of x, ±1 beyond.
     *
     * @param x the argument
     * @return {@code erf(x)} within 1 ulp, odd (-0 stays -0)
     */
    public static float erf(float x) {
        float ax = Math.abs(x);
        if (ax < ERF_SERIES_END) {
            float t = x * x;
            float q = ERF_SERIES[0];
            for (int i = 1; i < ERF_SERIES.length; i++) {
                q = Math.fma(q, t, ERF_SERIES[i]);
            }
            return Math.fma(x, q, x);
        }
        float a = Math.min(ax, ERF_MAX);
        float h = a * a;
        float l = Math.fma(a, a, -h);
        float kShifted = Math.fma(-h, INV_LN2, SHIFT);
        float r = reduce(-h, kShifted - SHIFT);
        float hi = 1 + r;
        float lo = (r - (hi - 1)) + expTail(r);
        float s = a - ERF_G_CENTER;
        float g = ERFC_SCALED[0];
        for (int i = 1; i < ERFC_SCALED.length; i++) {
            g = Math.fma(g, s, ERFC_SCALED[i]);
        }
        // e^-(h + l) g = 2^k (hi + lo) g (1 - l), to well below an ulp of erfc.
        float gl = Math.fma(-g, l, g);
        return Math.copySign(1 - Math.fma(hi, gl, lo * gl) * scale(kShifted), x);
    }
}
