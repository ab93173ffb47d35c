// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Domain;
import dev.nabla.testkit.GradientProperty;
import dev.nabla.testkit.Shapes;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * One row of the gradient-spec table: which primitive it covers, how to build a function that
 * uses it, where its inputs come from, and how hard to check it.
 *
 * <p>Order 2 checks the gradient and the gradient's gradient, order 1 the gradient only, and
 * order {@link #NO_GRADIENT} checks that the op's rule declares no gradient for any input and that
 * the vector-Jacobian product through it is exactly zero.
 *
 * @param name the primitive's name in {@code Primitives.names()}
 * @param variant what this row adds when a primitive has several, such as {@code "3-D x 2-D"}
 * @param builder builds the function checked, from one node per input
 * @param shapes draws the input shapes, one per input
 * @param domains the value domain of each input; a single domain serves every input
 * @param order {@link #NO_GRADIENT}, 1 or 2
 * @param rtol relative tolerance of the check
 * @param atol absolute tolerance of the check
 */
record GradSpec(String name, String variant, Function<List<Node>, Node> builder, Gen<List<Shape>> shapes,
        List<Domain> domains, int order, double rtol, double atol) {
    /** The order of rows whose op passes no gradient at all. */
    static final int NO_GRADIENT = 0;
    /** Shapes up to this rank. */
    static final int MAX_RANK = 3;
    /** Sizes up to this per axis. */
    static final int MAX_SIZE = 4;

    GradSpec {
        domains = List.copyOf(domains);
        if (order < NO_GRADIENT || order > 2 || domains.isEmpty()) {
            throw new IllegalArgumentException(name + ": order must be 0, 1 or 2 and a domain given");
        }
    }

    /**
     * A row for any op: first order with GradCheck's default tolerances until told otherwise.
     *
     * @param name the primitive's name
     * @param shapes draws the input shapes
     * @param builder builds the function checked
     * @param domains one domain per input, or one for all
     * @return the row
     */
    static GradSpec of(String name, Gen<List<Shape>> shapes, Function<List<Node>, Node> builder, Domain... domains) {
        GradCheck.Options d = GradCheck.Options.DEFAULT;
        return new GradSpec(name, "", builder, shapes, List.of(domains), 1, d.rtol(), d.atol());
    }

    /**
     * A row for an elementwise unary op on shapes up to rank 3.
     *
     * @param name the primitive's name
     * @param f the function of the one input
     * @param domain where the input's values come from
     * @return the row
     */
    static GradSpec unary(String name, Function<Node, Node> f, Domain domain) {
        return of(name, Shapes.upToRank(MAX_RANK, MAX_SIZE).map(s -> List.of(s)), xs -> f.apply(xs.get(0)), domain);
    }

    /**
     * A row for a binary op on pairs of shapes that broadcast, such as {@code [2,3]} and {@code [3]}.
     *
     * @param name the primitive's name
     * @param f the function of the two inputs
     * @param a where the left input's values come from
     * @param b where the right input's values come from
     * @return the row
     */
    static GradSpec binary(String name, BiFunction<Node, Node, Node> f, Domain a, Domain b) {
        return of(name, Shapes.broadcastPairs(MAX_RANK, MAX_SIZE), xs -> f.apply(xs.get(0), xs.get(1)), a, b);
    }

    /** @param newOrder {@link #NO_GRADIENT}, 1 or 2 @return this row with another order */
    GradSpec order(int newOrder) {
        return new GradSpec(name, variant, builder, shapes, domains, newOrder, rtol, atol);
    }

    /** @return this row as a no-gradient row */
    GradSpec noGradient() {
        return order(NO_GRADIENT).variant(variant.isEmpty() ? "declares no gradient" : variant);
    }

    /** @param text what this row adds @return this row with that variant */
    GradSpec variant(String text) {
        return new GradSpec(name, text, builder, shapes, domains, order, rtol, atol);
    }

    /** @param newRtol relative tolerance @param newAtol absolute tolerance @return this row with those */
    GradSpec tolerance(double newRtol, double newAtol) {
        return new GradSpec(name, variant, builder, shapes, domains, order, newRtol, newAtol);
    }

    /** @return the name and the variant, as the test is called */
    String label() {
        return variant.isEmpty() ? name : name + " (" + variant + ")";
    }

    /** @param i an input's position @return that input's domain */
    Domain domain(int i) {
        return domains.size() == 1 ? domains.get(0) : domains.get(i);
    }

    /**
     * This row as testkit's property, the code users run on their own functions.
     *
     * @param seed the seed of the drawn points and of GradCheck's projections
     * @return the property: the row's function, shapes, domains, order (1 for a no-gradient row) and tolerances
     */
    GradientProperty property(long seed) {
        return GradientProperty.of(label(), builder).shapes(shapes).domains(domains.toArray(new Domain[0]))
                .order(Math.max(order, 1)).tolerance(rtol, atol).seed(seed);
    }

    /** @return input tensors: shapes from {@link #shapes}, values from each input's domain */
    Gen<List<Tensor>> inputs() {
        return property(0L).inputs();
    }

    @Override
    public String toString() {
        return label() + ": order " + order + ", domains " + domains + ", rtol " + rtol + ", atol " + atol;
    }
}
