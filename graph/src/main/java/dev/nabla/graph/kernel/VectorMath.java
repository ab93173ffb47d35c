// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

/**
 * Vectorised loops of {@link ScalarMath}'s and {@link FloatMath}'s functions, found at run time: put
 * a module that provides one (a {@code META-INF/services/dev.nabla.graph.kernel.VectorMath} entry,
 * such as {@code nabla-simd}) on the class path and the unary ops exp, tanh and sigmoid (and erf in
 * float32) use its loops.
 * A loop must give the same bits as the {@link ScalarMath} (or, for float32, {@link FloatMath})
 * method for every element, wherever the element sits in the range it is given, so results never
 * depend on the backend's presence.
 *
 * <p>Usage: {@code Elementwise.Map1 tanh = ServiceLoader.load(VectorMath.class).findFirst().get().loop("tanh");}
 */
public interface VectorMath {
    /** Names this implementation. @return a short name for logs and benchmarks, such as {@code "vector-api-256"} */
    String name();

    /**
     * The loop {@code y[i] = f(x[i])} of one of ScalarMath's functions.
     *
     * @param function {@code "exp"}, {@code "tanh"} or {@code "sigmoid"}
     * @return the loop, or null if this backend has none for that function
     */
    Elementwise.Map1 loop(String function);

    /**
     * The float32 loop {@code y[i] = f(x[i])} of one of {@link FloatMath}'s functions, computed in
     * float: the same bits as the FloatMath method for every element.
     *
     * @param function {@code "exp"}, {@code "tanh"}, {@code "sigmoid"} or {@code "erf"}
     * @return the loop, or null if this backend has none for that function (FloatMath's scalar loop runs)
     */
    default Elementwise.FloatMap1 floatLoop(String function) {
        return null;
    }

    /**
     * The vectorised loop of a comparison, 1 where it holds and 0 elsewhere, with the bits of
     * Java's operator (false with NaN, -0 equal to +0), in both element types and with a scalar
     * operand on either side.
     *
     * @param name {@code "lt"}, {@code "le"} or {@code "eq"}
     * @return the loop, or null to keep the scalar one
     */
    default Elementwise.Map2 compare(String name) {
        return null;
    }

    /**
     * The vectorised selection loop, {@code c != 0 ? a : b} with the bits of {@link Select}.
     *
     * @return the loop, or null to keep {@link Select}'s
     */
    default Elementwise.Map3 select() {
        return null;
    }

    /**
     * Vectorised conversions between float32 and float64 arrays, exact one way and rounded to
     * nearest the other, as Java's casts.
     *
     * @return the loops, or null to keep plain ones
     */
    default Conversions.Loops conversion() {
        return null;
    }
}
