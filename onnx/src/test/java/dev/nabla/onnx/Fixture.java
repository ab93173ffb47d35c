// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * A graph under test with its inputs' value generators and its params' values: inputs of an
 * unknown batch size get a random batch of the size asked, drawn from a seeded generator, so a
 * failure repeats.
 */
final class Fixture {
    final Graph g;
    final ParamStore store = new ParamStore();
    private final Map<Node, IntFunction<Tensor>> inputs = new LinkedHashMap<>();
    private final Random params = new Random(11);
    private int seed;

    Fixture(DType type) {
        this.g = new Graph(type);
    }

    /** An input of uniform values in [low, high); a leading {@link Shape#UNKNOWN} is the batch. */
    Node input(String name, double low, double high, int... dims) {
        long s = ++seed;
        return input(name, n -> Tensor.randomUniform(s * 1000 + n, low, high, concrete(dims, n)), dims);
    }

    /** An input of whole numbers in [0, bound), as labels and indices are fed. */
    Node integers(String name, int bound, int... dims) {
        return choices(name, java.util.stream.IntStream.range(0, bound).asDoubleStream().toArray(), dims);
    }

    /** An input of values drawn from {@code choices}. */
    Node choices(String name, double[] choices, int... dims) {
        long s = ++seed;
        return input(name, n -> {
            Random r = new Random(s * 1000 + n);
            int[] d = concrete(dims, n);
            double[] v = new double[Shape.of(d).size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = choices[r.nextInt(choices.length)];
            }
            return Tensor.fromArray(v, d);
        }, dims);
    }

    private Node input(String name, IntFunction<Tensor> values, int... dims) {
        Node x = g.input(name, dims);
        inputs.put(x, n -> values.apply(n).to(g.dtype()));
        return x;
    }

    /** A param of normal values, put in the store. */
    Node param(String name, int... dims) {
        store.put(name, Tensor.randomNormal(params.nextLong(), 0, 1, dims).to(g.dtype()));
        return g.param(name, dims);
    }

    /** The feeds of every input for a batch of {@code n}. */
    Map<Node, Tensor> feeds(int n) {
        Map<Node, Tensor> f = new LinkedHashMap<>();
        inputs.forEach((x, v) -> f.put(x, v.apply(n)));
        return f;
    }

    private static int[] concrete(int[] dims, int n) {
        int[] d = dims.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] == Shape.UNKNOWN ? n : d[i];
        }
        return d;
    }
}
