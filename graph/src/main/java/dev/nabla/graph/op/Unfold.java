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
 * Im2col: copies every window of an image batch {@code [N, C, H, W]} into a column, giving
 * {@code [N, C*kH*kW, Ho*Wo]}; convolution and pooling are a product or a reduction over it.
 * Linear, and its derivative is {@link Fold}, whose derivative is this op again.
 *
 * @param window the kernel, stride, padding (read as 0) and dilation
 */
public record Unfold(Window window) implements Primitive {
    /** Rejects a null window. */
    public Unfold {
        if (window == null) {
            throw new ShapeException("unfold: the window is null");
        }
    }

    @Override
    public OpKind kind() {
        return OpKind.UNFOLD;
    }

    @Override
    public String name() {
        return "unfold";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Shape x = in.get(0);
        if (x.rank() != 4) {
            throw new ShapeException("unfold: the input must be [N, C, H, W] (rank 4), got " + x);
        }
        for (int a = 1; a < 4; a++) {
            if (x.dim(a) == Shape.UNKNOWN) {
                throw new ShapeException("unfold: axis " + a + " of " + x + " is known only at run time; only N may be");
            }
        }
        long rows = (long) x.dim(1) * window.taps();
        long cols = (long) window.outH("unfold", x.dim(2)) * window.outW("unfold", x.dim(3));
        if (rows * cols > Integer.MAX_VALUE) {
            throw new ShapeException("unfold: " + rows + " x " + cols + " columns per image exceed 2^31 - 1 values");
        }
        return Shape.of(x.dim(0), (int) rows, (int) cols);
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        int[] d = in[0].shape().dims();
        int[] g = geometry(window);
        int oh = window.outH("unfold", d[2]);
        int ow = window.outW("unfold", d[3]);
        if (out.dtype() == DType.FLOAT32) {
            Im2Col.unfold(Buffers.floats(in[0]), Buffers.floats(out), d[0], d[1], d[2], d[3], g, oh, ow, ctx.threads());
        } else {
            Im2Col.unfold(Buffers.doubles(in[0]), Buffers.doubles(out), d[0], d[1], d[2], d[3], g, oh, ow, ctx.threads());
        }
    }

    @Override
    public List<Node> vjp(Node y, Node g) {
        Shape x = y.input(0).shape();
        return List.of(Convolutions.fold(g, x.dim(2), x.dim(3), window));
    }

    @Override
    public int arity() {
        return 1;
    }

    /** The window as the kernel's int array {@code {kh, kw, sh, sw, ph, pw, dh, dw}}. */
    static int[] geometry(Window w) {
        return new int[] {w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(), w.dilationH(),
            w.dilationW()};
    }
}
