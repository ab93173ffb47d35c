// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops with their scalar function compiled in.
 *
 * <p>One loop shared by every function calls the function through an interface at a call site
 * that sees them all, which the JIT cannot inline: about 4 ns an element for a negation. So each
 * function gets its own copy of the loop, a hidden class whose constant is that function; the JIT
 * then inlines and vectorises it (0.2 ns). Should hidden classes be unavailable, a shared loop
 * still gives the same numbers. {@link Chunked} runs them over whole arrays in fixed chunks.
 * exp, tanh and sigmoid run on a {@link VectorMath} backend's loops when one is on the class path
 * ({@code -Dnabla.vector=off} keeps the scalar loops), with the same bits either way; so do the
 * float-native float32 forms of exp, tanh, sigmoid and erf ({@link FloatMath}).
 *
 * <p>Usage: {@code Elementwise.Map1 exp = Elementwise.unary(Math::exp); Chunked.run(exp, x, y, 1);}
 */
public final class Elementwise {
    /** Vectorised loops of {@link ScalarMath}'s functions, if a module provides them. */
    static final VectorMath VECTOR = Backends.find(VectorMath.class, "nabla.vector", "off");
    private static final Map3 SELECT = VECTOR != null && VECTOR.select() != null ? VECTOR.select() : Select.SCALAR;

    private Elementwise() {}

    /** Elements a float32 loop widens at a time when it runs the float64 loop on them. */
    static final int BLOCK = 1024;
    /** Scratch blocks not in use, two to a set (a binary loop's operands): one set per call in flight. */
    private static final ConcurrentLinkedDeque<double[][]> BLOCKS = new ConcurrentLinkedDeque<>();

    /** A loop {@code y[i] = f(x[i])} over {@code [from, to)}. */
    public interface Map1 {
        /**
         * Runs the loop.
         *
         * @param x the operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        void apply(double[] x, double[] y, int from, int to);

        /**
         * Runs the loop on float32 values: each element computed in float64 and rounded once,
         * unless the loop was made with a {@link NativeFloat1} form, which computes in float.
         * This default runs the float64 loop on blocks widened into scratch, so a vector backend's
         * loops serve float32 too; loops made by {@link #unary} compute element by element.
         *
         * @param x the operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        default void apply(float[] x, float[] y, int from, int to) {
            inBlocks(from, to, (w, unused, at, n) -> {
                Conversions.widen(x, at, w, 0, n);
                apply(w, w, 0, n);
                Conversions.narrow(w, 0, y, at, n);
            });
        }
    }

    /** The selection loop, {@code y[i] = c[i] != 0 ? a[i] : b[i]} bit for bit over {@code [from, to)}. */
    public interface Map3 {
        /**
         * Runs the loop.
         *
         * @param c the condition
         * @param a where c is not zero
         * @param b where c is zero
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        void apply(double[] c, double[] a, double[] b, double[] y, int from, int to);

        /**
         * Runs the loop on float32 values.
         *
         * @param c the condition
         * @param a where c is not zero
         * @param b where c is zero
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        void apply(float[] c, float[] a, float[] b, float[] y, int from, int to);
    }

    /** A loop {@code y[i] = f(a[i], b[i])} over {@code [from, to)}. */
    public interface Map2 {
        /**
         * Runs the loop.
         *
         * @param a the first operand
         * @param b the second operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        void apply(double[] a, double[] b, double[] y, int from, int to);

        /**
         * Runs the loop on float32 values: each element computed in float64 and rounded once, by
         * default on widened blocks as {@link Map1#apply(float[], float[], int, int)}.
         *
         * @param a the first operand
         * @param b the second operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        default void apply(float[] a, float[] b, float[] y, int from, int to) {
            inBlocks(from, to, (u, v, at, n) -> {
                Conversions.widen(a, at, u, 0, n);
                Conversions.widen(b, at, v, 0, n);
                apply(u, v, u, 0, n);
                Conversions.narrow(u, 0, y, at, n);
            });
        }

        /**
         * Runs the loop with one operand a scalar: {@code y[i] = f(a[i], s)}, or {@code f(s, a[i])}
         * if {@code scalarFirst}, the values of the loop over {@code s} broadcast, without
         * the broadcast array. This default broadcasts {@code s} into scratch block by block.
         *
         * @param a the array operand
         * @param s the scalar operand
         * @param scalarFirst whether {@code s} is the first operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        default void apply(double[] a, double s, boolean scalarFirst, double[] y, int from, int to) {
            inBlocks(from, to, (u, v, at, n) -> {
                System.arraycopy(a, at, u, 0, n);
                Arrays.fill(v, 0, n, s);
                apply(scalarFirst ? v : u, scalarFirst ? u : v, u, 0, n);
                System.arraycopy(u, 0, y, at, n);
            });
        }

        /**
         * {@link #apply(double[], double, boolean, double[], int, int)} on float32 values, each
         * element computed in float64 and rounded once.
         *
         * @param a the array operand
         * @param s the scalar operand
         * @param scalarFirst whether {@code s} is the first operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        default void apply(float[] a, float s, boolean scalarFirst, float[] y, int from, int to) {
            inBlocks(from, to, (u, v, at, n) -> {
                Conversions.widen(a, at, u, 0, n);
                Arrays.fill(v, 0, n, s);
                apply(scalarFirst ? v : u, scalarFirst ? u : v, u, 0, n);
                Conversions.narrow(u, 0, y, at, n);
            });
        }
    }

    /** A float32 form of a function, the type a loop holds; {@link ExactFloat1} and {@link NativeFloat1} say which kind. */
    @FunctionalInterface
    public interface Float1 {
        /**
         * Computes the function on one float.
         *
         * @param x the operand
         * @return the function's float32 value at x
         */
        float apply(float x);
    }

