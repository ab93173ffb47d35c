// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.util.List;

/** Elementwise selection {@code y[i] = cond[i] != 0 ? a[i] : b[i]} on operands of equal shape. */
public record Where() implements Primitive, Kernels.RunsFloat32 {
    @Override
    public String name() {
        return "where";
    }

    @Override
    public Shape outShape(List<Shape> in) {
        Broadcast.requireSame(in.get(0), in.get(1));
        return Broadcast.requireSame(in.get(1), in.get(2));
    }

    @Override
    public void forward(Tensor[] in, Tensor out, RunContext ctx) {
        if (out.dtype() == DType.FLOAT32) {
            float[] c = in[0].floats();
            float[] a = in[1].floats();
            float[] b = in[2].floats();
            float[] y = out.floats();
            for (int i = 0; i < y.length; i++) {
                y[i] = select(c[i], a[i], b[i]);
            }
            return;
        }
        double[] c = in[0].data();
        double[] a = in[1].data();
        double[] b = in[2].data();
        double[] y = out.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = select(c[i], a[i], b[i]);
        }
    }

    /**
     * {@code c != 0 ? a : b} by selecting bits, not by a branch: a condition such as ReLU's mask
     * is a coin flip per element, and a mispredicted branch costs several ns. {@code c} counts as
     * zero when it is +0 or -0 (so NaN selects {@code a}, as {@code !=} does), and the chosen
     * operand's bits pass through unchanged.
     */
    static double select(double c, double a, double b) {
        long magnitude = Double.doubleToRawLongBits(c) & Long.MAX_VALUE;
        long pickA = -((magnitude | -magnitude) >>> 63);
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & pickA) | (Double.doubleToRawLongBits(b) & ~pickA));
    }

    /** {@link #select(double, double, double)} on float32 bits. */
    static float select(float c, float a, float b) {
        int magnitude = Float.floatToRawIntBits(c) & Integer.MAX_VALUE;
        int pickA = -((magnitude | -magnitude) >>> 31);
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & pickA) | (Float.floatToRawIntBits(b) & ~pickA));
    }

    /** The condition gets none; each branch gets g where it was picked and 0 elsewhere. */
    @Override
    public List<Node> vjp(Node y, Node g) {
        Node c = y.input(0);
        Node zero = g.graph().scalar(0.0);
        return List.of(Grads.NONE, Ops.where(c, g, zero), Ops.where(c, zero, g));
    }

    @Override
    public int arity() {
        return 3;
    }
}
