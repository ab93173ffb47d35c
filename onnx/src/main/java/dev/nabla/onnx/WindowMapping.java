// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import dev.nabla.graph.Node;
import dev.nabla.graph.op.Unfold;
import dev.nabla.graph.op.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Im2col ({@link Unfold}) as pure data movement: zero Pad, one strided Slice per kernel offset,
 * Concat and Reshape. No arithmetic, so the exported columns equal Nabla's bit for bit, and the
 * convolution or pooling built on them (a product or a reduction) maps as it does in Nabla.
 */
final class WindowMapping {
    private WindowMapping() {}

    /**
     * Row {@code c*kH*kW + i*kW + j} of Nabla's columns holds, for output position (oi, oj), the
     * padded image at {@code (oi*sH + i*dH, oj*sW + j*dW)}: the Slice of offset (i, j) with steps
     * (sH, sW), all offsets stacked on a new axis after the channels.
     */
    static void unfold(Node node, Unfold op, String x, String out, OnnxGraph g) {
        Window w = op.window();
        int[] d = node.input(0).shape().dims();
        int oh = w.outH("unfold", d[2]);
        int ow = w.outW("unfold", d[3]);
        String padded = x;
        if (w.padH() > 0 || w.padW() > 0) {
            padded = g.op("Pad", List.of(x, g.ints(w.padH(), w.padW(), w.padH(), w.padW()), g.scalar(0.0), g.ints(2, 3)));
        }
        String axes = g.ints(2, 3);
        String steps = g.ints(w.strideH(), w.strideW());
        String newAxis = g.ints(2);
        List<String> taps = new ArrayList<>();
        for (int i = 0; i < w.kernelH(); i++) {
            for (int j = 0; j < w.kernelW(); j++) {
                long top = (long) i * w.dilationH();
                long left = (long) j * w.dilationW();
                String tap = g.op("Slice", List.of(padded, g.ints(top, left),
                        g.ints(top + (long) (oh - 1) * w.strideH() + 1, left + (long) (ow - 1) * w.strideW() + 1), axes, steps));
                taps.add(g.op("Unsqueeze", List.of(tap, newAxis)));
            }
        }
        String stacked = taps.size() == 1 ? taps.get(0) : g.op("Concat", taps, OnnxGraph.attr("axis", 2));
        // 0 keeps the batch size, known or not.
        g.node("Reshape", List.of(stacked, g.ints(0, (long) d[1] * w.taps(), (long) oh * ow)), out);
    }
}