    /**
     * A float32 function computed in float arithmetic, such as {@link FloatMath#tanh}: within a
     * bound its class states (an ulp or so) of what the float64 twin's result rounds to, but not
     * always equal to it. It runs at float32 speed (twice the vector lanes, no conversions).
     */
    @FunctionalInterface
    public interface NativeFloat1 extends Float1 {}

    /** A loop {@code y[i] = f(x[i])} over {@code [from, to)} on float32 values only. */
    @FunctionalInterface
    public interface FloatMap1 {
        /**
         * Runs the loop.
         *
         * @param x the operand
         * @param y the output
         * @param from first index
         * @param to one past the last index
         */
        void apply(float[] x, float[] y, int from, int to);
    }

    /**
     * A float32 function that gives exactly what its float64 twin's result rounds to, such as
     * {@code a + b} (a float64 sum of two floats is exact or rounds once, so rounding again to
     * float32 changes nothing): it lets a float32 loop skip the conversions, which the JIT does
     * not vectorise (3.2 ns an element against 0.2 for a float32 add).
     */
    @FunctionalInterface
    public interface ExactFloat1 extends Float1 {}

    /** The binary form of {@link ExactFloat1}. */
    @FunctionalInterface
    public interface ExactFloat2 {
        /**
         * Computes the function on two floats.
         *
         * @param a the first operand
         * @param b the second
         * @return the float64 value, rounded
         */
        float apply(float a, float b);
    }

    /** One block of a loop run through scratch: {@code n} elements from {@code at}, two scratch blocks. */
    private interface Block {
        void run(double[] u, double[] v, int at, int n);
    }

    /** Runs {@code [from, to)} block by block on a set of scratch blocks from the pool. */
    private static void inBlocks(int from, int to, Block body) {
        double[][] w = BLOCKS.poll();
        if (w == null) {
            w = new double[2][BLOCK];
        }
        try {
            for (int at = from; at < to; at += BLOCK) {
                body.run(w[0], w[1], at, Math.min(BLOCK, to - at));
            }
        } finally {
            BLOCKS.push(w);
        }
    }

    /**
     * Makes the loop of a unary function.
     *
     * @param f the function
     * @return its own loop
     */
    public static Map1 unary(DoubleUnaryOperator f) {
        return unary(f, null);
    }

    /**
     * Makes the loop of a unary function with a float32 form that needs no conversions.
     *
     * <p>Usage: {@code Elementwise.Map1 neg = Elementwise.unary(x -> -x, x -> -x);}
     *
     * @param f the function
     * @param exact its float32 form, or null to compute float32 elements through {@code f}
     * @return its own loop
     */
    public static Map1 unary(DoubleUnaryOperator f, ExactFloat1 exact) {
        return unaryWithFloat(f, exact);
    }

    /** The loop of f whose float32 elements are {@code ff}'s, or f's rounded if ff is null. */
    private static Map1 unaryWithFloat(DoubleUnaryOperator f, Float1 ff) {
        Map1 loop = specialise(UnaryLoop.class, Arrays.asList(f, ff), Map1.class);
        return loop != null ? loop : (x, y, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.applyAsDouble(x[i]);
            }
        };
    }

