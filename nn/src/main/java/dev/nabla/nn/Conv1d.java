// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.Convolutions;
import dev.nabla.graph.Node;
import java.util.List;

/**
 * A 1-D convolution layer over sequences {@code [N, C, L]}: {@link Convolutions#conv1d} plus a
 * bias per output channel, as PyTorch's {@code nn.Conv1d}.
 *
 * <p>The kernel is drawn with its own fans ({@link Fans#ofKernel}: fan-in {@code C/groups*k}),
 * He-normal by default since convolutions mostly feed ReLUs.
 * Usage: {@code Sequential.of(Conv1d.of(4, 8, 5, 1, 2), Activation.of("relu", Activations::relu))}
 *
 * @param w the kernel {@code [out, in/groups, k]}
 * @param b the bias {@code [out]}
 * @param stride stride, at least 1
 * @param padding zeros at each end, at least 0
 * @param dilation spacing of kernel taps, at least 1
 * @param groups how many groups the channels split into, at least 1
 */
public record Conv1d(Param w, Param b, int stride, int padding, int dilation, int groups) implements Layer {
    /** Checks the fields. */
    public Conv1d {
        ConvLayers.check("Conv1d", w, b, 3, stride, padding, dilation, groups);
    }

    /**
     * A convolution with stride 1 and no padding.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel length
     * @return the layer, named {@code conv1d} until placed
     */
    public static Conv1d of(int in, int out, int kernel) {
        return of(in, out, kernel, 1, 0);
    }

    /**
     * A convolution with He-normal kernel and zero bias.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel length
     * @param stride stride
     * @param padding zeros at each end
     * @return the layer, named {@code conv1d} until placed
     */
    public static Conv1d of(int in, int out, int kernel, int stride, int padding) {
        return of(in, out, kernel, stride, padding, 1, 1, Init.he(), Init.zeros());
    }

    /**
     * A convolution with every hyperparameter and initialiser chosen.
     *
     * @param in input channels
     * @param out output channels
     * @param kernel kernel length
     * @param stride stride, at least 1
     * @param padding zeros at each end, at least 0
     * @param dilation spacing of kernel taps, at least 1
     * @param groups divides {@code in} and {@code out}
     * @param weights the kernel's initialiser, scaled by the kernel's fans
     * @param bias the bias's initialiser
     * @return the layer, named {@code conv1d} until placed
     * @throws dev.nabla.graph.NablaException if a size or hyperparameter is out of range
     */
    public static Conv1d of(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
            Init weights, Init bias) {
        Param[] p = ConvLayers.params("Conv1d", in, out, groups, new int[] {kernel}, weights, bias);
        return new Conv1d(p[0], p[1], stride, padding, dilation, groups);
    }

    @Override
    public Node apply(Node x, Context ctx) {
        Arguments.requireNonNulls("Conv1d.apply", "x", x, "ctx", ctx);
        Node y = Convolutions.conv1d(x, ctx.param(w), stride, padding, dilation, groups);
        return y.add(ctx.param(b).reshape(-1, 1));
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    @Override
    public Conv1d named(String name) {
        return new Conv1d(w.under(name), b.under(name), stride, padding, dilation, groups);
    }
}
