// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static dev.nabla.graph.kernel.ScalarMath.EXP_MAX;
import static dev.nabla.graph.kernel.ScalarMath.EXP_MIN;
import static dev.nabla.graph.kernel.ScalarMath.INV_LN2;
import static dev.nabla.graph.kernel.ScalarMath.LN2_HI;
import static dev.nabla.graph.kernel.ScalarMath.LN2_LO;
import static dev.nabla.graph.kernel.ScalarMath.ONE_BITS;
import static dev.nabla.graph.kernel.ScalarMath.SHIFT;
import static dev.nabla.graph.kernel.ScalarMath.TANH_SERIES_END;

import dev.nabla.graph.kernel.Elementwise;
import dev.nabla.graph.kernel.ScalarMath;
import dev.nabla.graph.kernel.Select;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarMath}'s functions lane by lane: the same operations in the same order, so the same
 * bits. tanh and sigmoid run as small passes over blocks that stay in the L1 cache: exp's
 * argument ({@code 2|x|} or {@code -|x|}) into a scratch block, exp of it in place, then what
 * makes tanh or sigmoid of it; the last few elements that fill no whole vector go to
 * ScalarMath's scalar methods.
 *
 * <p>Why passes, and no branch on the function inside a loop: the JIT boxes vectors on the heap
 * once a loop body grows past its inlining budget or merges vectors at a branch, and tanh written
 * as one loop of exp, its series and the selection ran at 30 to 50 ns an element that way, against
 * 2.3 for exp alone. Coefficients are constants rather than reads of ScalarMath's arrays: the JIT
 * hoists broadcasts of constants out of the loop but must reload array elements on every pass,
 * since the output array might be the same array.
 */
