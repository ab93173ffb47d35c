// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import static dev.nabla.graph.kernel.FloatMath.ERF_G_CENTER;
import static dev.nabla.graph.kernel.FloatMath.ERF_MAX;
import static dev.nabla.graph.kernel.FloatMath.ERF_SERIES_END;
import static dev.nabla.graph.kernel.FloatMath.EXP_MAX;
import static dev.nabla.graph.kernel.FloatMath.EXP_MIN;
import static dev.nabla.graph.kernel.FloatMath.INV_LN2;
import static dev.nabla.graph.kernel.FloatMath.LN2_HI;
import static dev.nabla.graph.kernel.FloatMath.LN2_LO;
import static dev.nabla.graph.kernel.FloatMath.ONE_BITS;
import static dev.nabla.graph.kernel.FloatMath.SHIFT;
import static dev.nabla.graph.kernel.FloatMath.TANH_EXP_MAX;
import static dev.nabla.graph.kernel.FloatMath.TANH_SERIES_END;

import dev.nabla.graph.kernel.FloatMath;
import java.util.concurrent.ConcurrentLinkedDeque;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatMath}'s functions on {@link FloatVector}s of the preferred species (16 lanes on
 * AVX-512, 8 on AVX2): the same operations in the same order, so the same bits; the last elements
 * that fill no whole vector go to FloatMath's scalar methods. Where FloatMath branches (tanh's
 * series, erf's two forms) both sides are computed and blended by the same comparison. Constants
 * are static finals, which the JIT broadcasts once outside the loop (see {@link Lanes}).
 *
 * <p>tanh, sigmoid and erf run as small passes over blocks that stay in L1, for the reason
 * {@link Lanes} gives: each written as one loop body ran at 5 to 20 ns an element (C2 boxed its
 * vectors), against 0.8 for exp alone. For the same reason the reduction, exp's polynomial and
 * the sign are written out in each pass rather than called: a helper taking and returning vectors
 * that C2 had already compiled on its own was not inlined, and its vectors went to the heap (24 to
 * 48 bytes an element for tanh and erf, 4.6 to 30 ns an element). Math.copySign's bits are the
 * magnitude's without their sign, or'ed with the sign's sign.
 */
