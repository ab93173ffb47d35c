// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recurrent cells compute what PyTorch's formulas compute in plain loops, draw PyTorch's init, and name bad shapes. */
class RecurrentCellsTest {
    private static final int N = 3;
    private static final int T = 5;
    private static final int IN = 4;
    private static final int H = 6;

    /** Runs a recurrent layer on x with an unknown batch size; returns [outputs, the last state's parts...]. */
    private static <S> List<Tensor> run(Recurrent<S> layer, ParamStore store, Tensor xs) {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, T, IN);
        RecurrentRun<S> r = layer.run(x, ctx);
        Node last = r.last() instanceof LstmState s ? s.c() : layer.cell().hidden(r.last());
        return new Session(store).run(Map.of(x, xs), r.outputs(), last);
    }

    private static RecurrentReference.Torch torchWeights(RecurrentCell<?> cell, ParamStore store) {
        return RecurrentReference.Torch.fromNabla(store.get(cell.wih().name()).toArray(), cell.inputSize(),
                store.get(cell.whh().name()).toArray(), cell.hiddenSize(), store.get(cell.bih().name()).toArray(),
                store.get(cell.bhh().name()).toArray());
    }

    private static double[][][] nested(Tensor xs) {
        double[][][] out = new double[N][T][IN];
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < IN; k++) {
                    out[n][t][k] = xs.get(n, t, k);
                }
            }
        }
        return out;
    }

    /** Every output element within 1e-12 of the reference's; returns the largest difference. */
    private static double assertSteps(double[][][] expected, Tensor got, int steps) {
        assertEquals(Shape.of(N, steps, H), got.shape());
        double worst = 0;
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < H; j++) {
                    double d = Math.abs(expected[n][t][j] - got.get(n, t, j));
                    assertTrue(d <= 1e-12, "[" + n + ", " + t + ", " + j + "]: " + got.get(n, t, j) + " vs " + expected[n][t][j]);
                    worst = Math.max(worst, d);
                }
            }
        }
        return worst;
    }

    @Test
    void lstmMatchesPyTorchsFormulasInPlainLoops() {
        LstmCell cell = LstmCell.of(IN, H).named("lstm_1");
        // Larger weights than the init's, so that every gate leaves its linear region.
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 3);
        store.put(cell.whh().name(), Tensor.randomNormal(4, 0, 0.8, H, 4 * H));
        Tensor xs = Tensor.randomNormal(5, 0, 1.5, N, T, IN);
        List<Tensor> out = run(Recurrent.of(cell), store, xs);
        double[][][] want = RecurrentReference.lstm(nested(xs), torchWeights(cell, store), H);
        assertSteps(want, out.get(0), T);
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < H; j++) {
                assertEquals(want[n][T][j], out.get(1).get(n, j), 1e-12, "the last cell state c_T");
            }
        }
    }

    @Test
    void gruMatchesPyTorchsFormulasInPlainLoops() {
        GruCell cell = GruCell.of(IN, H).named("gru_1");
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 6);
        // A large b_hn shows the reset gate multiplies the hidden bias too, as in PyTorch.
        double[] bhh = store.get(cell.bhh().name()).toArray();
        for (int j = 2 * H; j < 3 * H; j++) {
            bhh[j] = 2.0 * (j % 2 == 0 ? 1 : -1);
        }
        store.put(cell.bhh().name(), Tensor.fromArray(bhh, 3 * H));
        Tensor xs = Tensor.randomNormal(7, 0, 1.5, N, T, IN);
        List<Tensor> out = run(Recurrent.of(cell), store, xs);
        double[][][] want = RecurrentReference.gru(nested(xs), torchWeights(cell, store), H);
        assertSteps(want, out.get(0), T);
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < H; j++) {
                assertEquals(out.get(0).get(n, T - 1, j), out.get(1).get(n, j), "the last state is the last output");
            }
        }
    }

    @Test
    void rnnMatchesPyTorchsFormulasInPlainLoops() {
        RnnCell cell = RnnCell.of(IN, H);
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 8);
        Tensor xs = Tensor.randomNormal(9, 0, 1.5, N, T, IN);
        List<Tensor> out = run(Recurrent.of(cell), store, xs);
        assertSteps(RecurrentReference.rnn(nested(xs), torchWeights(cell, store), H), out.get(0), T);
    }

    @Test
    void aStepCalledByHandEqualsTheUnrolledLayer() {
        GruCell cell = GruCell.of(IN, H);
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 10);
        Tensor xs = Tensor.randomNormal(11, 0, 1, N, T, IN);
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", N, T, IN);
        CellWeights w = cell.weights(ctx);
        Node x0 = x.slice(1, 0, 1).reshape(N, IN);
        Node h1 = cell.step(x.slice(1, 1, 2).reshape(N, IN), cell.step(x0, cell.zeros(x0), w), w);
        Node layer = Recurrent.of(cell).apply(x, ctx).slice(1, 1, 2).reshape(N, H);
        List<Tensor> out = new Session(store).run(Map.of(x, xs), h1, layer);
        assertEquals(out.get(0), out.get(1));
    }

    @Test
    void everyParamIsDrawnFromPyTorchsUniformLaw() {
        LstmCell cell = LstmCell.of(5, 16);
        ParamStore store = Params.initialize(cell.params(), new ParamStore(), 12);
        double bound = 1.0 / Math.sqrt(16);
        for (Param p : cell.params()) {
            double[] v = store.get(p.name()).toArray();
            double max = 0;
            double mean = 0;
            for (double e : v) {
                max = Math.max(max, Math.abs(e));
                mean += e / v.length;
            }
            assertTrue(max <= bound && max > 0.9 * bound, p.name() + ": largest |w| " + max + " for bound " + bound);
            assertTrue(Math.abs(mean) < 0.35 * bound, p.name() + ": mean " + mean);
        }
        assertEquals(List.of(Shape.of(5, 64), Shape.of(16, 64), Shape.of(64), Shape.of(64)),
                cell.params().stream().map(Param::shape).toList());
    }

    @Test
    void aSequentialNamesTheLayerAfterItsCell() {
        Sequential model = Sequential.of(Recurrent.of(LstmCell.of(2, 3)), Recurrent.of(GruCell.of(3, 4)));
        assertEquals(List.of("lstm_1/W_ih", "lstm_1/W_hh", "lstm_1/b_ih", "lstm_1/b_hh", "gru_1/W_ih", "gru_1/W_hh",
                "gru_1/b_ih", "gru_1/b_hh"), model.params().stream().map(Param::name).toList());
        Graph g = new Graph();
        assertEquals(Shape.of(Shape.UNKNOWN, 7, 4), model.apply(g.input("x", Shape.UNKNOWN, 7, 2), Context.of(g)).shape());
    }

    @Test
    void sequencesOfTheWrongShapeAreNamedWithWhatWasExpected() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Recurrent<LstmState> lstm = Recurrent.of(LstmCell.of(4, 6));
        ShapeException flat = assertThrows(ShapeException.class, () -> lstm.apply(g.input("flat", 3, 4), ctx));
        assertTrue(flat.getMessage().contains("Recurrent(lstm)") && flat.getMessage().contains("[3, 4]")
                && flat.getMessage().contains("expected [N, T, 4]"), flat.getMessage());
        ShapeException wide = assertThrows(ShapeException.class, () -> lstm.apply(g.input("wide", 3, 5, 7), ctx));
        assertTrue(wide.getMessage().contains("[3, 5, 7]") && wide.getMessage().contains("expected [N, T, 4]"),
                wide.getMessage());
    }

    @Test
    void aStepNamesTheCellTheInputAndTheStateThatDoNotFit() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        LstmCell cell = LstmCell.of(4, 6);
        CellWeights w = cell.weights(ctx);
        Node x = g.input("x", 3, 4);
        Node h = g.input("h", 3, 6);
        ShapeException input = assertThrows(ShapeException.class,
                () -> cell.step(g.input("x5", 3, 5), new LstmState(h, h), w));
        assertTrue(input.getMessage().contains("LstmCell.step") && input.getMessage().contains("[3, 5]")
                && input.getMessage().contains("expected [N, 4]"), input.getMessage());
        ShapeException state = assertThrows(ShapeException.class,
                () -> cell.step(x, new LstmState(h, g.input("c", 2, 6)), w));
        assertTrue(state.getMessage().contains("\"c\" is [2, 6], expected [3, 6]"), state.getMessage());
        ShapeException weights = assertThrows(ShapeException.class, () -> RnnCell.of(4, 6).step(x, h, w));
        assertTrue(weights.getMessage().contains("RnnCell.step") && weights.getMessage().contains("wih is [4, 24]")
                && weights.getMessage().contains("expected [4, 6]"), weights.getMessage());
    }

    @Test
    void paramsThatDoNotFitEachOtherAreRefused() {
        LstmCell lstm = LstmCell.of(4, 6);
        NablaException e = assertThrows(NablaException.class, () -> new GruCell(lstm.wih(), lstm.whh(), lstm.bih(),
                lstm.bhh()));
        assertTrue(e.getMessage().contains("GruCell") && e.getMessage().contains("[4, 24]")
                && e.getMessage().contains("[H, 3*H]"), e.getMessage());
        assertThrows(NablaException.class, () -> LstmCell.of(0, 6));
        assertThrows(NablaException.class, () -> GruCell.of(3, -1));
    }
}
