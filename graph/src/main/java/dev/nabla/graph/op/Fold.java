// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.kernel.Im2Col;
import dev.nabla.graph.storage.Buffers;
import java.util.List;

/**
 * Col2im, the adjoint of {@link Unfold}: sums columns {@code [N, C*kH*kW, Ho*Wo]} back into the
 * image positions they were read from, giving {@code [N, C, height, width]}; overlapping windows
 * add up and taps in the padding are dropped. Its derivative is {@link Unfold}.
 *
 * @param height the image height
 * @param width the image width
 * @param window the kernel, stride, padding and dilation the columns were cut with
 */
public record Fold(int height, int width, Window window) implements Primitive {
    /** Rejects a null window and a non-positive image size. */
    public Fold {
        if (window == null) {
            throw new ShapeException("fold: the window is null");
        }
        if (height < 1 || width < 1) {
            throw new ShapeException("fold: the image size must be at least 1 x 1, got " + height + " x " + width);
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.FOLD;
    }

    @Override
    public String name() {
        return "fold";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        if (x.rank() != 3) {
            throw new ShapeException("fold: the input must be columns [N, C*kH*kW, L] (rank 3), got " + x);
        }
        if (x.dim(1) == Shape.UNKNOWN || x.dim(2) == Shape.UNKNOWN) {
            throw new ShapeException("fold: axes 1 and 2 of " + x + " must be known; only N may be unknown");
        }
        if (x.dim(1) % window.taps() != 0) {
            throw new ShapeException("fold: axis 1 of " + x + " (" + x.dim(1) + ") is not a multiple of the kernel's "
                    + window.kernelH() + " x " + window.kernelW() + " = " + window.taps() + " taps");
        }
        long positions = (long) window.outH("fold", height) * window.outW("fold", width);
        if (x.dim(2) != positions) {
            throw new ShapeException("fold: axis 2 of " + x + " (" + x.dim(2) + ") must be the " + positions
                    + " window positions of a " + height + " x " + width + " image with " + window);
        }
        return Shape.of(x.dim(0), x.dim(1) / window.taps(), height, width);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        int[] d = out.shape().dims();
        int[] g = Unfold.geometry(window);
        int oh = window.outH("fold", height);
        int ow = window.outW("fold", width);
        if (out.dtype() == DType.FLOAT32) {
            Im2Col.fold(Buffers.floats(in[0]), Buffers.floats(out), d[0], d[1], d[2], d[3], g, oh, ow, ctx.threads());
        } else {
            Im2Col.fold(Buffers.doubles(in[0]), Buffers.doubles(out), d[0], d[1], d[2], d[3], g, oh, ow, ctx.threads());
        }
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        return List.of(Convolutions.unfold(g, window));
    }

    @Override
    public int arity() {
        return 1;
    }
}
