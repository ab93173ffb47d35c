// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Window;
import dev.nabla.tests.ReferenceConvolution.Mode;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Convolution and pooling against naive reference loops over random shapes, strides, paddings,
 * dilations, groups and odd sizes, with the batch size unknown at build time; the tie rule of
 * max pooling; and the shape errors.
 */
class ConvolutionsTest {
    private static final int CASES = 40;

    /** A random case: the input, the weights, the hyperparameters, and whether only the width is convolved. */
    private record Case(Tensor x, Tensor w, int stride, int padding, int dilation, int groups, boolean oneD) {
        /** The plain loops' result; conv1d's case has height 1 and no vertical stride, padding or dilation. */
        double[] reference() {
            return oneD ? ReferenceConvolution.conv(x, w, new int[] {1, stride}, new Padding(0, 0, padding, padding),
                    new int[] {1, dilation}, groups)
                    : ReferenceConvolution.conv(x, w, new int[] {stride, stride}, Padding.of(padding),
                    new int[] {dilation, dilation}, groups);
        }
    }

    @Test
    void conv2dMatchesTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < CASES; i++) {
            Case c = convCase(r, 2);
            Graph g = new Graph();
            Node x = g.input("x", Shape.UNKNOWN, c.x.shape().dim(1), c.x.shape().dim(2), c.x.shape().dim(3));
            Node y = Convolutions.conv2d(x, g.constant(c.w), c.stride, c.padding, c.dilation, c.groups);
            assertArrayEquals(c.reference(), run(x, c.x, y), 1e-12, () -> "conv2d " + c);
        }
    }

    @Test
    void conv1dMatchesTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < CASES; i++) {
            Case c = convCase(r, 1);
            Shape xs = c.x.shape();
            Shape ws = c.w.shape();
            Graph g = new Graph();
            Node x = g.input("x", Shape.UNKNOWN, xs.dim(1), xs.dim(3));
            Node w = g.constant(Tensor.fromArray(c.w.toArray(), ws.dim(0), ws.dim(1), ws.dim(3)));
            Node y = Convolutions.conv1d(x, w, c.stride, c.padding, c.dilation, c.groups);
            Tensor in = Tensor.fromArray(c.x.toArray(), xs.dim(0), xs.dim(1), xs.dim(3));
            assertArrayEquals(c.reference(), run(x, in, y), 1e-12, () -> "conv1d " + c);
        }
    }

    @Test
    void poolsMatchTheReferenceLoops() {
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < CASES; i++) {
            int[] d = {r.nextInt(1, 3), r.nextInt(1, 4), r.nextInt(1, 8), r.nextInt(1, 8)};
            int kernel = r.nextInt(1, Math.min(d[2], d[3]) + 1);
            int padding = r.nextInt(kernel / 2 + 1);
            int stride = r.nextInt(1, 4);
            Tensor t = Tensor.randomUniform(r.nextLong(), -2, 2, d);
            Graph g = new Graph();
            Node x = g.input("x", Shape.UNKNOWN, d[1], d[2], d[3]);
            String label = "pool " + t.shape() + " kernel " + kernel + " stride " + stride + " padding " + padding;
            assertArrayEquals(ReferenceConvolution.pool(t, kernel, kernel, stride, padding, padding, Mode.MAX),
                    run(x, t, Pooling.maxPool2d(x, kernel, stride, padding)), 0.0, "max" + label);
            assertArrayEquals(ReferenceConvolution.pool(t, kernel, kernel, stride, padding, padding, Mode.COUNTED),
                    run(x, t, Pooling.avgPool2d(x, kernel, stride, padding)), 1e-12, "avg" + label);
            double[] global = run(x, t, Pooling.globalAvgPool(x));
            double[] tv = t.toArray();
            for (int n = 0; n < d[0]; n++) {
                for (int ch = 0; ch < d[1]; ch++) {
                    double sum = 0;
                    for (int k = 0; k < d[2] * d[3]; k++) {
                        sum += tv[((n * d[1]) + ch) * d[2] * d[3] + k];
                    }
                    assertEquals(sum / (d[2] * d[3]), global[n * d[1] + ch], 1e-12, "globalAvgPool" + label);
                }
            }
        }
    }

    /** Float32 graphs run the widened kernels and round once, so they match float64 to float precision. */
    @Test
    void conv2dRunsInFloat32() {
        Case c = convCase(new SplittableRandom(14), 2);
        Graph g = new Graph(DType.FLOAT32);
        Node x = g.input("x", c.x.shape().dims());
        Node y = Convolutions.conv2d(x, g.constant(c.w.to(DType.FLOAT32)), c.stride, c.padding, c.dilation, c.groups);
        double[] got = new Session(new ParamStore()).run(Map.of(x, c.x.to(DType.FLOAT32)), y).get(0).toArray();
        assertArrayEquals(c.reference(), got, 1e-4);
    }

    /** At a tie the gradient is split evenly among the tied elements of the window, as for max. */
    @Test
    void maxPoolSplitsTheGradientAtATie() {
        Graph g = new Graph();
        Node x = g.input("x", 1, 1, 2, 2);
        Node dx = Grad.grad(Pooling.maxPool2d(x, 2, 2, 0).sum(), x);
        Tensor at = Tensor.fromArray(new double[] {3, 1, 3, 3}, 1, 1, 2, 2);
        double[] got = new Session(new ParamStore()).run(Map.of(x, at), dx).get(0).toArray();
        assertArrayEquals(new double[] {1.0 / 3, 0, 1.0 / 3, 1.0 / 3}, got, 1e-15);
    }

    @Test
    void shapeErrorsNameTheOpAndTheDimension() {
        Graph g = new Graph();
        Node x = g.input("x", 2, 4, 5, 5);
        String big = message(() -> Convolutions.conv2d(x, g.input("w", 3, 4, 7, 3), 1, 0, 1, 1));
        assertTrue(big.contains("conv2d") && big.contains("height") && big.contains("5 + 2*0"), big);
        String dilated = message(() -> Convolutions.unfold(x, new Window(3, 3, 1, 1, 0, 0, 3, 3)));
        assertTrue(dilated.contains("unfold") && dilated.contains("dilation 3"), dilated);
        String groups = message(() -> Convolutions.conv2d(x, g.input("w2", 3, 2, 3, 3), 1, 0, 1, 2));
        assertTrue(groups.contains("conv2d") && groups.contains("groups (2)") && groups.contains("3 outputs"), groups);
        String perGroup = message(() -> Convolutions.conv2d(x, g.input("w3", 4, 4, 3, 3), 1, 0, 1, 2));
        assertTrue(perGroup.contains("axis 1 of the weights (4)"), perGroup);
        String stride = message(() -> Convolutions.conv2d(x, g.input("w4", 4, 4, 3, 3), 0, 0, 1, 1));
        assertTrue(stride.contains("conv2d") && stride.contains("stride height must be at least 1"), stride);
        String pad = message(() -> Pooling.avgPool2d(x, 2, 2, -1));
        assertTrue(pad.contains("avgPool2d") && pad.contains("padding must be at least 0"), pad);
        String maxPad = message(() -> Pooling.maxPool2d(x, 3, 1, 2));
        assertTrue(maxPad.contains("maxPool2d") && maxPad.contains("exceeds half the kernel"), maxPad);
        String rank = message(() -> Pooling.maxPool2d(g.input("v", 3, 3), 2, 2, 0));
        assertTrue(rank.contains("[N, C, H, W]"), rank);
        String cols = message(() -> Convolutions.fold(g.input("c", 2, 5, 9), 5, 5, new Window(2, 2, 1, 1, 0, 0, 1, 1)));
        assertTrue(cols.contains("fold") && cols.contains("not a multiple"), cols);
    }

    private static String message(Runnable build) {
        return assertThrows(ShapeException.class, build::run).getMessage();
    }

    private static double[] run(Node x, Tensor value, Node y) {
        return new Session(new ParamStore()).run(Map.of(x, value), y).get(0).toArray();
    }

    /** A conv case; rank 1 draws height 1 and kernel height 1, as conv1d sees it. */
    private static Case convCase(SplittableRandom r, int rank) {
        int groups = r.nextInt(1, 4);
        int perGroup = r.nextInt(1, 3);
        int outPerGroup = r.nextInt(1, 3);
        int h = rank == 1 ? 1 : r.nextInt(1, 8);
        int w = r.nextInt(1, 9);
        int dilation = r.nextInt(1, 3);
        int padding = r.nextInt(3);
        int kh = rank == 1 ? 1 : r.nextInt(1, Math.min(3, (h + 2 * padding - 1) / dilation + 1) + 1);
        int kw = r.nextInt(1, Math.min(4, (w + 2 * padding - 1) / dilation + 1) + 1);
        Tensor x = Tensor.randomUniform(r.nextLong(), -1, 1, r.nextInt(1, 4), groups * perGroup, h, w);
        Tensor k = Tensor.randomUniform(r.nextLong(), -1, 1, groups * outPerGroup, perGroup, kh, kw);
        return new Case(x, k, r.nextInt(1, 4), padding, dilation, groups, rank == 1);
    }
}