    /**
     * Makes the loop of one of {@link ScalarMath}'s functions: the {@link VectorMath} backend's if
     * there is one, else the scalar loop of {@code f}, which gives the same bits.
     *
     * <p>Usage: {@code Elementwise.Map1 tanh = Elementwise.elementary(ScalarMath::tanh, "tanh");}
     *
     * @param f the scalar function, one of ScalarMath's
     * @param function its name for the backend: {@code "exp"}, {@code "tanh"} or {@code "sigmoid"}
     * @return the loop
     */
    public static Map1 elementary(DoubleUnaryOperator f, String function) {
        Map1 loop = VECTOR == null ? null : VECTOR.loop(function);
        return loop != null ? loop : unary(f);
    }

    /**
     * Makes the loop of a function with a float-native float32 form: float64 elements as
     * {@link #elementary(DoubleUnaryOperator, String)}, float32 elements by {@code ff} (the
     * {@link VectorMath} backend's float loop if it has one, with ff's bits), never through float64.
     *
     * <p>Usage: {@code Elementwise.Map1 tanh = Elementwise.elementary(ScalarMath::tanh, "tanh", FloatMath::tanh);}
     *
     * @param f the float64 function
     * @param function its name for the backend: {@code "exp"}, {@code "tanh"}, {@code "sigmoid"} or {@code "erf"}
     * @param ff the float32 function, one of FloatMath's
     * @return the loop
     */
    public static Map1 elementary(DoubleUnaryOperator f, String function, NativeFloat1 ff) {
        Map1 scalar = unaryWithFloat(f, ff);
        if (VECTOR == null) {
            return scalar;
        }
        Map1 wide = VECTOR.loop(function);
        FloatMap1 narrow = VECTOR.floatLoop(function);
        return new Paired(wide != null ? wide : scalar, narrow != null ? narrow : scalar::apply);
    }

    /** A float64 loop and a float32 loop of one function; each type's calls go to its own. */
    private record Paired(Map1 wide, FloatMap1 narrow) implements Map1 {
        @Override
        public void apply(double[] x, double[] y, int from, int to) {
            wide.apply(x, y, from, to);
        }

        @Override
        public void apply(float[] x, float[] y, int from, int to) {
            narrow.apply(x, y, from, to);
        }
    }

    /**
     * The selection loop: the {@link VectorMath} backend's if it offers one, else {@link Select}'s,
     * which gives the same bits.
     *
     * <p>Usage: {@code Chunked.run(Elementwise.select(), c, a, b, y, 1);}
     *
     * @return the loop
     */
    public static Map3 select() {
        return SELECT;
    }

    /**
     * Which loops exp, tanh and sigmoid run on, for logs and benchmarks.
     *
     * <p>Usage: {@code System.out.println(Elementwise.vectorBackend());  // "vector-api-256" or "scalar"}
     *
     * @return the vector backend's name, or {@code "scalar"} when they run on plain Java loops
     */
    public static String vectorBackend() {
        return VECTOR == null ? "scalar" : VECTOR.name();
    }

    /**
     * Makes the loop of a binary function.
     *
     * @param f the function
     * @return its own loop
     */
    public static Map2 binary(DoubleBinaryOperator f) {
        return binary(f, null);
    }

    /**
     * Makes the loop of a binary function with a float32 form that needs no conversions.
     *
     * <p>Usage: {@code Elementwise.Map2 add = Elementwise.binary(Double::sum, Float::sum);}
     *
     * @param f the function
     * @param exact its float32 form, or null to compute float32 elements through {@code f}
     * @return its own loop
     */
    public static Map2 binary(DoubleBinaryOperator f, ExactFloat2 exact) {
        Map2 loop = specialise(BinaryLoop.class, Arrays.asList(f, exact), Map2.class);
        return loop != null ? loop : (a, b, y, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.applyAsDouble(a[i], b[i]);
            }
        };
    }

    private static <T> T specialise(Class<?> template, Object f, Class<T> type) {
        try (InputStream in = template.getResourceAsStream(template.getSimpleName() + ".class")) {
            if (in == null) {
                return null;
            }
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClassWithClassData(in.readAllBytes(), f, true);
            return type.cast(copy.lookupClass().getDeclaredConstructor().newInstance());
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // the shared loop below computes the same values, only slower
        }
    }
}
