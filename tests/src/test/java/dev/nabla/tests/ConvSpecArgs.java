// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Node;
import dev.nabla.graph.Padding;
import dev.nabla.graph.Pooling;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Window;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The inputs and functions of the gradient rows for unfold, fold and the convolutions built on
 * them: image shapes with odd sizes, and windows (kernel, stride, padding, dilation) drawn at
 * random from the shapes so that each fits its input.
 */
final class ConvSpecArgs {
    private ConvSpecArgs() {}

    /** One image batch {@code [N, C, H, W]}: N 1 to 2, C 1 to 2, H and W 1 to 4. */
    static Gen<List<Shape>> images() {
        Gen<Integer> small = Generate.range(1, 2);
        Gen<Integer> side = Generate.range(1, 4);
        Gen<List<Shape>> gen = rs -> List.of(Shape.of(small.generate(rs), small.generate(rs), side.generate(rs),
                side.generate(rs)));
        return gen.describedAs(List::toString);
    }

    /** Images and weights for a grouped conv2d: groups 1 to 2, 1 to 2 channels and outputs per group, kernel 1 to 3. */
    static Gen<List<Shape>> imagesAndWeights() {
        Gen<Integer> small = Generate.range(1, 2);
        Gen<Integer> side = Generate.range(1, 4);
        Gen<Integer> kernel = Generate.range(1, 3);
        Gen<List<Shape>> gen = rs -> {
            int groups = small.generate(rs);
            int perGroup = small.generate(rs);
            return List.of(Shape.of(small.generate(rs), groups * perGroup, side.generate(rs), side.generate(rs)),
                    Shape.of(groups * small.generate(rs), perGroup, kernel.generate(rs), kernel.generate(rs)));
        };
        return gen.describedAs(List::toString);
    }

    /** Sequences and weights for a grouped conv1d: {@code [N, C, L]} with L 1 to 5 and {@code [O, C/groups, k]}. */
    static Gen<List<Shape>> sequencesAndWeights() {
        Gen<Integer> small = Generate.range(1, 2);
        Gen<Integer> length = Generate.range(1, 5);
        Gen<Integer> kernel = Generate.range(1, 3);
        Gen<List<Shape>> gen = rs -> {
            int groups = small.generate(rs);
            int perGroup = small.generate(rs);
            return List.of(Shape.of(small.generate(rs), groups * perGroup, length.generate(rs)),
                    Shape.of(groups * small.generate(rs), perGroup, kernel.generate(rs)));
        };
        return gen.describedAs(List::toString);
    }

    /** A window that fits images of this shape: kernel 1 to 3, stride 1 to 3, padding 0 to 2, dilation 1 to 2. */
    static Window window(SplittableRandom r, Shape x) {
        int ph = r.nextInt(3);
        int pw = r.nextInt(3);
        int dh = r.nextInt(1, 3);
        int dw = r.nextInt(1, 3);
        return new Window(fitting(r, x.dim(2), ph, dh), fitting(r, x.dim(3), pw, dw), r.nextInt(1, 4), r.nextInt(1, 4),
                ph, pw, dh, dw);
    }

    /** unfold over a random window, squared so that second order is not trivial. */
    static Node unfold(Node x) {
        return Convolutions.unfold(x, window(SpecArgs.rng("unfold", x), x.shape())).square();
    }

    /** fold of the columns of x, each scaled by a constant (so overlaps sum unequal values), squared. */
    static Node fold(Node x) {
        SplittableRandom r = SpecArgs.rng("fold", x);
        Shape s = x.shape();
        Window w = window(r, s);
        Node cols = Convolutions.unfold(x, w);
        double[] scale = new double[cols.shape().size()];
        Arrays.setAll(scale, i -> r.nextDouble(-1, 1));
        Node scaled = cols.mul(x.graph().constant(Tensor.of(cols.shape(), scale)));
        return Convolutions.fold(scaled, s.dim(2), s.dim(3), w).square();
    }

    /** conv2d with the groups the shapes imply, a random stride and dilation, and padding enough to fit; squared. */
    static Node conv2d(List<Node> xs) {
        Node x = xs.get(0);
        Node w = xs.get(1);
        SplittableRandom r = SpecArgs.rng("conv2d", x, w);
        int dilation = r.nextInt(1, 3);
        int padding = r.nextInt(3);
        for (int a = 2; a < 4; a++) {
            int span = dilation * (w.shape().dim(a) - 1) + 1;
            padding = Math.max(padding, (span - x.shape().dim(a) + 1) / 2);
        }
        int groups = x.shape().dim(1) / w.shape().dim(1);
        return Convolutions.conv2d(x, w, r.nextInt(1, 4), padding, dilation, groups).square();
    }

