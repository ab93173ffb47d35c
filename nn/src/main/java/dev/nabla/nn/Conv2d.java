// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Node;
import java.util.List;

/**
 * A 2-D convolution layer over images {@code [N, C, H, W]}: {@link Convolutions#conv2d} plus a
 * bias per output channel, as PyTorch's {@code nn.Conv2d}.
 *
 * <p>The kernel is drawn with its own fans ({@link Fans#ofKernel}: fan-in {@code C/groups*kH*kW}),
 * He-normal by default since convolutions mostly feed ReLUs.
 * Usage: {@code Sequential.of(Conv2d.of(1, 16, 3, 1, 1), Activation.of("relu", Activations::relu), MaxPool2d.of(2))}
 *
 * @param w the kernel {@code [out, in/groups, kH, kW]}
 * @param b the bias {@code [out]}
 * @param stride stride on both axes, at least 1
 * @param padding zeros on every side, at least 0
 * @param dilation spacing of kernel taps, at least 1
 * @param groups how many groups the channels split into, at least 1
 */
public record Conv2d(Param w, Param b, int stride, int padding, int dilation, int groups) implements Layer {
    /** Checks the fields. */
    public Conv2d {
        ConvLayers.check("Conv2d", w, b, 4, stride, padding, dilation, groups);
    }

    /**
     * A square-kernel convolution with stride 1 and no padding.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel height and width
     * @return the layer, named {@code conv2d} until placed
     */
    public static Conv2d of(int in, int out, int kernel) {
        return of(in, out, kernel, 1, 0);
    }

    /**
     * A square-kernel convolution with He-normal kernel and zero bias.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel height and width
     * @param stride stride on both axes
     * @param padding zeros on every side
     * @return the layer, named {@code conv2d} until placed
     */
    public static Conv2d of(int in, int out, int kernel, int stride, int padding) {
        return of(in, out, kernel, stride, padding, 1, 1, Init.he(), Init.zeros());
    }

    /**
     * A square-kernel convolution with every hyperparameter and initialiser chosen.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel height and width
     * @param stride stride on both axes, at least 1
     * @param padding zeros on every side, at least 0
     * @param dilation spacing of kernel taps, at least 1
     * @param groups divides {@code in} and {@code out}
     * @param weights the kernel's initialiser, scaled by the kernel's fans
     * @param bias the bias's initialiser
     * @return the layer, named {@code conv2d} until placed
     * @throws dev.nabla.graph.NablaException if a size or hyperparameter is out of range
     */
    public static Conv2d of(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
            Init weights, Init bias) {
        Param[] p = ConvLayers.params("Conv2d", in, out, groups, new int[] {kernel, kernel}, weights, bias);
        return new Conv2d(p[0], p[1], stride, padding, dilation, groups);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Conv2d.apply", "x", x, "ctx", ctx);
        Node y = Convolutions.conv2d(x, ctx.param(w), stride, padding, dilation, groups);
        return y.add(ctx.param(b).reshape(-1, 1, 1));
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    @Override
    public Conv2d named(String name) {
        return new Conv2d(w.under(name), b.under(name), stride, padding, dilation, groups);
    }
}
