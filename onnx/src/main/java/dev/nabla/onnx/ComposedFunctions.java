// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Elementary functions written with other ONNX operators, where ONNX has no operator
 * ({@code log1p}, {@code expm1}) or where ONNX Runtime 1.22 has no float64 kernel (Cos, Atan, Erf
 * and Softplus exist for float32 only; a float64 model using them does not load), and Sigmoid in
 * float64 (see {@link #sigmoid}). Each composition
 * is accurate to a few ulps, so it agrees with Nabla's kernel to well within 1e-12 (relative), except
 * where stated.
 */
final class ComposedFunctions {
    /** pi/2 to 40 digits, split below into parts whose multiples by a small integer are exact. */
    private static final BigDecimal HALF_PI = new BigDecimal("1.570796326794896619231321691639751442098585");
    /** The first 33 bits of pi/2: m * PIO2_1 is exact for |m| < 2^20. */
    private static final double PIO2_1 = Double.longBitsToDouble(Double.doubleToRawLongBits(HALF_PI.doubleValue()) & ~0xFFFFFL);
    private static final double PIO2_2 = top33(HALF_PI.subtract(new BigDecimal(PIO2_1)).doubleValue());
    private static final double PIO2_3 = HALF_PI.subtract(new BigDecimal(PIO2_1)).subtract(new BigDecimal(PIO2_2)).doubleValue();
    /** Terms of the arctangent series after two halvings (|h| <= tan(pi/16), h^2 < 0.04): the 13th is below 1e-18. */
    private static final int ATAN_TERMS = 13;
    /** Terms of erf's series for |x| < 6, where the last is below 1e-18 of the sum. */
    private static final int ERF_TERMS = 100;
    /** Above this, erf(x) rounds to 1 in float64 (erfc(6) is 2e-17). */
    private static final double ERF_ONE = 6.0;

    private ComposedFunctions() {}

    private static double top33(double v) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(v) & ~0xFFFFFL);
    }

    /**
     * log1p(x) by Goldberg's correction: {@code w = 1 + x}; x where w rounds to 1, else
     * {@code log(w) * x / (w - 1)}, which cancels the rounding of w; +inf where w is +inf.
     */
    static void log1p(String x, String out, OnnxGraph g) {
        String w = g.op("Add", List.of(x, g.scalar(1.0)));
        String d = g.op("Sub", List.of(w, g.scalar(1.0)));
        String corrected = g.op("Div", List.of(g.op("Mul", List.of(g.op("Log", List.of(w)), x)), d));
        String small = g.op("Where", List.of(g.op("Equal", List.of(d, g.scalar(0.0))), x, corrected));
        String positiveInfinity = g.op("IsInf", List.of(w), OnnxGraph.attr("detect_negative", 0));
        g.node("Where", List.of(positiveInfinity, w, small), out);
    }

    /**
     * expm1(x) by Kahan's correction for |x| < 0.5: {@code u = exp(x)}; x where u rounds to 1,
     * else {@code (u - 1) * x / log(u)}; from 0.5 on, u - 1 loses nothing.
     */
    static void expm1(String x, String out, OnnxGraph g) {
        String u = g.op("Exp", List.of(x));
        String d = g.op("Sub", List.of(u, g.scalar(1.0)));
        String corrected = g.op("Div", List.of(g.op("Mul", List.of(d, x)), g.op("Log", List.of(u))));
        String small = g.op("Where", List.of(g.op("Equal", List.of(u, g.scalar(1.0))), x, corrected));
        String near0 = g.op("Less", List.of(g.op("Abs", List.of(x)), g.scalar(0.5)));
        g.node("Where", List.of(near0, small, d), out);
    }

    /**
     * cos(x) = (-1)^(k+1) sin(r) with {@code r = x - (2k+1) pi/2}, k = round(x/pi - 1/2), r
     * reduced in three parts of pi/2 (Cody and Waite), so |r| <= pi/2 keeps its low bits near the
     * zeros of cos. Exact to a few ulps for |x| below about 1.6e6 (2^20 pi/2); beyond, the
     * reduction loses bits.
     */
    static void cos(String x, String out, OnnxGraph g) {
        String k = g.op("Round", List.of(g.op("Sub", List.of(g.op("Mul", List.of(x, g.scalar(1 / Math.PI))), g.scalar(0.5)))));
        String m = g.op("Add", List.of(g.op("Mul", List.of(k, g.scalar(2.0))), g.scalar(1.0)));
        String r = g.op("Sub", List.of(x, g.op("Mul", List.of(m, g.scalar(PIO2_1)))));
        r = g.op("Sub", List.of(r, g.op("Mul", List.of(m, g.scalar(PIO2_2)))));
        r = g.op("Sub", List.of(r, g.op("Mul", List.of(m, g.scalar(PIO2_3)))));
        String odd = g.op("Abs", List.of(g.op("Mod", List.of(k, g.scalar(2.0)), OnnxGraph.attr("fmod", 1))));
        String sign = g.op("Sub", List.of(g.op("Mul", List.of(odd, g.scalar(2.0))), g.scalar(1.0)));
        g.node("Mul", List.of(sign, g.op("Sin", List.of(r))), out);
    }

    /**
     * atan(x): for |x| > 1, pi/2 - atan(1/|x|); the argument t <= 1 is halved twice by
     * {@code atan(t) = 2 atan(t / (1 + sqrt(1 + t^2)))} (no cancellation: every term is positive),
     * leaving |h| <= tan(pi/16) for 13 terms of the series; the sign of x last.
     */
    static void atan(String x, String out, OnnxGraph g) {
        String ax = g.op("Abs", List.of(x));
        String big = g.op("Greater", List.of(ax, g.scalar(1.0)));
        String t = g.op("Where", List.of(big, g.op("Reciprocal", List.of(ax)), ax));
        for (int i = 0; i < 2; i++) {
            String root = g.op("Sqrt", List.of(g.op("Add", List.of(g.op("Mul", List.of(t, t)), g.scalar(1.0)))));
            t = g.op("Div", List.of(t, g.op("Add", List.of(root, g.scalar(1.0)))));
        }
        String z = g.op("Mul", List.of(t, t));
        String series = g.scalar(alternating(ATAN_TERMS - 1));
        for (int n = ATAN_TERMS - 2; n >= 0; n--) {
            series = g.op("Add", List.of(g.op("Mul", List.of(series, z)), g.scalar(alternating(n))));
        }
        String reduced = g.op("Mul", List.of(g.op("Mul", List.of(t, series)), g.scalar(4.0)));
        String magnitude = g.op("Where", List.of(big, g.op("Sub", List.of(g.scalar(Math.PI / 2), reduced)), reduced));
        g.node("Where", List.of(g.op("Less", List.of(x, g.scalar(0.0))), g.op("Neg", List.of(magnitude)), magnitude), out);
    }

    private static double alternating(int n) {
        return (n % 2 == 0 ? 1.0 : -1.0) / (2 * n + 1);
    }

    /**
     * erf(x) = (2/sqrt(pi)) x exp(-x^2) sum_n (2x^2)^n / (1*3*...*(2n+1)) for |x| < 6: every term
     * is positive, so Horner's rule loses nothing to cancellation, and the coefficients are
     * rounded once from exact quotients; 1 from 6 on (the float64 value); the sign of x last, NaN kept.
     */
    static void erf(String x, String out, OnnxGraph g) {
        String ax = g.op("Abs", List.of(x));
        String xc = g.op("Min", List.of(ax, g.scalar(ERF_ONE)));
        String z = g.op("Mul", List.of(xc, xc));
        String u = g.op("Mul", List.of(z, g.scalar(1 / (ERF_ONE * ERF_ONE))));
        String series = g.scalar(erfCoefficient(ERF_TERMS - 1));
        for (int n = ERF_TERMS - 2; n >= 0; n--) {
            series = g.op("Add", List.of(g.op("Mul", List.of(series, u)), g.scalar(erfCoefficient(n))));
        }
        String gauss = g.op("Exp", List.of(g.op("Neg", List.of(z))));
        String value = g.op("Mul", List.of(g.op("Mul", List.of(g.op("Mul", List.of(xc, gauss)), series)),
                g.scalar(2 / Math.sqrt(Math.PI))));
        String magnitude = g.op("Where", List.of(g.op("Less", List.of(ax, g.scalar(ERF_ONE))), value, g.scalar(1.0)));
        String signed = g.op("Where", List.of(g.op("Less", List.of(x, g.scalar(0.0))), g.op("Neg", List.of(magnitude)),
                magnitude));
        g.node("Where", List.of(g.op("IsNaN", List.of(x)), x, signed), out);
    }

    /**
     * 72^n / (1 * 3 * ... * (2n+1)), rounded once: the coefficient of (x^2 / 36)^n, so that every
     * coefficient lies between 1e-4 and 1e16. Unscaled, the last ones fall to 1e-160, and ONNX
     * Runtime's optimisations (level ALL) then lost digits in them: erf was off by 1e-6 at x = 3.
     */
    private static double erfCoefficient(int n) {
        BigDecimal num = BigDecimal.ONE;
        BigDecimal den = BigDecimal.ONE;
        for (int k = 1; k <= n; k++) {
            num = num.multiply(BigDecimal.valueOf(2 * (long) (ERF_ONE * ERF_ONE)));
            den = den.multiply(BigDecimal.valueOf(2L * k + 1));
        }
        return num.divide(den, MathContext.DECIMAL128).doubleValue();
    }

    /**
     * sigmoid(x) as Nabla's kernel computes it: {@code e = exp(-|x|)}, {@code s = 1 / (1 + e)},
     * s for x >= 0 and {@code e * s} below (never an overflow, no cancellation).
     */
    static void sigmoid(String x, String out, OnnxGraph g) {
        String e = g.op("Exp", List.of(g.op("Neg", List.of(g.op("Abs", List.of(x))))));
        String s = g.op("Reciprocal", List.of(g.op("Add", List.of(e, g.scalar(1.0)))));
        g.node("Where", List.of(g.op("Less", List.of(x, g.scalar(0.0))), g.op("Mul", List.of(e, s)), s), out);
    }

    /** softplus(x) = max(x, 0) + log1p(exp(-|x|)), Nabla's own stable form, with log1p as {@link #log1p}. */
    static void softplus(String x, String out, OnnxGraph g) {
        String u = g.op("Exp", List.of(g.op("Neg", List.of(g.op("Abs", List.of(x))))));
        String tail = g.claim("t_log1p");
        log1p(u, tail, g);
        g.node("Add", List.of(g.op("Max", List.of(x, g.scalar(0.0))), tail), out);
    }
}
