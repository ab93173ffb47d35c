// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Padding;
import dev.nabla.graph.Pooling;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every invalid combination of shapes and hyperparameters of the convolutions and pools fails when
 * the node is built, with a {@link ShapeException} whose message names the op, every operand's
 * shape and the failing dimension or hyperparameter. ConvolutionsTest keeps a few of these with
 * the unfold and fold primitives; this table covers every op and axis.
 */
class ConvolutionShapeErrorsTest {
    private final Graph g = new Graph();
    private final List<Node> inputs = new ArrayList<>();
    private final Node images = input("x", 2, 4, 5, 5);
    private final Node sequences = input("s", 2, 4, 7);
    private final List<String> failures = new ArrayList<>();

    @Test
    void kernelsLargerThanThePaddedInputNameTheAxisAndTheSizes() {
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 7, 3), 1, 0, 1, 1), "height", "5 + 2*0 = 5");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 8), 1, 1, 1, 1), "width", "5 + 2*1 = 7");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 9, 3), 1, new Padding(1, 2, 0, 0), 1, 1),
                "height", "5 + 1 + 2 = 8");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 7), 1, new Padding(0, 0, 0, 1), 1, 1),
                "width", "5 + 0 + 1 = 6");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 1, 0, 3, 1), "dilation 3", "spanning 7");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 9), 1, 0, 1, 1), "length", "7 + 2*0 = 7");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 10), 1, 0, 2, 1, 1), "length", "7 + 0 + 2 = 9");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 4), 1, 0, 3, 1), "dilation 3", "spanning 10");
        Node flat = input("flat", 1, 1, 2, 6);
        Node thin = input("thin", 1, 1, 6, 2);
        expect("maxPool2d", () -> Pooling.maxPool2d(flat, 3, 1, 0), "height", "2 + 2*0 = 2");
        expect("maxPool2d", () -> Pooling.maxPool2d(thin, 3, 1, 0), "width", "2 + 2*0 = 2");
        expect("avgPool2d", () -> Pooling.avgPool2d(flat, 5, 1, 1), "height", "2 + 2*1 = 4");
        expect("avgPool2d", () -> Pooling.avgPool2d(thin, 5, 1, 1, false), "width", "2 + 2*1 = 4");
        expect("maxPool1d", () -> Pooling.maxPool1d(sequences, 8, 1, 0), "length", "7 + 2*0 = 7");
        expect("avgPool1d", () -> Pooling.avgPool1d(sequences, 10, 1, 1), "length", "7 + 2*1 = 9");
        expect("avgPool1d", () -> Pooling.avgPool1d(sequences, 10, 1, 1, false), "length", "7 + 2*1 = 9");
        report();
    }

    @Test
    void groupsThatDoNotDivideOrDoNotMatchTheWeightsAreNamed() {
        expect("conv2d", () -> Convolutions.conv2d(images, w(3, 1, 3, 3), 1, 1, 1, 3), "groups (3)", "4 channels");
        expect("conv2d", () -> Convolutions.conv2d(images, w(3, 2, 3, 3), 1, 1, 1, 2), "groups (2)", "3 outputs");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 1, 1, 1, 0), "groups (0)", "at least 1");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 1, 1, 1, 2), "axis 1 of the weights (4)",
                "4 / 2 = 2");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(6, 1, 3), 1, 1, 1, 3), "groups (3)", "4 channels");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(3, 2, 3), 1, 1, 1, 2), "groups (2)", "3 outputs");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 1, 3), 1, 1, 1, 1), "axis 1 of the weights (1)",
                "4 / 1 = 4");
        report();
    }

    @Test
    void wrongRanksNameTheExpectedLayout() {
        expect("conv2d", () -> Convolutions.conv2d(sequences, w(4, 4, 3, 3), 1, 0, 1, 1), "[N, C, H, W]", "rank 4");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3), 1, 0, 1, 1), "[O, C/groups, kH, kW]", "rank 4");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3), 1, Padding.of(1), 1, 1), "rank 4");
        expect("conv1d", () -> Convolutions.conv1d(images, w(4, 4, 3), 1, 0, 1, 1), "[N, C, L]", "rank 3");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 3, 3), 1, 0, 1, 1), "[O, C/groups, k]", "rank 3");
        expect("maxPool2d", () -> Pooling.maxPool2d(sequences, 2, 2, 0), "[N, C, H, W]", "rank 4");
        expect("avgPool2d", () -> Pooling.avgPool2d(sequences, 2, 2, 0, false), "[N, C, H, W]", "rank 4");
        expect("globalAvgPool", () -> Pooling.globalAvgPool(sequences), "[N, C, H, W]", "rank 4");
        expect("maxPool1d", () -> Pooling.maxPool1d(images, 2, 2, 0), "[N, C, L]", "rank 3");
        expect("avgPool1d", () -> Pooling.avgPool1d(input("v", 3, 3), 2, 2, 0), "[N, C, L]", "rank 3");
        report();
    }

    @Test
    void strideDilationAndKernelBelowOneAreNamed() {
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 0, 0, 1, 1), "stride", "got 0");
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 1, Padding.of(1), -2, 1), "dilation",
                "got -2");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 3), 0, 0, 1, 1), "stride", "got 0");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 3), 1, 0, 0, 1), "dilation", "got 0");
        expect("maxPool2d", () -> Pooling.maxPool2d(images, 2, 0, 0), "stride", "got 0");
        expect("avgPool2d", () -> Pooling.avgPool2d(images, 0, 1, 0), "kernel", "got 0");
        expect("maxPool1d", () -> Pooling.maxPool1d(sequences, 0, 1, 0), "kernel", "got 0");
        expect("avgPool1d", () -> Pooling.avgPool1d(sequences, 2, -1, 0, false), "stride", "got -1");
        report();
    }

    @Test
    void negativePaddingAndPoolPaddingOverHalfTheKernelAreNamed() {
        expect("conv2d", () -> Convolutions.conv2d(images, w(4, 4, 3, 3), 1, -1, 1, 1), "must be at least 0", "got -1");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 3), 1, -1, 1, 1), "left must be at least 0");
        expect("conv1d", () -> Convolutions.conv1d(sequences, w(4, 4, 3), 1, 0, -2, 1, 1), "right", "got -2");
        expect("avgPool2d", () -> Pooling.avgPool2d(images, 2, 2, -1), "padding must be at least 0", "-1");
        expect("maxPool1d", () -> Pooling.maxPool1d(sequences, 2, 2, -1), "padding must be at least 0", "-1");
        expect("maxPool2d", () -> Pooling.maxPool2d(images, 3, 1, 2), "padding 2 exceeds half the kernel (3 / 2)");
        expect("avgPool2d", () -> Pooling.avgPool2d(images, 2, 1, 2, false), "padding 2 exceeds half the kernel");
        expect("maxPool1d", () -> Pooling.maxPool1d(sequences, 4, 1, 3), "padding 3 exceeds half the kernel (4 / 2)");
        expect("avgPool1d", () -> Pooling.avgPool1d(sequences, 3, 1, 2), "padding 2 exceeds half the kernel");
        for (Supplier<Padding> bad : List.<Supplier<Padding>>of(() -> new Padding(-1, 0, 0, 0),
                () -> new Padding(0, -1, 0, 0), () -> Padding.of(0, -3), () -> Padding.of(-2))) {
            String m = assertThrows(ShapeException.class, bad::get).getMessage();
            assertTrue(m.startsWith("Padding: ") && m.contains("must be at least 0, got -"), m);
        }
        String same = assertThrows(ShapeException.class, () -> Padding.same(0, 3, 1)).getMessage();
        assertEquals("Padding.same: kernelH must be at least 1, got 0", same);
        report();
    }

    @Test
    void unknownChannelsOrSpatialSizesAreNamed() {
        // Only an input's batch may be unknown; a permute moves it to another axis, as user code can.
        Node noChannels = unknownAt("c", 1, 2, 5, 5);
        Node noHeight = unknownAt("h", 2, 2, 4, 5);
        Node noWidth = unknownAt("wd", 3, 2, 4, 5);
        Node noLength = unknownAt("l", 2, 2, 4);
        expect("conv2d", () -> Convolutions.conv2d(noChannels, w(4, 4, 3, 3), 1, 0, 1, 1), "axis 1 is unknown");
        expect("conv2d", () -> Convolutions.conv2d(noHeight, w(4, 4, 3, 3), 1, 0, 1, 1), "axis 2 is unknown");
        expect("conv2d", () -> Convolutions.conv2d(images, input("wu", Shape.UNKNOWN, 4, 3, 3), 1, 0, 1, 1),
                "the weights'", "axis 0 is unknown");
        expect("conv1d", () -> Convolutions.conv1d(noLength, w(4, 4, 3), 1, 0, 1, 1), "axis 2 is unknown");
        expect("maxPool2d", () -> Pooling.maxPool2d(noWidth, 2, 2, 0), "axis 3 is unknown");
        expect("avgPool2d", () -> Pooling.avgPool2d(noChannels, 2, 2, 0, false), "axis 1 is unknown");
        expect("globalAvgPool", () -> Pooling.globalAvgPool(noHeight), "axis 2 is unknown");
        expect("maxPool1d", () -> Pooling.maxPool1d(noLength, 2, 2, 0), "axis 2 is unknown");
        report();
    }

    private int weights;

    /** A fresh weights input of these sizes. */
    private Node w(int... dims) {
        return input("w" + weights++, dims);
    }

    /** A node named {@code name} whose axis {@code axis} is unknown: an input with an unknown batch, permuted. */
    private Node unknownAt(String name, int axis, int... known) {
        int[] dims = new int[known.length + 1];
        dims[0] = Shape.UNKNOWN;
        System.arraycopy(known, 0, dims, 1, known.length);
        int[] perm = new int[dims.length];
        for (int a = 0; a < perm.length; a++) {
            perm[a] = a == 0 ? axis : a == axis ? 0 : a;
        }
        Node n = g.input(name + "In", dims).permute(perm).named(name);
        inputs.add(n);
        return n;
    }

    /** An input the messages may name; each is checked to appear with its shape. */
    private Node input(String name, int... dims) {
        Node n = g.input(name, dims);
        inputs.add(n);
        return n;
    }

    /** Records a failure unless the build throws a ShapeException naming the op, its operands' shapes and each part. */
    private void expect(String op, Supplier<Node> build, String... parts) {
        ShapeException e;
        try {
            Node built = build.get();
            failures.add(op + ": built " + built.shape() + " instead of failing");
            return;
        } catch (ShapeException thrown) {
            e = thrown;
        }
        String m = e.getMessage();
        List<String> wanted = new ArrayList<>(List.of(parts));
        wanted.add(op + "(");
        for (Node operand : inputs) {
            if (m.contains(operand.label() + " ")) {
                wanted.add(operand.label() + " " + operand.shape());
            }
        }
        for (String part : wanted) {
            if (!m.contains(part)) {
                failures.add(op + ": message lacks \"" + part + "\": " + m);
            }
        }
        if (!m.contains(op + "(\"") || m.contains("%")) {
            failures.add(op + ": message does not name the user's own operands: " + m);
        }
    }

    private void report() {
        assertEquals(List.of(), failures, "shape errors that do not fail or do not name what is wrong");
    }
}
