// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.op;

import dev.nabla.graph.kernel.Elementwise;

/** The range loop of {@link Binary} and {@link Compare}: a one-element operand is a scalar the plan did not broadcast. */
final class BinaryRanges {
    private BinaryRanges() {}

    /** Runs a binary loop on a range, reading a one-element operand as a scalar. */
    static void run(Elementwise.Map2 loop, double[][] in, double[] y, int from, int to) {
        double[] a = in[0];
        double[] b = in[1];
        if (a.length == 1 && y.length != 1) {
            loop.apply(b, a[0], true, y, from, to);
        } else if (b.length == 1 && y.length != 1) {
            loop.apply(a, b[0], false, y, from, to);
        } else {
            loop.apply(a, b, y, from, to);
        }
    }

    /** The float32 form of {@link #run(Elementwise.Map2, double[][], double[], int, int)}. */
    static void run(Elementwise.Map2 loop, float[][] in, float[] y, int from, int to) {
        float[] a = in[0];
        float[] b = in[1];
        if (a.length == 1 && y.length != 1) {
            loop.apply(b, a[0], true, y, from, to);
        } else if (b.length == 1 && y.length != 1) {
            loop.apply(a, b[0], false, y, from, to);
        } else {
            loop.apply(a, b, y, from, to);
        }
    }
}
