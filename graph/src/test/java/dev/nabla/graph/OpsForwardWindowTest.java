// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.op.Window;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unfold and fold on cases worked out by hand: overlap, padding with stride, dilation, and an unknown batch. */
class OpsForwardWindowTest {
    private static double[] run(Node x, Tensor value, Node y) {
        return new Session(new ParamStore()).run(Map.of(x, value), y).get(0).toArray();
    }

    @Test
    void unfoldCopiesOverlappingWindowsAndFoldCountsThem() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.UNKNOWN, 1, 3, 3);
        Window w = new Window(2, 2, 1, 1, 0, 0, 1, 1);
        Node cols = Convolutions.unfold(x, w);
        assertEquals(Shape.of(Shape.UNKNOWN, 4, 4), cols.shape());
        Tensor nine = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        assertArrayEquals(new double[] {1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9}, run(x, nine, cols));
        Node c = g.input("c", Shape.UNKNOWN, 4, 4);
        Node folded = Convolutions.fold(c, 3, 3, w);
        assertArrayEquals(new double[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, run(c, Tensor.ones(1, 4, 4), folded));
    }

    @Test
    void paddingReadsZeroAndFoldDropsIt() {
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, 2, 2);
        Window w = new Window(2, 2, 2, 2, 1, 1, 1, 1);
        Tensor four = Tensor.fromArray(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Node cols = Convolutions.unfold(x, w);
        assertArrayEquals(new double[] {0, 0, 0, 4, 0, 0, 3, 0, 0, 2, 0, 0, 1, 0, 0, 0}, run(x, four, cols));
        // Each pixel is read once here, so fold undoes unfold.
        assertArrayEquals(four.toArray(), run(x, four, Convolutions.fold(cols, 2, 2, w)));
    }

    @Test
    void dilationSpacesTheTaps() {
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, 1, 5);
        Window w = new Window(1, 2, 1, 1, 0, 0, 1, 2);
        Tensor five = Tensor.fromArray(new double[] {1, 2, 3, 4, 5}, 1, 1, 1, 5);
        assertArrayEquals(new double[] {1, 2, 3, 3, 4, 5}, run(x, five, Convolutions.unfold(x, w)));
        Node c = g.input("c", 1, 2, 3);
        assertArrayEquals(new double[] {1, 1, 2, 1, 1}, run(c, Tensor.ones(1, 2, 3), Convolutions.fold(c, 1, 5, w)));
    }
}
