// SPDX-License-Identifier: Apache-2.0
package dev.nabla.simd;

import dev.nabla.graph.kernel.Elementwise;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The comparisons {@code a < b}, {@code a <= b} and {@code a == b} on vector lanes: 1 where the
 * comparison holds, else 0, with the bits of the scalar loops (a comparison with NaN is false, and
 * -0 equals +0, in Java's operators as in the lanes').
 *
 * <p>Why: a ReLU mask is a coin flip per element, so a scalar comparison either mispredicts its
 * branch or spends integer operations on each element. In float32 the comparisons took a fifth of
 * an MLP step's time (JFR, AMD EPYC Zen 5). A lane comparison and a blend take neither.
 *
 * <p>Every loop computes {@code a < b} and {@code a == b} and keeps what the comparison asks for
 * through masks set before the loop. The Vector API's intrinsics need a constant operator, and a
 * long loop is compiled on its own (on-stack replacement), where an operator passed in is not one.
 * float64 le per element over 64K, AMD EPYC Zen 5: 1.6 ns scalar, 3.0 with the operator passed in,
 * 2.3 with a switch over literal operators, 0.6 with the masks (float32: 1.4 scalar, 0.25 masks).
 */
enum Comparisons implements Elementwise.Map2 {
    LT(true, false),
    LE(true, true),
    EQ(false, true);

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /** Whether the comparison holds where {@code a < b}. */
    private final boolean less;
    /** Whether it holds where {@code a == b}. */
    private final boolean equal;

    Comparisons(boolean less, boolean equal) {
        this.less = less;
        this.equal = equal;
    }

    @Override
    public void apply(double[] a, double[] b, double[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        VectorMask<Double> lt = all(less);
        VectorMask<Double> eq = all(equal);
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = from; i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, a, i);
            DoubleVector w = DoubleVector.fromArray(S, b, i);
            zero.blend(1.0, v.lt(w).and(lt).or(v.eq(w).and(eq))).intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = holds(a[i], b[i], false) ? 1.0 : 0.0;
        }
    }

    @Override
    public void apply(float[] a, float[] b, float[] y, int from, int to) {
        int end = from + FLOATS.loopBound(to - from);
        VectorMask<Float> lt = allFloats(less);
        VectorMask<Float> eq = allFloats(equal);
        FloatVector zero = FloatVector.zero(FLOATS);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector v = FloatVector.fromArray(FLOATS, a, i);
            FloatVector w = FloatVector.fromArray(FLOATS, b, i);
            zero.blend(1f, v.lt(w).and(lt).or(v.eq(w).and(eq))).intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = holds(a[i], b[i], false) ? 1f : 0f;
        }
    }

    /** With a scalar first operand, {@code s < a[i]} is read as {@code a[i] > s}. */
    @Override
    public void apply(double[] a, double s, boolean scalarFirst, double[] y, int from, int to) {
        int end = from + S.loopBound(to - from);
        VectorMask<Double> lt = all(less && !scalarFirst);
        VectorMask<Double> gt = all(less && scalarFirst);
        VectorMask<Double> eq = all(equal);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector w = DoubleVector.broadcast(S, s);
        for (int i = from; i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, a, i);
            zero.blend(1.0, v.lt(w).and(lt).or(w.lt(v).and(gt)).or(v.eq(w).and(eq))).intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = holds(a[i], s, scalarFirst) ? 1.0 : 0.0;
        }
    }

    @Override
    public void apply(float[] a, float s, boolean scalarFirst, float[] y, int from, int to) {
        int end = from + FLOATS.loopBound(to - from);
        VectorMask<Float> lt = allFloats(less && !scalarFirst);
        VectorMask<Float> gt = allFloats(less && scalarFirst);
        VectorMask<Float> eq = allFloats(equal);
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector w = FloatVector.broadcast(FLOATS, s);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector v = FloatVector.fromArray(FLOATS, a, i);
            zero.blend(1f, v.lt(w).and(lt).or(w.lt(v).and(gt)).or(v.eq(w).and(eq))).intoArray(y, i);
        }
        for (int i = end; i < to; i++) {
            y[i] = holds(a[i], s, scalarFirst) ? 1f : 0f;
        }
    }

    /**
     * A mask of all lanes set or all clear, made by a lane comparison rather than
     * {@code maskAll}: its branch between two mask constants, first taken one way and then the
     * other, cost a recompilation that left the float64 loop at 1.6 ns an element.
     */
    private static VectorMask<Double> all(boolean set) {
        return DoubleVector.zero(S).lt(set ? 1.0 : 0.0);
    }

    private static VectorMask<Float> allFloats(boolean set) {
        return FloatVector.zero(FLOATS).lt(set ? 1f : 0f);
    }

    /**
     * The loop of a comparison by name, as {@code Compare}'s rows name them.
     *
     * @param name {@code lt}, {@code le} or {@code eq}
     * @return its loop, or null for another name
     */
    static Elementwise.Map2 named(String name) {
        return switch (name) {
            case "lt" -> LT;
            case "le" -> LE;
            case "eq" -> EQ;
            default -> null;
        };
    }

    /** Java's operator on {@code (a, b)}, or on {@code (b, a)} if {@code swapped}: the elements after the last whole vector. */
    private boolean holds(double a, double b, boolean swapped) {
        double x = swapped ? b : a;
        double z = swapped ? a : b;
        return (less && x < z) || (equal && x == z);
    }
}