final class Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Full float32 vectors, for the loops that need no conversion. */
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Floats as many as S has doubles, in half the bits: one conversion fills one vector of S. */
    private static final VectorSpecies<Float> HALF = FloatVector.SPECIES_64.length() == S.length()
            ? FloatVector.SPECIES_64 : VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    /** Elements per block: the block, its scratch and its output fit in a 32 KB L1 cache. */
    private static final int BLOCK = 1024;
    /** Scratch blocks not in use, one per concurrent call at most: no allocation per call. */
    private static final ConcurrentLinkedDeque<double[]> SCRATCH = new ConcurrentLinkedDeque<>();

    private static final double[] EXP_SERIES = ScalarMath.expSeries();
    private static final double[] TANH_SERIES = ScalarMath.tanhSeries();

    private static final double E0 = EXP_SERIES[0];
    private static final double E1 = EXP_SERIES[1];
    private static final double E2 = EXP_SERIES[2];
    private static final double E3 = EXP_SERIES[3];
    private static final double E4 = EXP_SERIES[4];
    private static final double E5 = EXP_SERIES[5];
    private static final double E6 = EXP_SERIES[6];
    private static final double E7 = EXP_SERIES[7];
    private static final double E8 = EXP_SERIES[8];
    private static final double E9 = EXP_SERIES[9];
    private static final double E10 = EXP_SERIES[10];
    private static final double E11 = EXP_SERIES[11];
    private static final double E12 = EXP_SERIES[12];
    private static final double E13 = EXP_SERIES[13];

    private static final double T0 = TANH_SERIES[0];
    private static final double T1 = TANH_SERIES[1];
    private static final double T2 = TANH_SERIES[2];
    private static final double T3 = TANH_SERIES[3];
    private static final double T4 = TANH_SERIES[4];
    private static final double T5 = TANH_SERIES[5];
    private static final double T6 = TANH_SERIES[6];
    private static final double T7 = TANH_SERIES[7];
    private static final double T8 = TANH_SERIES[8];
    private static final double T9 = TANH_SERIES[9];
    private static final double T10 = TANH_SERIES[10];
    private static final double T11 = TANH_SERIES[11];
    private static final double T12 = TANH_SERIES[12];
    private static final double T13 = TANH_SERIES[13];
    private static final double T14 = TANH_SERIES[14];
    private static final double T15 = TANH_SERIES[15];

    static {
        if (EXP_SERIES.length != 14 || TANH_SERIES.length != 16) {
            throw new ExceptionInInitializerError("ScalarMath's series changed length; Lanes must follow");
        }
    }

    private Lanes() {}

    static int bits() {
        return S.vectorBitSize();
    }

    /** {@code y[i] = exp(x[i])}. */
    static void exp(double[] x, double[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        exp(x, from, y, from, end - from);
        for (int i = end; i < to; i++) {
            y[i] = ScalarMath.exp(x[i]);
        }
    }

    /** {@code y[i] = tanh(x[i])}: {@code e^2|x|} per block, then {@link #tanhFromExp}. */
    static void tanh(double[] x, double[] y, int from, int to) {
        viaExp(x, y, from, to, Lanes::twiceAbs, Lanes::tanhFromExp, ScalarMath::tanh);
    }

    /** {@code y[i] = sigmoid(x[i])}: {@code e^-|x|} per block, then {@link #sigmoidFromExp}. */
    static void sigmoid(double[] x, double[] y, int from, int to) {
        viaExp(x, y, from, to, Lanes::minusAbs, Lanes::sigmoidFromExp, ScalarMath::sigmoid);
    }

    /** A pass {@code e[j] = f(x[at + j])} for {@code j < n}. */
    private interface Argument {
        void apply(double[] x, int at, double[] e, int n);
    }

    /** A pass {@code y[at + j] = f(x[at + j], e[j])} for {@code j < n}. */
    private interface Finish {
        void apply(double[] x, double[] e, double[] y, int at, int n);
    }

    /**
     * A function of x and exp of a function of x, block by block: the argument into a scratch
     * block, exp of it in place, then the finish into y; elements that fill no whole vector by
     * the scalar method.
     */
    private static void viaExp(double[] x, double[] y, int from, int to, Argument argument, Finish finish,
            DoubleUnaryOperator scalar) {
        int end = from + S.loopBound(to - from);
        // A range shorter than a vector (a scalar chain's) needs no scratch: taking and returning
        // a block cost more than the scalar method itself.
        if (end > from) {
            double[] idle = SCRATCH.poll();
            double[] e = idle != null ? idle : new double[BLOCK];
            try {
                for (int b = from; b < end; b += BLOCK) {
                    int n = Math.min(BLOCK, end - b);
                    argument.apply(x, b, e, n);
                    exp(e, 0, e, 0, n);
                    finish.apply(x, e, y, b, n);
                }
            } finally {
                SCRATCH.push(e);
            }
        }
        for (int i = end; i < to; i++) {
            y[i] = scalar.applyAsDouble(x[i]);
        }
    }

    /**
     * A float64 loop run on float32 values: blocks widened into scratch by vector conversions, the
     * loop in place, then rounded back. The JIT does not vectorise a scalar float-to-double cast
     * (0.39 ns an element each way over an array, 0.16 by vectors).
     */
    static void widened(Elementwise.Map1 loop, float[] x, float[] y, int from, int to) {
        double[] idle = SCRATCH.poll();
        double[] w = idle != null ? idle : new double[BLOCK];
        try {
            for (int b = from; b < to; b += BLOCK) {
                int n = Math.min(BLOCK, to - b);
                widen(x, b, w, 0, n);
                loop.apply(w, w, 0, n);
                narrow(w, 0, y, b, n);
            }
        } finally {
            SCRATCH.push(w);
        }
    }

    /** {@code y[at + i] = x[from + i]}, exact, by vector conversions. */
    static void widen(float[] x, int from, double[] y, int at, int n) {
        int end = S.loopBound(n);
        for (int j = 0; j < end; j += S.length()) {
            ((DoubleVector) FloatVector.fromArray(HALF, x, from + j).convertShape(VectorOperators.F2D, S, 0)).intoArray(y, at + j);
        }
        for (int j = end; j < n; j++) {
            y[at + j] = x[from + j];
        }
    }

    /** {@code y[at + i] = (float) x[from + i]}, rounded to nearest, by vector conversions. */
    static void narrow(double[] x, int from, float[] y, int at, int n) {
        int end = S.loopBound(n);
        for (int j = 0; j < end; j += S.length()) {
            ((FloatVector) DoubleVector.fromArray(S, x, from + j).convertShape(VectorOperators.D2F, HALF, 0)).intoArray(y, at + j);
        }
        for (int j = end; j < n; j++) {
            y[at + j] = (float) x[from + j];
        }
    }

    /** {@code y[i] = c[i] != 0 ? a[i] : b[i]} by blending: -0 counts as zero, NaN does not, as in {@link dev.nabla.graph.kernel.Select}. */
    static void select(double[] c, double[] a, double[] b, double[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        for (int i = from; i < end; i += S.length()) {
            DoubleVector.fromArray(S, a, i).blend(DoubleVector.fromArray(S, b, i), DoubleVector.fromArray(S, c, i).eq(0))
                    .intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = Select.select(c[i], a[i], b[i]);
        }
    }

    /** {@link #select(double[], double[], double[], double[], int, int)} on float32 lanes. */
    static void select(float[] c, float[] a, float[] b, float[] y, int from, int to) {
        int end = from + FLOATS.loopBound(to - from);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector.fromArray(FLOATS, a, i).blend(FloatVector.fromArray(FLOATS, b, i), FloatVector.fromArray(FLOATS, c, i).eq(0))
                    .intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = Select.select(c[i], a[i], b[i]);
        }
    }

    private static void twiceAbs(double[] x, int at, double[] e, int n) {
        for (int j = 0; j < n; j += S.length()) {
            DoubleVector.fromArray(S, x, at + j).abs().mul(2).intoArray(e, j);
        }
    }

    private static void minusAbs(double[] x, int at, double[] e, int n) {
        for (int j = 0; j < n; j += S.length()) {
            DoubleVector.fromArray(S, x, at + j).abs().neg().intoArray(e, j);
        }
    }

    /**
     * {@code out[o + j] = exp(x[at + j])} for {@code j < n}, n a multiple of the vector length.
     * Its only parameters are arrays and indices: a scalar parameter broadcast in the loop (a
     * mask, a factor) made it five times slower.
     */
    private static void exp(double[] x, int at, double[] out, int o, int n) {
        for (int j = 0; j < n; j += S.length()) {
            DoubleVector arg = DoubleVector.fromArray(S, x, at + j);
            DoubleVector xc = arg.max(EXP_MIN).min(EXP_MAX);
            DoubleVector k = xc.fma(INV_LN2, SHIFT).sub(SHIFT);
            DoubleVector r = k.fma(broadcast(-LN2_LO), k.fma(broadcast(-LN2_HI), xc));
            DoubleVector p = broadcast(E0);
            p = p.fma(r, broadcast(E1));
            p = p.fma(r, broadcast(E2));
            p = p.fma(r, broadcast(E3));
            p = p.fma(r, broadcast(E4));
            p = p.fma(r, broadcast(E5));
            p = p.fma(r, broadcast(E6));
            p = p.fma(r, broadcast(E7));
            p = p.fma(r, broadcast(E8));
            p = p.fma(r, broadcast(E9));
            p = p.fma(r, broadcast(E10));
            p = p.fma(r, broadcast(E11));
            p = p.fma(r, broadcast(E12));
            p = p.fma(r, broadcast(E13));
            // 2^k as two factors, so subnormal results are rounded once (see ScalarMath.exp).
            DoubleVector k1Shifted = k.fma(0.5, SHIFT);
            DoubleVector k2Shifted = k.sub(k1Shifted.sub(SHIFT)).add(SHIFT);
            p.mul(scale(k1Shifted)).mul(scale(k2Shifted)).intoArray(out, o + j);
        }
    }

    /** {@code y[at + j] = tanh(x[at + j])} given {@code e[j] = exp(2|x[at + j]|)}. */
    private static void tanhFromExp(double[] x, double[] e, double[] y, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, at + j);
            DoubleVector av = v.abs();
            DoubleVector t = av.mul(av);
            DoubleVector q = broadcast(T0);
            q = q.fma(t, broadcast(T1));
            q = q.fma(t, broadcast(T2));
            q = q.fma(t, broadcast(T3));
            q = q.fma(t, broadcast(T4));
            q = q.fma(t, broadcast(T5));
            q = q.fma(t, broadcast(T6));
            q = q.fma(t, broadcast(T7));
            q = q.fma(t, broadcast(T8));
            q = q.fma(t, broadcast(T9));
            q = q.fma(t, broadcast(T10));
            q = q.fma(t, broadcast(T11));
            q = q.fma(t, broadcast(T12));
            q = q.fma(t, broadcast(T13));
            q = q.fma(t, broadcast(T14));
            q = q.fma(t, broadcast(T15));
            DoubleVector series = av.mul(t).fma(q, av);
            DoubleVector viaExp = broadcast(1).sub(broadcast(2).div(DoubleVector.fromArray(S, e, j).add(1)));
            // Math.copySign's bits: the magnitude's without their sign, v's sign.
            viaExp.blend(series, av.lt(TANH_SERIES_END)).reinterpretAsLongs().and(Long.MAX_VALUE)
                    .or(v.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles().intoArray(y, at + j);
        }
    }

    /** {@code y[at + j] = sigmoid(x[at + j])} given {@code e[j] = exp(-|x[at + j]|)}. */
    private static void sigmoidFromExp(double[] x, double[] e, double[] y, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            DoubleVector ev = DoubleVector.fromArray(S, e, j);
            DoubleVector s = broadcast(1).div(ev.add(1));
            // x < 0 where ScalarMath tests the sign bit: the sides agree at -0 (1/2) and NaN (NaN).
            s.blend(ev.mul(s), DoubleVector.fromArray(S, x, at + j).lt(0)).intoArray(y, at + j);
        }
    }

    private static DoubleVector scale(DoubleVector jShifted) {
        return jShifted.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).add(ONE_BITS).reinterpretAsDoubles();
    }

    private static DoubleVector broadcast(double v) {
        return DoubleVector.broadcast(S, v);
    }
}
