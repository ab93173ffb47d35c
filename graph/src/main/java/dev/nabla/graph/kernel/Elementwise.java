// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops with their scalar function compiled in.
 *
 * <p>One loop shared by every function calls the function through an interface at a call site
 * that sees them all, which the JIT cannot inline: about 4 ns an element for a negation. So each
 * function gets its own copy of the loop, a hidden class whose constant is that function; the JIT
 * then inlines and vectorises it (0.2 ns). Should hidden classes be unavailable, a shared loop
 * still gives the same numbers. Large arrays are split into fixed chunks over {@link Parallel}.
 * exp, tanh and sigmoid run on a {@link VectorMath} backend's loops when one is on the class path
 * ({@code -Dnabla.vector=off} keeps the scalar loops), with the same bits either way.
 *
 * <p>Usage: {@code Elementwise.Map1 exp = Elementwise.unary(Math::exp); Elementwise.run(exp, x, y, 1);}
 */
public final class Elementwise {
    /** Below this many elements a loop runs on the caller's thread. */
    static final int CHUNK = 1 << 15;
    /** Vectorised loops of {@link Elementary}'s functions, if a module provides them. */
    private static final VectorMath VECTOR = Backends.find(VectorMath.class, "nabla.vector", "off");

    private Elementwise() {}

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
    }

    /**
     * Makes the loop of a unary function.
     *
     * @param f the function
     * @return its own loop
     */
    public static Map1 unary(DoubleUnaryOperator f) {
        Map1 loop = specialise(UnaryLoop.class, f, Map1.class);
        return loop != null ? loop : (x, y, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.applyAsDouble(x[i]);
            }
        };
    }

    /**
     * Makes the loop of one of {@link Elementary}'s functions: the {@link VectorMath} backend's if
     * there is one, else the scalar loop of {@code f}, which gives the same bits.
     *
     * <p>Usage: {@code Elementwise.Map1 tanh = Elementwise.elementary(Elementary::tanh, "tanh");}
     *
     * @param f the scalar function, one of Elementary's
     * @param function its name for the backend: {@code "exp"}, {@code "tanh"} or {@code "sigmoid"}
     * @return the loop
     */
    public static Map1 elementary(DoubleUnaryOperator f, String function) {
        Map1 loop = VECTOR == null ? null : VECTOR.loop(function);
        return loop != null ? loop : unary(f);
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
        Map2 loop = specialise(BinaryLoop.class, f, Map2.class);
        return loop != null ? loop : (a, b, y, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = f.applyAsDouble(a[i], b[i]);
            }
        };
    }

    /**
     * Runs a unary loop over whole arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param x the operand
     * @param y the output, as long as {@code x}
     * @param threads how many threads may work on it
     */
    public static void run(Map1 loop, double[] x, double[] y, int threads) {
        int n = y.length;
        if (n < 2 * CHUNK || threads == 1) {
            loop.apply(x, y, 0, n);
            return;
        }
        Parallel.forEach(threads, (n + CHUNK - 1) / CHUNK, c -> loop.apply(x, y, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /**
     * Runs a binary loop over whole arrays, in parallel chunks when they are large.
     *
     * @param loop the loop
     * @param a the first operand
     * @param b the second operand
     * @param y the output, as long as the operands
     * @param threads how many threads may work on it
     */
    public static void run(Map2 loop, double[] a, double[] b, double[] y, int threads) {
        int n = y.length;
        if (n < 2 * CHUNK || threads == 1) {
            loop.apply(a, b, y, 0, n);
            return;
        }
        Parallel.forEach(threads, (n + CHUNK - 1) / CHUNK, c -> loop.apply(a, b, y, c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
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
