// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Convolutions;
import dev.nabla.graph.DType;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.Padding;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Pooling;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.tests.ReferenceConvolution.Mode;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The options beyond ConvolutionsTest's cases against naive reference loops, over random odd
 * sizes, strides, dilations, groups and uneven paddings, with the batch size unknown at build
 * time: per-side padding and PyTorch's 'same' for conv2d and conv1d, 1-D pooling, and average
 * pooling with the padding not counted; and max pooling's tie rule on exact values.
 */
class ConvolutionOptionsTest {
    private static final int CASES = 40;

    /** Images, weights and the hyperparameters of one convolution. */
    private record Conv(Tensor x, Tensor w, int stride, Padding pad, int dilation, int groups) {
        /** The plain loops' result; a 1-D case sees height 1. */
        double[] reference() {
            return ReferenceConvolution.conv(x, w, new int[] {stride, stride}, pad, new int[] {dilation, dilation},
                    groups);
        }
    }

    @Test
    void conv2dWithPerSidePaddingMatchesTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(21);
        for (int i = 0; i < CASES; i++) {
            Conv c = convCase(r, false);
            Graph g = new Graph();
            Shape xs = c.x.shape();
            Node x = g.input("x", Shape.UNKNOWN, xs.dim(1), xs.dim(2), xs.dim(3));
            Node y = Convolutions.conv2d(x, g.constant(c.w), c.stride, c.pad, c.dilation, c.groups);
            assertArrayEquals(c.reference(), run(x, c.x, y), 1e-12, () -> "conv2d " + c);
        }
    }

    @Test
    void conv1dWithPerSidePaddingMatchesTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(22);
        for (int i = 0; i < CASES; i++) {
            Conv c = convCase(r, true);
            Shape xs = c.x.shape();
            Shape ws = c.w.shape();
            Graph g = new Graph();
            Node x = g.input("x", Shape.UNKNOWN, xs.dim(1), xs.dim(3));
            Node w = g.constant(Tensor.fromArray(c.w.toArray(), ws.dim(0), ws.dim(1), ws.dim(3)));
            Node y = Convolutions.conv1d(x, w, c.stride, c.pad.left(), c.pad.right(), c.dilation, c.groups);
            Tensor in = Tensor.fromArray(c.x.toArray(), xs.dim(0), xs.dim(1), xs.dim(3));
            assertArrayEquals(c.reference(), run(x, in, y), 1e-12, () -> "conv1d " + c);
        }
    }

    /** PyTorch's 'same': the output keeps the input's size, the odd extra row and column at the bottom and right. */
    @Test
    void samePaddingKeepsTheSizeAndPutsTheOddExtraLast() {
        assertEquals(new Padding(1, 2, 0, 1), Padding.same(4, 2, 1));
        assertEquals(new Padding(3, 3, 6, 6), Padding.same(3, 5, 3));
        assertEquals(new Padding(1, 2, 3, 3), Padding.same(2, 3, 3));
        assertEquals(new Padding(0, 0, 1, 2), Padding.same(1, 4, 1));
        SplittableRandom r = new SplittableRandom(23);
        for (int i = 0; i < CASES; i++) {
            int groups = r.nextInt(1, 3);
            int h = r.nextInt(1, 8);
            int w = r.nextInt(1, 8);
            int dilation = r.nextInt(1, 3);
            Tensor x = Tensor.randomUniform(r.nextLong(), -1, 1, r.nextInt(1, 3), groups * r.nextInt(1, 3), h, w);
            Tensor k = Tensor.randomUniform(r.nextLong(), -1, 1, groups * r.nextInt(1, 3), x.shape().dim(1) / groups,
                    r.nextInt(1, 5), r.nextInt(1, 5));
            Padding same = Padding.same(k.shape().dim(2), k.shape().dim(3), dilation);
            Conv c = new Conv(x, k, 1, same, dilation, groups);
            Graph g = new Graph();
            Node in = g.input("x", x.shape().dims());
            Node y = Convolutions.conv2d(in, g.constant(k), 1, same, dilation, groups);
            assertEquals(Shape.of(x.shape().dim(0), k.shape().dim(0), h, w), y.shape(), c::toString);
            assertArrayEquals(c.reference(), run(in, x, y), 1e-12, c::toString);
        }
    }

    @Test
    void poolsIn1dAnd2dWithAndWithoutCountedPaddingMatchTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(24);
        for (int i = 0; i < CASES; i++) {
            boolean oneD = i % 2 == 0;
            int[] d = {r.nextInt(1, 3), r.nextInt(1, 4), oneD ? 1 : r.nextInt(1, 8), r.nextInt(1, 9)};
            int kernel = r.nextInt(1, (oneD ? d[3] : Math.min(d[2], d[3])) + 1);
            int padding = r.nextInt(kernel / 2 + 1);
            int stride = r.nextInt(1, 4);
            Tensor t = Tensor.randomUniform(r.nextLong(), -2, 2, d);
            Graph g = new Graph();
            Node x = oneD ? g.input("x", Shape.UNKNOWN, d[1], d[3]) : g.input("x", Shape.UNKNOWN, d[1], d[2], d[3]);
            Tensor in = oneD ? Tensor.fromArray(t.toArray(), d[0], d[1], d[3]) : t;
            int kh = oneD ? 1 : kernel;
            int ph = oneD ? 0 : padding;
            String label = (oneD ? "1-D " : "2-D ") + t.shape() + " kernel " + kernel + " stride " + stride
                    + " padding " + padding;
            Node max = oneD ? Pooling.maxPool1d(x, kernel, stride, padding)
                    : Pooling.maxPool2d(x, kernel, stride, padding);
            assertArrayEquals(ReferenceConvolution.pool(t, kh, kernel, stride, ph, padding, Mode.MAX), run(x, in, max),
                    0.0, "max " + label);
            for (boolean counted : new boolean[] {true, false}) {
                Node avg = oneD ? Pooling.avgPool1d(x, kernel, stride, padding, counted)
                        : Pooling.avgPool2d(x, kernel, stride, padding, counted);
                Mode mode = counted ? Mode.COUNTED : Mode.REAL;
                assertArrayEquals(ReferenceConvolution.pool(t, kh, kernel, stride, ph, padding, mode),
                        run(x, in, avg), 1e-12, "avg counted=" + counted + " " + label);
            }
            Node byDefault = oneD ? Pooling.avgPool1d(x, kernel, stride, padding)
                    : Pooling.avgPool2d(x, kernel, stride, padding);
            assertArrayEquals(ReferenceConvolution.pool(t, kh, kernel, stride, ph, padding, Mode.COUNTED),
                    run(x, in, byDefault), 1e-12, "avg by default counts the padding " + label);
        }
    }

    /** A worked case: 3 values and 1 zero of padding in a corner window average to sum / 3, not sum / 4. */
    @Test
    void uncountedPaddingDividesByTheRealElements() {
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, 2, 2);
        Tensor four = Tensor.fromArray(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        // kernel 2, stride 1, padding 1: a 3x3 output whose corners hold one real element, edges two, centre four.
        double[] expected = {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4};
        assertArrayEquals(expected, run(x, four, Pooling.avgPool2d(x, 2, 1, 1, false)), 1e-15);
        double[] counted = {0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1};
        assertArrayEquals(counted, run(x, four, Pooling.avgPool2d(x, 2, 1, 1, true)), 1e-15);
    }

    /** In a float32 graph the count constant and the remainder pad take the graph's type; results match float64. */
    @Test
    void perSidePaddingAndUncountedAveragesRunInFloat32() {
        Tensor t = Tensor.randomUniform(25, -1, 1, 2, 3, 5, 6);
        Tensor k = Tensor.randomUniform(26, -1, 1, 4, 3, 2, 3);
        Padding pad = new Padding(0, 1, 2, 1);
        double[][] got = new double[2][];
        for (DType type : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Graph g = new Graph(type);
            Node x = g.input("x", Shape.UNKNOWN, 3, 5, 6);
            Node y = Convolutions.conv2d(x, g.constant(k), 2, pad, 1, 1);
            Node avg = Pooling.avgPool2d(y, 3, 1, 1, false);
            got[type == DType.FLOAT64 ? 0 : 1] = new Session(new ParamStore()).run(Map.of(x, t.to(type)), avg).get(0)
                    .toArray();
        }
        assertArrayEquals(got[0], got[1], 1e-5);
        assertEquals(new Conv(t, k, 2, pad, 1, 1).reference().length, got[0].length, "avgPool 3, 1, 1 keeps the size");
    }

    /** Two tied elements get 1/2 of the window's cotangent each, four get 1/4; overlapping windows add their shares. */
    @Test
    void maxPoolSplitsTiesEvenlyAcrossOverlappingWindows() {
        // Disjoint windows: a 2-way tie (5, 5) and a 4-way tie (7, 7, 7, 7); cotangent 1 and 8.
        assertArrayEquals(new double[] {0.5, 0.5, 2, 2, 0, 0, 2, 2},
                maxPoolGradient(new double[] {5, 5, 7, 7, 1, 2, 7, 7}, 2, 4, 2, new double[] {1, 8}), 0.0);
        // Overlapping 2x2 windows, stride 1, over a 3x3 image of ones: every window is a 4-way tie, so an
        // element gets 1/4 of the cotangent of each window that covers it.
        double[] cot = {1, 2, 4, 8};
        double[] expected = {0.25, 0.75, 0.5, 1.25, 3.75, 2.5, 1, 3, 2};
        assertArrayEquals(expected, maxPoolGradient(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 3, 3, 1, cot), 0.0);
        // Overlapping windows with 2-way ties: each 3 ties with one other 3 in each window it is in.
        double[] cross = {1, 3, 1, 3, 0, 3, 1, 3, 1};
        double[] split = {0, 0.5 * (1 + 2), 0, 0.5 * (1 + 4), 0, 0.5 * (2 + 8), 0, 0.5 * (4 + 8), 0};
        assertArrayEquals(split, maxPoolGradient(cross, 3, 3, 1, cot), 0.0);
        // The 1-D pool follows the same rule: windows (4, 4) and (4, 2) share the middle 4.
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, 3);
        Node y = Pooling.maxPool1d(x, 2, 1, 0);
        Node dx = Grad.grad(y.mul(g.constant(Tensor.fromArray(new double[] {1, 2}, 1, 1, 2))).sum(), x);
        assertArrayEquals(new double[] {0.5, 2.5, 0}, run(x, Tensor.fromArray(new double[] {4, 4, 2}, 1, 1, 3), dx),
                0.0);
    }

    /** The gradient of sum(maxPool2d(x, 2, stride) * cot) for one image [1, 1, h, w]. */
    private static double[] maxPoolGradient(double[] values, int h, int w, int stride, double[] cot) {
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, h, w);
        Node y = Pooling.maxPool2d(x, 2, stride, 0);
        Node weights = g.constant(Tensor.of(y.shape(), cot));
        Node dx = Grad.grad(y.mul(weights).sum(), x);
        return run(x, Tensor.fromArray(values, 1, 1, h, w), dx);
    }

    private static double[] run(Node x, Tensor value, Node y) {
        return new Session(new ParamStore()).run(Map.of(x, value), y).get(0).toArray();
    }

    /** A conv case with uneven padding; a 1-D case has height 1, kernel height 1 and no vertical padding. */
    private static Conv convCase(SplittableRandom r, boolean oneD) {
        int groups = r.nextInt(1, 4);
        int h = oneD ? 1 : r.nextInt(1, 8);
        int w = r.nextInt(1, 9);
        int dilation = r.nextInt(1, 3);
        Padding pad = new Padding(oneD ? 0 : r.nextInt(4), oneD ? 0 : r.nextInt(4), r.nextInt(4), r.nextInt(4));
        int kh = oneD ? 1 : r.nextInt(1, Math.min(3, (h + pad.top() + pad.bottom() - 1) / dilation + 1) + 1);
        int kw = r.nextInt(1, Math.min(4, (w + pad.left() + pad.right() - 1) / dilation + 1) + 1);
        Tensor x = Tensor.randomUniform(r.nextLong(), -1, 1, r.nextInt(1, 4), groups * r.nextInt(1, 3), h, w);
        Tensor k = Tensor.randomUniform(r.nextLong(), -1, 1, groups * r.nextInt(1, 3), x.shape().dim(1) / groups, kh,
                kw);
        return new Conv(x, k, r.nextInt(1, 4), pad, dilation, groups);
    }
}
