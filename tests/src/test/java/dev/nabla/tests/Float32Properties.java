// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.testkit.Agreement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.WithQuickTheories;

/**
 * Every row of {@link OpGradientProperties#SPECS} in a float32 graph against the same row in a
 * float64 graph, on the same float32-representable inputs: the value, the gradient of
 * {@code sum(y * u)} and, for second-order rows, its Hessian-vector product. Each float32 op
 * rounds once (exp, tanh, sigmoid and erf are within 1 ulp of that), so the two agree to a few
 * float32 roundings per op of the chain; a kernel that
 * read the wrong elements or kept a stale buffer misses by whole units.
 */
class Float32Properties implements WithQuickTheories {
    /** A few hundred float32 roundings (2^-24 each) of a value of the size of the largest element. */
    private static final double TOLERANCE = 1e-5;
    private static final int DEFAULT_EXAMPLES = 60;

    @TestFactory
    Stream<DynamicTest> float32AgreesWithFloat64() {
        int examples = Integer.getInteger("nabla.examples", DEFAULT_EXAMPLES);
        return OpGradientProperties.SPECS.stream().map(spec -> dynamicTest(spec.label(), () ->
                qt().withFixedSeed(OpGradientProperties.SEED).withExamples(examples).withShrinkCycles(50)
                        .forAll(spec.inputs())
                        .checkAssert(in -> check(spec, in))));
    }

    private static void check(GradSpec spec, List<Tensor> drawn) {
        List<Tensor> in = new ArrayList<>();
        for (Tensor t : drawn) {
            in.add(t.to(DType.FLOAT32).to(DType.FLOAT64));
        }
        List<Tensor> wide = evaluate(DType.FLOAT64, spec, in);
        List<Tensor> narrow = evaluate(DType.FLOAT32, spec, in);
        for (int k = 0; k < wide.size(); k++) {
            Agreement.check(spec.label() + ": " + what(k) + ", inputs " + in, wide.get(k), narrow.get(k), TOLERANCE);
        }
    }

    private static String what(int fetch) {
        return fetch == 0 ? "the value" : "derivative fetch " + fetch;
    }

    /** The value, then the gradient of sum(y * u) by each input, then its product with v for order 2. */
    private static List<Tensor> evaluate(DType type, GradSpec spec, List<Tensor> inputs) {
        Graph g = new Graph(type);
        List<Node> xs = new ArrayList<>();
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Node x = g.input("x" + i, inputs.get(i).shape().dims());
            xs.add(x);
            feeds.put(x, inputs.get(i));
        }
        Node y = spec.builder().apply(xs);
        List<Node> fetches = new ArrayList<>(List.of(y));
        if (spec.order() >= 1) {
            Node s = y.mul(g.constant(representable(7, y.shape().dims()))).sum();
            fetches.addAll(Grad.grad(s, xs, Grad.Unused.ZERO));
            if (spec.order() >= 2) {
                List<Node> vs = new ArrayList<>();
                for (int i = 0; i < xs.size(); i++) {
                    vs.add(g.constant(representable(11 + i, xs.get(i).shape().dims())));
                }
                fetches.addAll(Grad.hvp(s, xs, vs));
            }
        }
        return new Session(new ParamStore(), OpGradientProperties.SEED).run(feeds, fetches.toArray(new Node[0]));
    }

    private static Tensor representable(long seed, int... dims) {
        return Tensor.randomUniform(seed, -1, 1, dims).to(DType.FLOAT32).to(DType.FLOAT64);
    }
}