    /**
     * conv2d with its own padding on each side (0 to 2, the bottom and right raised until the kernel
     * fits), or PyTorch's 'same' padding; random stride and dilation, the groups the shapes imply; squared.
     */
    static Node conv2dPerSide(List<Node> xs) {
        Node x = xs.get(0);
        Node w = xs.get(1);
        SplittableRandom r = SpecArgs.rng("conv2d per side", x, w);
        int dilation = r.nextInt(1, 3);
        int groups = x.shape().dim(1) / w.shape().dim(1);
        if (r.nextInt(4) == 0) {
            Padding same = Padding.same(w.shape().dim(2), w.shape().dim(3), dilation);
            return Convolutions.conv2d(x, w, 1, same, dilation, groups).square();
        }
        int[] before = {r.nextInt(3), r.nextInt(3)};
        int[] after = {r.nextInt(3), r.nextInt(3)};
        for (int a = 0; a < 2; a++) {
            int span = dilation * (w.shape().dim(a + 2) - 1) + 1;
            after[a] = Math.max(after[a], span - x.shape().dim(a + 2) - before[a]);
        }
        Padding pad = new Padding(before[0], after[0], before[1], after[1]);
        return Convolutions.conv2d(x, w, r.nextInt(1, 4), pad, dilation, groups).square();
    }

    /** conv1d with its own padding at each end (the right raised until the kernel fits), random stride; squared. */
    static Node conv1dPerSide(List<Node> xs) {
        Node x = xs.get(0);
        Node w = xs.get(1);
        SplittableRandom r = SpecArgs.rng("conv1d per side", x, w);
        int dilation = r.nextInt(1, 3);
        int left = r.nextInt(3);
        int span = dilation * (w.shape().dim(2) - 1) + 1;
        int right = Math.max(r.nextInt(3), span - x.shape().dim(2) - left);
        int groups = x.shape().dim(1) / w.shape().dim(1);
        return Convolutions.conv1d(x, w, r.nextInt(1, 4), left, right, dilation, groups).square();
    }

    /** Average pooling with the padding not counted, a random kernel, stride and padding that fit; squared. */
    static Node avgPoolUncounted(Node x) {
        SplittableRandom r = SpecArgs.rng("avgPool2d uncounted", x);
        int[] kp = kernelAndPadding(r, Math.min(x.shape().dim(2), x.shape().dim(3)));
        return Pooling.avgPool2d(x, kp[0], r.nextInt(1, 4), kp[1], false).square();
    }

    /** A 1-D max or average pool (padding counted or not, at random) over image rows seen as sequences; squared. */
    static Node pool1d(Node x, boolean max) {
        SplittableRandom r = SpecArgs.rng(max ? "maxPool1d" : "avgPool1d", x);
        Shape s = x.shape();
        Node seq = x.reshape(s.dim(0), s.dim(1) * s.dim(2), s.dim(3));
        int[] kp = kernelAndPadding(r, s.dim(3));
        int stride = r.nextInt(1, 4);
        Node y = max ? Pooling.maxPool1d(seq, kp[0], stride, kp[1])
                : Pooling.avgPool1d(seq, kp[0], stride, kp[1], r.nextBoolean());
        return y.square();
    }

    /** A kernel 1 to 3 and a padding up to half of it, such that the kernel fits a side of n plus padding. */
    private static int[] kernelAndPadding(SplittableRandom r, int n) {
        int kernel = r.nextInt(1, 4);
        int padding = r.nextInt(kernel / 2 + 1);
        kernel = Math.min(kernel, n + 2 * padding);
        return new int[] {kernel, Math.min(padding, kernel / 2)};
    }

    /** Max or average pooling with a random kernel, stride and padding that fit; average pooling squared. */
    static Node pool(Node x, boolean max) {
        SplittableRandom r = SpecArgs.rng(max ? "maxPool2d" : "avgPool2d", x);
        int side = Math.min(x.shape().dim(2), x.shape().dim(3));
        int kernel = r.nextInt(1, 4);
        int padding = r.nextInt(kernel / 2 + 1);
        kernel = Math.min(kernel, side + 2 * padding);
        padding = Math.min(padding, kernel / 2);
        int stride = r.nextInt(1, 4);
        return max ? Pooling.maxPool2d(x, kernel, stride, padding).square()
                : Pooling.avgPool2d(x, kernel, stride, padding).square();
    }

    private static int fitting(SplittableRandom r, int n, int padding, int dilation) {
        int largest = (n + 2 * padding - 1) / dilation + 1;
        return r.nextInt(1, Math.min(largest, 3) + 1);
    }
}
