// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Cotangents;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Leaf;
import dev.nabla.graph.op.MatMul;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.Reduce;
import dev.nabla.graph.view.GraphView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one drawn example of a {@link GradSpec}: that the function really uses the row's
 * primitive, then either GradCheck up to the row's order or, for a no-gradient row, that the
 * rule declares no gradient and the vector-Jacobian product is exactly zero. Failures print the
 * row, the graph (ops with their arguments) and the inputs.
 */
final class SpecCheck {
    private SpecCheck() {}

    /**
     * Checks a row at one point.
     *
     * @param spec the row
     * @param inputs one tensor per input
     * @param seed the seed of GradCheck's random projections
     * @throws AssertionError naming the row, order, input and element on failure
     */
    static void check(GradSpec spec, List<Tensor> inputs, long seed) {
        Graph g = new Graph();
        List<Node> xs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            xs.add(g.input("x" + i, inputs.get(i).shape().dims()));
        }
        Node y = spec.builder().apply(xs);
        List<Node> nodes = GraphView.topologicalOrder(List.of(y));
        if (nodes.stream().noneMatch(n -> catalogName(n.op()).equals(spec.name()))) {
            throw new AssertionError(spec.label() + ": the function never applies " + spec.name() + spec.property(seed).describe(inputs));
        }
        if (spec.order() == GradSpec.NO_GRADIENT) {
            checkNoGradient(spec, xs, y, inputs);
            return;
        }
        spec.property(seed).checkAt(inputs);
    }

    /** The output node must be the primitive itself; its rule must return Cotangents.NONE everywhere. */
    private static void checkNoGradient(GradSpec spec, List<Node> xs, Node y, List<Tensor> inputs) {
        if (!catalogName(y.op()).equals(spec.name())) {
            throw new AssertionError(spec.label() + ": a no-gradient row must return the op's node" + spec.property(0L).describe(inputs));
        }
        Node u = y.graph().constant(Tensor.full(1.0, y.shape().dims()));
        List<Node> rule = y.op().vjp(y, u);
        for (int i = 0; i < rule.size(); i++) {
            if (rule.get(i) != Cotangents.NONE) {
                throw new AssertionError(spec.label() + ": the rule gives operand " + i + " the cotangent "
                        + rule.get(i).describe() + " instead of Cotangents.NONE" + spec.property(0L).describe(inputs));
            }
        }
        Map<Node, Tensor> feeds = new HashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            feeds.put(xs.get(i), inputs.get(i));
        }
        List<Node> grads = Grad.vjp(y, xs, u, Grad.Unused.ZERO);
        List<Tensor> values = new Session(new ParamStore()).run(feeds, grads.toArray(new Node[0]));
        for (int i = 0; i < values.size(); i++) {
            double[] v = values.get(i).toArray();
            for (int j = 0; j < v.length; j++) {
                if (v[j] != 0.0) {
                    throw new AssertionError(spec.label() + ": input " + i + ", element " + j + " has gradient "
                            + v[j] + " where none may flow" + spec.property(0L).describe(inputs));
                }
            }
        }
    }

    /**
     * The name under which {@code Primitives.names()} lists an op: reductions are
     * {@code reduce_sum} and {@code reduce_max}, and matmul is one name whatever its flags.
     *
     * @param op a primitive
     * @return its catalog name
     */
    static String catalogName(Primitive op) {
        if (op instanceof Reduce r) {
            return "reduce_" + r.fn().name().toLowerCase(Locale.ROOT);
        }
        return op instanceof MatMul ? "matmul" : op.name();
    }
}
