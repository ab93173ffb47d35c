// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

/**
 * Runs a primitive's kernel on tensors of either element type. A float64 value, or a float32 one
 * whose op has a float32 kernel ({@link RunsFloat32}), runs directly; any other float32 value
 * runs the float64 kernel on widened copies and is rounded once, which is what a float32 kernel
 * computes too (see {@link DType}), at the price of the copies.
 */
final class Kernels {
    private Kernels() {}

    /** Marks a primitive whose kernel takes float32 tensors as they are. */
    interface RunsFloat32 {}

    static void forward(Primitive op, Tensor[] in, Tensor out, RunContext ctx) {
        if (out.dtype() == DType.FLOAT64 || op instanceof RunsFloat32) {
            op.forward(in, out, ctx);
            return;
        }
        Tensor[] wide = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            wide[i] = in[i].to(DType.FLOAT64);
        }
        Tensor y = Tensor.zeros(DType.FLOAT64, out.shape());
        op.forward(wide, y, ctx);
        double[] d = y.data();
        float[] f = out.floats();
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
    }
}
