// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.kernel;

import java.util.function.DoubleBinaryOperator;

/** The loops of comparisons: on a {@link VectorMath} backend's lanes when it has them, else scalar, with the same bits. */
public final class CompareLoops {
    private CompareLoops() {}

    /**
     * Makes the loop of a comparison: the {@link VectorMath} backend's if it has one for this name,
     * else {@link Elementwise#binary(DoubleBinaryOperator, Elementwise.ExactFloat2)}'s on the scalar
     * functions, which give the same bits.
     *
     * <p>Usage: {@code Elementwise.Map2 lt = CompareLoops.of("lt", (a, b) -> a < b ? 1 : 0, (a, b) -> a < b ? 1 : 0);}
     *
     * @param name the comparison, {@code "lt"}, {@code "le"} or {@code "eq"}
     * @param f the comparison on float64 values, 1 or 0
     * @param exact the comparison on float32 values, 1 or 0
     * @return its loop
     */
    public static Elementwise.Map2 of(String name, DoubleBinaryOperator f, Elementwise.ExactFloat2 exact) {
        Elementwise.Map2 vector = Elementwise.VECTOR == null ? null : Elementwise.VECTOR.compare(name);
        return vector != null ? vector : Elementwise.binary(f, exact);
    }
}
