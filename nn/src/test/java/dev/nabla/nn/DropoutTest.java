// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final double RATE = 0.3;

    /** x [?, cols] through dropout. */
    private record Rig(Node x, Node y, Context ctx) {
        static Rig of(Layer dropout, int cols) {
            Graph g = new Graph();
            Context ctx = Context.of(g);
            Node x = g.input("x", Shape.UNKNOWN, cols);
            return new Rig(x, dropout.apply(x, ctx), ctx);
        }

        Tensor run(Session s, Tensor xs, Tensor mode) {
            return s.run(Map.of(x, xs, ctx.training(), mode), y).get(0);
        }
    }

    private static Session session(long seed) {
        return new Session(new ParamStore(), seed);
    }

    @Test
    void evaluationIsTheIdentityExactly() {
        Rig r = Rig.of(Dropout.of(RATE, 1), 5);
        Tensor xs = Tensor.randomNormal(2, 0, 1, 40, 5);
        Session s = session(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(xs, r.run(s, xs, Context.EVAL));
        }
    }

    @Test
    void trainingZerosAboutRateOfTheElementsAndScalesTheRest() {
        Rig r = Rig.of(Dropout.of(RATE, 1), 50);
        Tensor xs = Tensor.randomUniform(3, 0.5, 1.5, 400, 50);
        double[] in = xs.toArray();
        double[] out = r.run(session(0), xs, Context.TRAIN).toArray();
        int zeros = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == 0.0) {
                zeros++;
            } else {
                assertEquals(in[i] * (1.0 / (1.0 - RATE)), out[i], 0.0);
            }
        }
        // 20000 draws: the standard deviation of the fraction is about 0.0032.
        assertEquals(RATE, zeros / (double) in.length, 0.015);
    }

    @Test
    void theExpectedValueIsPreserved() {
        Rig r = Rig.of(Dropout.of(0.5, 4), 100);
        Tensor ones = Tensor.ones(500, 100);
        Session s = session(9);
        for (int run = 0; run < 3; run++) {
            double[] out = r.run(s, ones, Context.TRAIN).toArray();
            double mean = 0;
            for (double v : out) {
                mean += v / out.length;
            }
            // 50000 draws with values 0 or 2: the standard deviation of the mean is 0.0045.
            assertEquals(1.0, mean, 0.02);
        }
    }

    @Test
    void masksDifferBetweenRunsAndAreReproducibleFromTheSessionSeed() {
        Rig r = Rig.of(Dropout.of(RATE, 1), 8);
        Tensor xs = Tensor.ones(16, 8);
        Session a = session(42);
        Session b = session(42);
        Session c = session(43);
        Tensor a1 = r.run(a, xs, Context.TRAIN);
        Tensor a2 = r.run(a, xs, Context.TRAIN);
        assertNotEquals(a1, a2);
        assertEquals(a1, r.run(b, xs, Context.TRAIN));
        assertEquals(a2, r.run(b, xs, Context.TRAIN));
        assertNotEquals(a1, r.run(c, xs, Context.TRAIN));
    }

    @Test
    void worksForAnyBatchSize() {
        Rig r = Rig.of(Dropout.of(RATE, 1), 4);
        Session s = session(0);
        for (int n : new int[] {1, 3, 7}) {
            Tensor xs = Tensor.ones(n, 4);
            assertEquals(Shape.of(n, 4), r.run(s, xs, Context.TRAIN).shape());
            assertEquals(xs, r.run(s, xs, Context.EVAL));
        }
    }

    @Test
    void theGradientIsTheScaledMaskOfTheSameRun() {
        Rig r = Rig.of(Dropout.of(RATE, 1), 6);
        Node dx = Grad.grad(r.y().sum(), r.x());
        Tensor xs = Tensor.randomUniform(5, 0.5, 1.5, 10, 6);
        List<Tensor> out = session(1).compile(r.y(), dx).run(Map.of(r.x(), xs, r.ctx().training(), Context.TRAIN));
        double[] y = out.get(0).toArray();
        double[] g = out.get(1).toArray();
        double[] in = xs.toArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i] == 0.0 ? 0.0 : 1.0 / (1.0 - RATE), g[i], 0.0);
            assertEquals(y[i], in[i] * g[i], 0.0);
        }
        List<Tensor> eval = session(1).compile(r.y(), dx).run(Map.of(r.x(), xs, r.ctx().training(), Context.EVAL));
        assertEquals(Tensor.ones(10, 6), eval.get(1));
    }

    @Test
    void placedDropoutsDrawDifferentMasksAndRateZeroIsTheIdentity() {
        Sequential twice = Sequential.of(Dropout.of(0.5, 7), Dropout.of(0.5, 7));
        List<Layer> layers = twice.layers();
        assertEquals("dropout_1", ((Dropout) layers.get(0)).name());
        assertEquals("dropout", layers.get(1).kind());
        assertTrue(twice.params().isEmpty());
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 64);
        Node y1 = layers.get(0).apply(x, ctx);
        Node y2 = layers.get(1).apply(x, ctx);
        List<Tensor> out = session(0).run(Map.of(x, Tensor.ones(4, 64), ctx.training(), Context.TRAIN), y1, y2);
        assertNotEquals(out.get(0), out.get(1));
        assertSame(x, Dropout.of(0.0, 1).apply(x, ctx));
        assertThrows(NablaException.class, () -> Dropout.of(1.0, 1));
        assertThrows(NablaException.class, () -> Dropout.of(-0.1, 1));
    }
}
