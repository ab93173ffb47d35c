// SPDX-License-Identifier: Apache-2.0
package dev.nabla.autodiff;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks derivative rules against central finite differences in float64, element by element, as
 * PyTorch's gradcheck and Theano's verify_grad do; usable from any user's test.
 *
 * <p>The function's output is projected on a random direction {@code u} (seeded), so a
 * non-scalar output is checked through {@code L = sum(u * f(x))}. Second order checks the
 * gradient of {@code sum(v * dL/dx)} for another random {@code v}.
 * Usage: {@code GradCheck.assertPasses(xs -> xs.get(0).tanh(), List.of(Tensor.randomNormal(1, 0, 1, 3, 4)));}
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Tolerances, seed and the maximum order to check.
     *
     * @param rtol relative tolerance
     * @param atol absolute tolerance
     * @param seed seed of the random projections
     * @param order 1 for the gradient only, 2 to check the gradient's gradient too
     */
    public record Options(double rtol, double atol, long seed, int order) {
        /** Requires an order of 1 or 2. */
        public Options {
            if (order < 1 || order > 2) {
                throw new NablaException("GradCheck.Options: order must be 1 or 2, got " + order);
            }
        }

        /** The defaults: rtol 1e-5, atol 1e-6, seed 0, first and second order. */
        public static final Options DEFAULT = new Options(1e-5, 1e-6, 0L, 2);

        /**
         * Copies these options with another derivative order to check.
         *
         * @param newOrder 1 or 2
         * @return these options with another order
         */
        public Options withOrder(int newOrder) {
            return new Options(rtol, atol, seed, newOrder);
        }

        /**
         * Copies these options with other relative and absolute tolerances.
         *
         * @param newRtol relative tolerance
         * @param newAtol absolute tolerance
         * @return these options with other tolerances
         */
        public Options withTolerance(double newRtol, double newAtol) {
            return new Options(newRtol, newAtol, seed, order);
        }
    }

    /**
     * The worst element of one check.
     *
     * @param passed whether every element was within tolerance
     * @param order 1 or 2
     * @param input the index of the input holding the worst element
     * @param element its flat index in that input
     * @param analytic the value from the derivative rules
     * @param numeric the value from finite differences
     * @param relError {@code |analytic - numeric| / max(|analytic|, |numeric|)}
     * @param options the tolerances and seed used
     */
    public record Result(boolean passed, int order, int input, int element, double analytic, double numeric,
            double relError, Options options) {
        /** Requires an order of 1 or 2, an input and element of at least -1 (none) and the options. */
        public Result {
            Arguments.requireNonNull("GradCheck.Result", "options", options);
            if (order < 1 || order > 2 || input < -1 || element < -1) {
                throw new NablaException("GradCheck.Result: order must be 1 or 2, input and element at least -1 (none), got "
                        + order + ", " + input + " and " + element);
            }
        }

        /**
         * Describes the worst mismatch for a failure message.
         *
         * @return one line naming the order, input, element, both values, the error and the tolerance
         */
        public String report() {
            return String.format(java.util.Locale.ROOT,
                    "%s order %d: worst element is input %d, element %d: analytic %.12g, numeric %.12g, "
                            + "abs error %.3g, rel error %.3g (tolerance atol %.1g + rtol %.1g; seed %d)",
                    passed ? "passed" : "FAILED", order, input, element, analytic, numeric,
                    Math.abs(analytic - numeric), relError, options.atol(), options.rtol(), options.seed());
        }
    }

    /**
     * Checks with the default options, first and second order.
     *
     * @param f builds the function's output from its input nodes (it must be deterministic)
     * @param inputs the point to check at
     * @return the worst result of each order checked
     */
    public static List<Result> check(Function<List<Node>, Node> f, List<Tensor> inputs) {
        return check(f, inputs, Options.DEFAULT);
    }

    /**
     * Checks the first derivative and, if asked, the second.
     *
     * @param f builds the function's output from its input nodes (it must be deterministic)
     * @param inputs the point to check at
     * @param options tolerances, seed and order
     * @return the worst result of each order checked
     */
    public static List<Result> check(Function<List<Node>, Node> f, List<Tensor> inputs, Options options) {
        Arguments.requireNonNulls("GradCheck.check", "f", f, "options", options);
        if (Arguments.requireElements("GradCheck.check", "inputs", inputs).isEmpty()) {
            throw new NablaException("GradCheck.check: inputs is empty; give at least one input tensor");
        }
        Graph g = new Graph();
        List<Node> xs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            xs.add(g.input("x" + i, inputs.get(i).shape().dims()));
        }
        Node y = Arguments.requireResult("GradCheck.check", "the function f", f.apply(xs));
        if (y.graph() != g) {
            throw new NablaException("GradCheck: the function must return a node built from its inputs");
        }
        Node loss = project(y, options.seed());
        List<Result> results = new ArrayList<>();
        results.add(compare(1, loss, xs, inputs, options));
        if (options.order() >= 2) {
            List<Node> grads = Grad.grad(loss, xs, Grad.Unused.ZERO);
            Node second = null;
            for (int i = 0; i < grads.size(); i++) {
                Node term = project(grads.get(i), options.seed() + 1 + i);
                second = second == null ? term : second.add(term);
            }
            results.add(compare(2, second, xs, inputs, options));
        }
        return results;
    }

    /**
     * Checks and throws if any element is out of tolerance.
     *
     * @param f builds the function's output from its input nodes
     * @param inputs the point to check at
     * @throws AssertionError with the report of the worst element
     */
    public static void assertPasses(Function<List<Node>, Node> f, List<Tensor> inputs) {
        assertPasses(f, inputs, Options.DEFAULT);
    }

    /**
     * Checks and throws if any element is out of tolerance.
     *
     * @param f builds the function's output from its input nodes
     * @param inputs the point to check at
     * @param options tolerances, seed and order
     * @throws AssertionError with the report of the worst element
     */
    public static void assertPasses(Function<List<Node>, Node> f, List<Tensor> inputs, Options options) {
        for (Result r : check(f, inputs, options)) {
            if (!r.passed()) {
                throw new AssertionError(r.report());
            }
        }
    }

    /** {@code sum(u * y)} for a seeded random {@code u} in [0.5, 1.5) with random signs. */
    private static Node project(Node y, long seed) {
        if (!y.shape().isKnown()) {
            throw new NablaException("GradCheck: the output " + y.describe() + " must have a known shape");
        }
        Tensor r = Tensor.randomUniform(seed, -1.0, 1.0, y.shape().dims());
        double[] u = r.toArray();
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.signum(u[i]) * (0.5 + Math.abs(u[i]));
        }
        return y.mul(y.graph().constant(Tensor.of(y.shape(), u))).sum();
    }

    private static Result compare(int order, Node scalar, List<Node> xs, List<Tensor> point, Options o) {
        Session s = new Session(new ParamStore(), o.seed());
        List<Node> grads = Grad.grad(scalar, xs, Grad.Unused.ZERO);
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            feeds.put(xs.get(i), point.get(i));
        }
        List<Tensor> analytic = s.compile(grads.toArray(new Node[0])).run(feeds);
        Plan value = s.compile(scalar);
        Result worst = new Result(true, order, -1, -1, 0.0, 0.0, 0.0, o);
        double worstRatio = -1;
        for (int i = 0; i < xs.size(); i++) {
            double[] x = point.get(i).toArray();
            double[] exact = analytic.get(i).toArray();
            Shape dims = point.get(i).shape();
            for (int j = 0; j < x.length; j++) {
                double keep = x[j];
                double h = 1e-6 * Math.max(1.0, Math.abs(keep));
                x[j] = keep + h;
                double plus = valueAt(value, feeds, xs.get(i), x, dims);
                x[j] = keep - h;
                double minus = valueAt(value, feeds, xs.get(i), x, dims);
                x[j] = keep;
                double numeric = (plus - minus) / (2 * h);
                double a = exact[j];
                double diff = Math.abs(a - numeric);
                double scale = Math.max(Math.abs(a), Math.abs(numeric));
                double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / (o.atol() + o.rtol() * scale);
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = new Result(ratio <= 1.0, order, i, j, a, numeric, scale == 0 ? 0 : diff / scale, o);
                }
            }
            feeds.put(xs.get(i), point.get(i));
        }
        return worst;
    }

    private static double valueAt(Plan value, Map<Node, Tensor> feeds, Node x, double[] v, Shape dims) {
        feeds.put(x, Tensor.of(dims, v));
        return value.run(feeds).get(0).item();
    }
}
