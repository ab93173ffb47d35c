// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.nn.activation.Activations;

/**
 * The lecture's backpropagation example as a graph: {@code z1 = sigmoid(x w1)},
 * {@code yhat = z1 w2}, {@code L = 1/2 (yhat - y)^2}, with x and y inputs and w1, w2 params.
 *
 * @param graph the graph
 * @param x the input x
 * @param y the target y
 * @param w1 the first weight
 * @param w2 the second weight
 * @param z1 the hidden unit
 * @param yhat the output
 * @param loss the loss L
 */
record LectureNetwork(Graph graph, Node x, Node y, Node w1, Node w2, Node z1, Node yhat, Node loss) {
    static LectureNetwork build() {
        Graph g = new Graph();
        Node x = g.input("x");
        Node y = g.input("y");
        Node w1 = g.param("w1");
        Node w2 = g.param("w2");
        Node z1 = Activations.sigmoid(x.mul(w1)).named("z1");
        Node yhat = z1.mul(w2).named("yhat");
        Node loss = yhat.sub(y).square().mul(0.5).named("L");
        return new LectureNetwork(g, x, y, w1, w2, z1, yhat, loss);
    }
}
