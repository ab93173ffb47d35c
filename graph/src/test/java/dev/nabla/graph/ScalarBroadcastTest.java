// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.graph.kernel.FloatMath;
import dev.nabla.graph.op.UnaryFn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A scalar broadcast read only by binary ops and comparisons is never filled: its readers take the
 * scalar itself. The values must be those of the filled broadcast, bit for bit, in both types,
 * with the scalar on either side, and with the scalar's buffer kept alive until the last reader.
 */
class ScalarBroadcastTest {
    @Test
    void readersOfAnUnfilledBroadcastGetWhatTheFilledOneGives() {
        for (DType type : DType.values()) {
            Graph g = new Graph(type);
            Node x = g.input("x", 3, 4);
            Node lr = g.input("lr");
            Node rate = lr.mul(g.scalar(3.0)).exp().reshape(1, 1);    // computed: a buffer the plan reuses
            Node spread = rate.expand(3, 4);
            Node shown = rate.expand(2, 2);                           // fetched, so filled; reads rate early
            Node other = lr.neg().exp().neg();                        // one-element values that could take
            Node between = x.tanh().sin().square().add(x);            // rate's buffer once shown has run
            Node right = between.sub(spread.mul(x));                  // x * s, then a - that
            Node left = Ops.div(spread, x.abs().add(1.0));            // s / a: the scalar first
            Node mask = Ops.lt(x, spread);                            // a comparison reading it
            Plan plan = new Session(new ParamStore()).compile(right, left, mask, shown, other);
            Tensor xs = Tensor.randomNormal(3, 0, 1, 3, 4).to(type);
            Tensor lrs = Tensor.scalar(0.1).to(type);
            for (int run = 0; run < 2; run++) {
                List<Tensor> out = plan.run(Map.of(x, xs, lr, lrs));
                double[] xv = xs.toArray();
                double s = out.get(3).get(0, 0);
                for (int i = 0; i < xv.length; i++) {
                    double b = round(type, Math.sin(tanh(type, xv[i])));
                    b = round(type, round(type, b * b) + xv[i]);
                    assertEquals(round(type, b - round(type, s * xv[i])), out.get(0).toArray()[i], type + " a - s x, " + i);
                    assertEquals(round(type, s / round(type, Math.abs(xv[i]) + 1)), out.get(1).toArray()[i], type + " s / a, " + i);
                    assertEquals(xv[i] < s ? 1.0 : 0.0, out.get(2).toArray()[i], type + " x < s, " + i);
                }
                assertEquals(exp(type, round(type, round(type, 0.1) * 3.0)), s, type + " the fetched broadcast");
                assertEquals(Shape.of(2, 2), out.get(3).shape());
            }
        }
    }

    @Test
    void aConstantScalarStillFoldsThroughAnUnfilledBroadcast() {
        Graph g = new Graph();
        Node c = g.constant(Tensor.fromArray(new double[] {1, 2, 3})).mul(0.5);   // constants only
        Node x = g.input("x", 3);
        Plan plan = new Session(new ParamStore()).compile(x.add(c));
        assertEquals(Tensor.fromArray(new double[] {1.5, 2, 2.5}), plan.run(Map.of(x, Tensor.ones(3))).get(0));
    }

    /** float32's exp and tanh compute in float (FloatMath), not as the float64 value rounded. */
    private static double exp(DType type, double v) {
        return type == DType.FLOAT32 ? FloatMath.exp((float) v) : UnaryFn.EXP.apply(v);
    }

    private static double tanh(DType type, double v) {
        return type == DType.FLOAT32 ? FloatMath.tanh((float) v) : UnaryFn.TANH.apply(v);
    }

    private static double round(DType type, double v) {
        return type == DType.FLOAT32 ? (float) v : v;
    }
}
