// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;

/** What {@link Conv1d} and {@link Conv2d} share: their checks and the making of their params. */
final class ConvLayers {
    private ConvLayers() {}

    /**
     * Refuses a kernel of the wrong rank, a bias not of its output size, and hyperparameters out
     * of range, when the layer is made rather than when it is first applied.
     */
    static void check(String layer, Param w, Param b, int rank, int stride, int padding, int dilation, int groups) {
        Arguments.requireNonNulls(layer, "w", w, "b", b);
        Shape ws = w.shape();
        if (ws.rank() != rank) {
            throw new NablaException(layer + ": the kernel " + w.name() + " must have rank " + rank
                    + " ([out, in/groups, " + (rank == 4 ? "kH, kW" : "k") + "]), got " + ws);
        }
        if (!b.shape().equals(Shape.of(ws.dim(0)))) {
            throw new NablaException(layer + ": the bias " + b.name() + " must be [" + ws.dim(0)
                    + "] (one per output channel of " + w.name() + " " + ws + "), got " + b.shape());
        }
        if (stride < 1 || dilation < 1 || padding < 0 || groups < 1) {
            throw new NablaException(layer + ": needs stride >= 1, padding >= 0, dilation >= 1 and groups >= 1, got "
                    + "stride " + stride + ", padding " + padding + ", dilation " + dilation + ", groups " + groups);
        }
        if (ws.dim(0) % groups != 0) {
            throw new NablaException(layer + ": groups (" + groups + ") must divide the " + ws.dim(0)
                    + " output channels of " + w.name());
        }
    }

    /**
     * The kernel {@code [out, in/groups, k...]} drawn with the kernel's fans, and the bias {@code [out]}.
     */
    static Param[] params(String layer, int in, int out, int groups, int[] kernel, Init weights, Init bias) {
        Arguments.requireNonNulls(layer, "weights", weights, "bias", bias);
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new NablaException(layer + ": needs in >= 1 and out >= 1 channels, both divisible by groups >= 1, "
                    + "got in " + in + ", out " + out + ", groups " + groups);
        }
        int[] dims = new int[2 + kernel.length];
        dims[0] = out;
        dims[1] = in / groups;
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i] < 1) {
                throw new NablaException(layer + ": the kernel size must be at least 1, got " + kernel[i]);
            }
            dims[2 + i] = kernel[i];
        }
        Shape shape = Shape.of(dims);
        String kind = layer.toLowerCase(java.util.Locale.ROOT);
        return new Param[] {Param.of(kind + "/W", shape, weights.withFans(Fans.ofKernel(shape))),
                Param.of(kind + "/b", Shape.of(out), bias)};
    }
}