final class FloatLanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Elements per block: the block, two scratch blocks and the output fit in a 32 KB L1 cache. */
    private static final int BLOCK = 1024;
    /** Scratch blocks not in use, two to a set, one set per concurrent call at most. */
    private static final ConcurrentLinkedDeque<float[][]> SCRATCH = new ConcurrentLinkedDeque<>();

    private static final float[] EXP_SERIES = FloatMath.expSeries();
    private static final float[] TANH_SERIES = FloatMath.tanhSeries();
    private static final float[] ERF_SERIES = FloatMath.erfSeries();
    private static final float[] ERFC_SCALED = FloatMath.erfcScaled();

    private static final float E0 = EXP_SERIES[0];
    private static final float E1 = EXP_SERIES[1];
    private static final float E2 = EXP_SERIES[2];
    private static final float E3 = EXP_SERIES[3];
    private static final float E4 = EXP_SERIES[4];
    private static final float E5 = EXP_SERIES[5];

    private static final float T0 = TANH_SERIES[0];
    private static final float T1 = TANH_SERIES[1];
    private static final float T2 = TANH_SERIES[2];
    private static final float T3 = TANH_SERIES[3];
    private static final float T4 = TANH_SERIES[4];
    private static final float T5 = TANH_SERIES[5];
    private static final float T6 = TANH_SERIES[6];
    private static final float T7 = TANH_SERIES[7];

    private static final float Q0 = ERF_SERIES[0];
    private static final float Q1 = ERF_SERIES[1];
    private static final float Q2 = ERF_SERIES[2];
    private static final float Q3 = ERF_SERIES[3];
    private static final float Q4 = ERF_SERIES[4];
    private static final float Q5 = ERF_SERIES[5];
    private static final float Q6 = ERF_SERIES[6];
    private static final float Q7 = ERF_SERIES[7];

    private static final float G0 = ERFC_SCALED[0];
    private static final float G1 = ERFC_SCALED[1];
    private static final float G2 = ERFC_SCALED[2];
    private static final float G3 = ERFC_SCALED[3];
    private static final float G4 = ERFC_SCALED[4];
    private static final float G5 = ERFC_SCALED[5];
    private static final float G6 = ERFC_SCALED[6];
    private static final float G7 = ERFC_SCALED[7];
    private static final float G8 = ERFC_SCALED[8];
    private static final float G9 = ERFC_SCALED[9];
    private static final float G10 = ERFC_SCALED[10];
    private static final float G11 = ERFC_SCALED[11];
    private static final float G12 = ERFC_SCALED[12];

    static {
        if (EXP_SERIES.length != 6 || TANH_SERIES.length != 8 || ERF_SERIES.length != 8 || ERFC_SCALED.length != 13) {
            throw new ExceptionInInitializerError("FloatMath's series changed length; FloatLanes must follow");
        }
    }

    private FloatLanes() {}

    /** {@code y[i] = FloatMath.exp(x[i])}. */
    static void exp(float[] x, float[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        for (int i = from; i < end; i += S.length()) {
            FloatVector xc = FloatVector.fromArray(S, x, i).max(EXP_MIN).min(EXP_MAX);
            FloatVector k = xc.fma(INV_LN2, SHIFT).sub(SHIFT);
            FloatVector r = k.fma(broadcast(-LN2_LO), k.fma(broadcast(-LN2_HI), xc));
            FloatVector hi = r.add(1);
            FloatVector lo = r.sub(hi.sub(1)).add(r.mul(r).mul(broadcast(E0).fma(r, broadcast(E1)).fma(r, broadcast(E2)).fma(r, broadcast(E3))
                    .fma(r, broadcast(E4)).fma(r, broadcast(E5))));
            FloatVector k1Shifted = k.fma(0.5f, SHIFT);
            FloatVector k2Shifted = k.sub(k1Shifted.sub(SHIFT)).add(SHIFT);
            FloatVector s1 = scale(k1Shifted);
            hi.fma(s1, lo.mul(s1)).mul(scale(k2Shifted)).intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = FloatMath.exp(x[i]);
        }
    }

    /** {@code y[i] = FloatMath.tanh(x[i])}: per block e^2|x| as two floats, 1 - 2/(e + 1), then the series and the blend. */
    static void tanh(float[] x, float[] y, int from, int to) {
        int end = inPasses(TANH, x, y, from, to);
        for (int i = end; i < to; i++) {
            y[i] = FloatMath.tanh(x[i]);
        }
    }

    /** {@code y[i] = FloatMath.sigmoid(x[i])}: per block -|x|, e^-|x| as two floats, then the corrected quotient. */
    static void sigmoid(float[] x, float[] y, int from, int to) {
        int end = inPasses(SIGMOID, x, y, from, to);
        for (int i = end; i < to; i++) {
            y[i] = FloatMath.sigmoid(x[i]);
        }
    }

    /** {@code y[i] = FloatMath.erf(x[i])}: per block g(|x|) (1 - l), then 1 - erfc, then the series and the blend. */
    static void erf(float[] x, float[] y, int from, int to) {
        int end = inPasses(ERF, x, y, from, to);
        for (int i = end; i < to; i++) {
            y[i] = FloatMath.erf(x[i]);
        }
    }

    /**
     * One pass over a block of n elements from {@code at}: reads x and the scratch blocks a and b,
     * writes them or y. Each function has at least three, all called from the one site in
     * {@link #inPasses}, so C2 sees a megamorphic call there and compiles each pass on its own:
     * inlined into one driver, the passes used up C2's node budget (NodeCountInliningCutoff) and
     * their vectors went to the heap (24 to 54 bytes an element, 3 to 50 ns).
     */
    private enum Pass {
        TANH_EXP {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                tanhExp(x, at, a, b, n);
            }
        },
        TANH_QUOTIENT {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                tanhQuotient(a, b, n);
            }
        },
        TANH_FINISH {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                tanhFinish(x, a, y, at, n);
            }
        },
        SIGMOID_ARGUMENT {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                sigmoidArgument(x, at, a, n);
            }
        },
        SIGMOID_EXP {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                sigmoidExp(a, b, n);
            }
        },
        SIGMOID_QUOTIENT {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                sigmoidQuotient(x, a, b, y, at, n);
            }
        },
        ERFC_SCALED {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                erfcScaled(x, at, a, n);
            }
        },
        ERF_VIA_ERFC {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                erfViaErfc(x, a, at, n);
            }
        },
        ERF_FINISH {
            @Override
            void run(float[] x, int at, float[] a, float[] b, float[] y, int n) {
                erfFinish(x, a, y, at, n);
            }
        };

        abstract void run(float[] x, int at, float[] a, float[] b, float[] y, int n);
    }

    private static final Pass[] TANH = {Pass.TANH_EXP, Pass.TANH_QUOTIENT, Pass.TANH_FINISH};
    private static final Pass[] SIGMOID = {Pass.SIGMOID_ARGUMENT, Pass.SIGMOID_EXP, Pass.SIGMOID_QUOTIENT};
    private static final Pass[] ERF = {Pass.ERFC_SCALED, Pass.ERF_VIA_ERFC, Pass.ERF_FINISH};

    /**
     * Runs the passes block by block over the whole vectors of {@code [from, to)}.
     *
     * @return where the whole vectors end: the elements from there on are the caller's
     */
    private static int inPasses(Pass[] passes, float[] x, float[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        if (end == from) {
            return end; // fewer elements than a vector: no scratch block to take
        }
        float[][] idle = SCRATCH.poll();
        float[][] w = idle != null ? idle : new float[2][BLOCK];
        try {
            for (int b = from; b < end; b += BLOCK) {
                int n = Math.min(BLOCK, end - b);
                for (Pass pass : passes) {
                    pass.run(x, b, w[0], w[1], y, n);
                }
            }
        } finally {
            SCRATCH.push(w);
        }
        return end;
    }

    /** {@code eh[j] + el[j] = e^min(2|x|, 20)} for {@code x = x[at + j]}. */
    private static void tanhExp(float[] x, int at, float[] eh, float[] el, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector xc = FloatVector.fromArray(S, x, at + j).abs().mul(2).min(TANH_EXP_MAX);
            FloatVector kShifted = xc.fma(INV_LN2, SHIFT);
            FloatVector k = kShifted.sub(SHIFT);
            FloatVector r0 = k.fma(broadcast(-LN2_LO), k.fma(broadcast(-LN2_HI), xc));
            FloatVector hi = r0.add(1);
            FloatVector lo = r0.sub(hi.sub(1)).add(r0.mul(r0).mul(broadcast(E0).fma(r0, broadcast(E1)).fma(r0, broadcast(E2)).fma(r0, broadcast(E3))
                    .fma(r0, broadcast(E4)).fma(r0, broadcast(E5))));
            FloatVector p = hi.add(lo);
            FloatVector s = scale(kShifted);
            p.mul(s).intoArray(eh, j);
            lo.sub(p.sub(hi)).mul(s).intoArray(el, j);
        }
    }

    /** {@code eh[j] = 1 - 2/(eh[j] + el[j] + 1)}, the quotient corrected by its remainder. */
    private static void tanhQuotient(float[] eh, float[] el, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, eh, j);
            FloatVector dh = e.add(1);
            FloatVector dl = e.sub(dh).add(1).add(FloatVector.fromArray(S, el, j));
            FloatVector q = broadcast(2).div(dh);
            FloatVector nq = q.neg();
            FloatVector correction = nq.fma(dl, nq.fma(dh, broadcast(2))).mul(q.mul(0.5f));
            FloatVector t = broadcast(1).sub(q);
            t.add(broadcast(1).sub(t).sub(q).sub(correction)).intoArray(eh, j);
        }
    }

    /** {@code y[at + j] = tanh(x[at + j])}: the series below 0.5, else {@code viaExp[j]}, with x's sign. */
    private static void tanhFinish(float[] x, float[] viaExp, float[] y, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, at + j);
            FloatVector ax = v.abs();
            FloatVector t = ax.mul(ax);
            FloatVector p = broadcast(T0).fma(t, broadcast(T1)).fma(t, broadcast(T2)).fma(t, broadcast(T3))
                    .fma(t, broadcast(T4)).fma(t, broadcast(T5)).fma(t, broadcast(T6)).fma(t, broadcast(T7));
            FloatVector series = ax.mul(t).fma(p, ax);
            FloatVector.fromArray(S, viaExp, j).blend(series, ax.lt(TANH_SERIES_END)).reinterpretAsInts().and(Integer.MAX_VALUE)
                    .or(v.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().intoArray(y, at + j);
        }
    }

    /** {@code xc[j] = max(-|x[at + j]|, -104)}. */
    private static void sigmoidArgument(float[] x, int at, float[] xc, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector.fromArray(S, x, at + j).abs().neg().max(EXP_MIN).intoArray(xc, j);
        }
    }

    /** {@code eh[j] + el[j] = e^xc[j]}, scaled in two steps; eh is xc's block, overwritten. */
    private static void sigmoidExp(float[] eh, float[] el, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector xc = FloatVector.fromArray(S, eh, j);
            FloatVector k = xc.fma(INV_LN2, SHIFT).sub(SHIFT);
            FloatVector r = k.fma(broadcast(-LN2_LO), k.fma(broadcast(-LN2_HI), xc));
            FloatVector hi = r.add(1);
            FloatVector k1Shifted = k.fma(0.5f, SHIFT);
            FloatVector k2Shifted = k.sub(k1Shifted.sub(SHIFT)).add(SHIFT);
            FloatVector s1 = scale(k1Shifted);
            FloatVector s2 = scale(k2Shifted);
            FloatVector lo = r.sub(hi.sub(1)).add(r.mul(r).mul(broadcast(E0).fma(r, broadcast(E1)).fma(r, broadcast(E2)).fma(r, broadcast(E3))
                    .fma(r, broadcast(E4)).fma(r, broadcast(E5))));
            FloatVector p = hi.add(lo);
            p.mul(s1).mul(s2).intoArray(eh, j);
            lo.sub(p.sub(hi)).mul(s1).mul(s2).intoArray(el, j);
        }
    }

    /** {@code y[at + j] = (x < 0 ? e : 1)/(1 + e)} with {@code e = eh[j] + el[j]}, corrected by the remainder. */
    private static void sigmoidQuotient(float[] x, float[] eh, float[] el, float[] y, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector e = FloatVector.fromArray(S, eh, j);
            FloatVector l = FloatVector.fromArray(S, el, j);
            FloatVector dh = broadcast(1).add(e);
            FloatVector dl = broadcast(1).sub(dh).add(e).add(l);
            // x < 0 where FloatMath tests the sign bit: the sides agree at -0 (1/2) and NaN (NaN).
            VectorMask<Float> negative = FloatVector.fromArray(S, x, at + j).lt(0);
            FloatVector nh = broadcast(1).blend(e, negative);
            FloatVector nl = broadcast(0).blend(l, negative);
            FloatVector q = nh.div(dh);
            FloatVector nq = q.neg();
            FloatVector rem = nq.fma(dl, nq.fma(dh, nh).add(nl));
            rem.fma(q.blend(broadcast(1).sub(q), negative), q).intoArray(y, at + j);
        }
    }

    /** {@code gl[j] = g(a) (1 - l)}, {@code a = min(|x[at + j]|, 4)}, l the rounding error of a^2. */
    private static void erfcScaled(float[] x, int at, float[] gl, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector a = FloatVector.fromArray(S, x, at + j).abs().min(ERF_MAX);
            FloatVector l = a.fma(a, a.mul(a).neg());
            FloatVector s = a.sub(ERF_G_CENTER);
            FloatVector g = broadcast(G0).fma(s, broadcast(G1)).fma(s, broadcast(G2)).fma(s, broadcast(G3))
                    .fma(s, broadcast(G4)).fma(s, broadcast(G5)).fma(s, broadcast(G6)).fma(s, broadcast(G7))
                    .fma(s, broadcast(G8)).fma(s, broadcast(G9)).fma(s, broadcast(G10)).fma(s, broadcast(G11))
                    .fma(s, broadcast(G12));
            g.neg().fma(l, g).intoArray(gl, j);
        }
    }

    /** {@code w[j] = ±(1 - e^-a^2 gl[j])} with x's sign. */
    private static void erfViaErfc(float[] x, float[] w, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, at + j);
            FloatVector a = v.abs().min(ERF_MAX);
            FloatVector nh = a.mul(a).neg();
            FloatVector kShifted = nh.fma(INV_LN2, SHIFT);
            FloatVector k = kShifted.sub(SHIFT);
            FloatVector r = k.fma(broadcast(-LN2_LO), k.fma(broadcast(-LN2_HI), nh));
            FloatVector hi = r.add(1);
            FloatVector lo = r.sub(hi.sub(1)).add(r.mul(r).mul(broadcast(E0).fma(r, broadcast(E1)).fma(r, broadcast(E2)).fma(r, broadcast(E3))
                    .fma(r, broadcast(E4)).fma(r, broadcast(E5))));
            FloatVector gl = FloatVector.fromArray(S, w, j);
            broadcast(1).sub(hi.fma(gl, lo.mul(gl)).mul(scale(kShifted))).reinterpretAsInts().and(Integer.MAX_VALUE)
                    .or(v.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().intoArray(w, j);
        }
    }

    /** {@code y[at + j] = erf(x[at + j])}: the series below 1, else {@code viaErfc[j]}. */
    private static void erfFinish(float[] x, float[] viaErfc, float[] y, int at, int n) {
        for (int j = 0; j < n; j += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, at + j);
            FloatVector t = v.mul(v);
            FloatVector q = broadcast(Q0).fma(t, broadcast(Q1)).fma(t, broadcast(Q2)).fma(t, broadcast(Q3))
                    .fma(t, broadcast(Q4)).fma(t, broadcast(Q5)).fma(t, broadcast(Q6)).fma(t, broadcast(Q7));
            FloatVector.fromArray(S, viaErfc, j).blend(v.fma(q, v), v.abs().lt(ERF_SERIES_END)).intoArray(y, at + j);
        }
    }

    private static FloatVector scale(FloatVector jShifted) {
        return jShifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(ONE_BITS).reinterpretAsFloats();
    }

    private static FloatVector broadcast(float v) {
        return FloatVector.broadcast(S, v);
    }
}
