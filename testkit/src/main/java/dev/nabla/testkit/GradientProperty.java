// SPDX-License-Identifier: Apache-2.0
package dev.nabla.testkit;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Turns any function of graph nodes (a user's own layer, loss or op) into a property test of its
 * gradient: random input shapes and values, and at each drawn point the first and second
 * derivatives against central finite differences in float64 ({@link GradCheck}).
 *
 * <p>A failure throws an {@link AssertionError} naming the function, the order, the input and
 * element, both derivatives, the function's graph (each op with its arguments) and the inputs;
 * QuickTheories then shrinks the example. Usage (a user's swish layer, to second order):
 * <pre>{@code
 * GradientProperty.of("swish", xs -> xs.get(0).mul(xs.get(0).sigmoid()))
 *         .shapes(Shapes.upToRank(2, 4).map(s -> List.of(s)))
 *         .check();
 * }</pre>
 */
public final class GradientProperty {
    /** Shapes drawn by default: one input of rank 0 to 3, sizes 1 to 4. */
    public static final Gen<List<Shape>> ONE_INPUT = Shapes.upToRank(3, 4).map(s -> List.of(s));

    private final String name;
    private final Function<List<Node>, Node> f;
    private final Gen<List<Shape>> shapes;
    private final List<Domain> domains;
    private final GradCheck.Options options;
    private final int examples;

    private GradientProperty(String name, Function<List<Node>, Node> f, Gen<List<Shape>> shapes, List<Domain> domains,
            GradCheck.Options options, int examples) {
        this.name = name;
        this.f = f;
        this.shapes = shapes;
        this.domains = List.copyOf(domains);
        this.options = options;
        this.examples = examples;
    }

    /**
     * Starts a property for a function: one input of rank 0 to 3, values in [-3, 3], second order,
     * {@link GradCheck.Options#DEFAULT}'s tolerances, 100 examples, seed 1.
     *
     * @param name what the function is, for failure messages
     * @param f builds the function's output from one node per input; it must build the same
     *     function each time it is called
     * @return the property, to refine and {@link #check()}
     */
    public static GradientProperty of(String name, Function<List<Node>, Node> f) {
        Arguments.requireNonNulls("GradientProperty.of", "name", name, "f", f);
        return new GradientProperty(name, f, ONE_INPUT, List.of(Domain.between(-Domain.DEFAULT_BOUND,
                Domain.DEFAULT_BOUND)), new GradCheck.Options(GradCheck.Options.DEFAULT.rtol(), GradCheck.Options.DEFAULT.atol(), 1L, 2), 100);
    }

    /**
     * Draws the inputs' shapes from a generator.
     *
     * @param inputShapes one shape per input, such as {@code Shapes.broadcastPairs(3, 4)}
     * @return a copy of this property with those shapes
     */
    public GradientProperty shapes(Gen<List<Shape>> inputShapes) {
        Arguments.requireNonNull("GradientProperty.shapes", "inputShapes", inputShapes);
        return new GradientProperty(name, f, inputShapes, domains, options, examples);
    }

    /**
     * Fixes the inputs' shapes, as for a layer whose weights have one shape.
     *
     * @param inputShapes one shape per input, every size known
     * @return a copy of this property with those shapes
     */
    public GradientProperty shapes(Shape... inputShapes) {
        Arguments.requireElements("GradientProperty.shapes", "inputShapes", inputShapes);
        for (Shape s : inputShapes) {
            if (!s.isKnown()) {
                throw new NablaException("GradientProperty.shapes: shape " + s + " has an unknown size; give every size");
            }
        }
        List<Shape> fixed = List.of(inputShapes);
        return shapes(rs -> fixed);
    }

    /**
     * Draws the inputs' values from these domains, one per input or one for all (away from a
     * kink or a pole, where finite differences disagree with any derivative).
     *
     * @param valueDomains the domains
     * @return a copy of this property with those domains
     */
    public GradientProperty domains(Domain... valueDomains) {
        Arguments.requireElements("GradientProperty.domains", "valueDomains", valueDomains);
        if (valueDomains.length == 0) {
            throw new NablaException("GradientProperty.domains: give one domain per input, or one for all");
        }
        return new GradientProperty(name, f, shapes, List.of(valueDomains), options, examples);
    }

    /**
     * Checks the gradient only (1), or the gradient and the gradient's gradient (2).
     *
     * @param order 1 or 2
     * @return a copy of this property with that order
     */
    public GradientProperty order(int order) {
        if (order != 1 && order != 2) {
            throw new NablaException("GradientProperty.order: the order is 1 or 2, got " + order);
        }
        return new GradientProperty(name, f, shapes, domains, options.withOrder(order), examples);
    }

    /**
     * Sets how close analytic and numerical derivatives must be: {@code |a - n| <= atol + rtol * |n|}.
     *
     * @param rtol relative tolerance, at least 0
     * @param atol absolute tolerance, at least 0
     * @return a copy of this property with those tolerances
     */
    public GradientProperty tolerance(double rtol, double atol) {
        return new GradientProperty(name, f, shapes, domains, options.withTolerance(rtol, atol), examples);
    }

    /**
     * Sets how many points {@link #check()} draws.
     *
     * @param count at least 1
     * @return a copy of this property with that count
     */
    public GradientProperty examples(int count) {
        Arguments.requireAtLeast("GradientProperty.examples", "count", count, 1);
        return new GradientProperty(name, f, shapes, domains, options, count);
    }

    /**
     * Fixes the seed of the drawn points and of the check's random projections, so a failure
     * repeats.
     *
     * @param seed the seed
     * @return a copy of this property with that seed
     */
    public GradientProperty seed(long seed) {
        return new GradientProperty(name, f, shapes, domains, new GradCheck.Options(options.rtol(), options.atol(), seed, options.order()), examples);
    }

    /**
     * Draws the inputs: shapes from the shape generator, values from each input's domain.
     *
     * @return a generator of one tensor per input
     */
    public Gen<List<Tensor>> inputs() {
        Gen<List<Tensor>> gen = rs -> {
            List<Shape> s = shapes.generate(rs);
            List<Tensor> out = new ArrayList<>(s.size());
            for (int i = 0; i < s.size(); i++) {
                out.add((domains.size() == 1 ? domains.get(0) : domains.get(i)).tensors(s.get(i)).generate(rs));
            }
            return List.copyOf(out);
        };
        return gen.describedAs(List::toString);
    }

    /**
     * Checks the derivatives at one point.
     *
     * @param at one tensor per input
     * @throws AssertionError naming the function, order, input and element, with the graph and inputs
     */
    public void checkAt(List<Tensor> at) {
        Arguments.requireElements("GradientProperty.checkAt", "at", at);
        for (GradCheck.Result r : GradCheck.check(f, at, options)) {
            if (!r.passed()) {
                throw new AssertionError(name + ": " + r.report() + describe(at));
            }
        }
    }

    /**
     * Draws the examples and checks each, shrinking a failure to a small example.
     *
     * @throws AssertionError for the first failing point, as {@link #checkAt} says
     */
    public void check() {
        QuickTheory.qt().withFixedSeed(options.seed()).withExamples(examples).withShrinkCycles(100)
                .forAll(inputs()).checkAssert(this::checkAt);
    }

    /**
     * Describes a point for a failure message: the function's graph, one node per line with the
     * op's arguments, then the inputs.
     *
     * @param at one tensor per input
     * @return the description, starting with a line break
     */
    public String describe(List<Tensor> at) {
        Arguments.requireElements("GradientProperty.describe", "at", at);
        Graph g = new Graph();
        List<Node> xs = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            xs.add(g.input("x" + i, at.get(i).shape().dims()));
        }
        StringBuilder b = new StringBuilder("\ngraph:");
        for (Node n : GraphView.topologicalOrder(List.of(f.apply(xs)))) {
            b.append("\n  ").append(n.describe());
            if (n.op() instanceof Leaf.Constant c && c.value().size() > 1) {
                b.append("    = ").append(c.value());
            } else if (!(n.op() instanceof Leaf) && n.op().getClass().getRecordComponents().length > 0) {
                b.append("    ").append(n.op());
            }
        }
        b.append("\ninputs:");
        for (int i = 0; i < at.size(); i++) {
            b.append("\n  x").append(i).append(" = ").append(at.get(i));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return name + ": order " + options.order() + ", domains " + domains + ", rtol " + options.rtol() + ", atol "
                + options.atol() + ", " + examples + " examples, seed " + options.seed();
    }
}
