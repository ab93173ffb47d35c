// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.nabla.graph.Indexing;
import dev.nabla.graph.Node;
import dev.nabla.graph.Shape;
import dev.nabla.nn.CellWeights;
import dev.nabla.nn.GruCell;
import dev.nabla.nn.LstmCell;
import dev.nabla.nn.LstmState;
import dev.nabla.nn.Recurrent;
import dev.nabla.nn.RecurrentCell;
import dev.nabla.nn.RecurrentRun;
import dev.nabla.nn.RnnCell;
import dev.nabla.testkit.Domain;
import dev.nabla.testkit.GradientProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The recurrent cells and the unrolled layer against central finite differences, to second order
 * in float64, at drawn sizes (batch, input, hidden 1 to 3; time 1 to 3) and values, with every
 * weight, the input and the first state as checked inputs. Each row is a composite of existing
 * primitives, so this checks the wiring (gate slices, the reset gate on the hidden bias, the
 * time slices and their joining), not new rules.
 */
class RecurrentGradientProperties {
    private static final long SEED = 21_2026L;
    /** Weights and states in a range where tanh and sigmoid are neither linear nor flat. */
    private static final Domain VALUES = Domain.between(-1.5, 1.5);
    private static final Gen<Integer> SIZE = SourceDSL.integers().between(1, 3);

    @TestFactory
    Stream<DynamicTest> cellsAndTheUnrolledLayerMatchFiniteDifferences() {
        return Stream.of(
                step("RnnCell.step", 1, false, RnnCell::of),
                step("GruCell.step", 3, false, GruCell::of),
                step("LstmCell.step", 4, true, LstmCell::of),
                unrolled("Recurrent(rnn)", 1, false, RnnCell::of),
                unrolled("Recurrent(gru)", 3, false, GruCell::of),
                unrolled("Recurrent(lstm)", 4, true, LstmCell::of),
                fromZeros("Recurrent(gru) from the zero state", GruCell::of))
                .map(p -> dynamicTest(p.toString(), p::check));
    }

    /** One step: inputs x [N, in], h [N, H] (and c), then the four weights; the output joins h' and c'. */
    private static <S> GradientProperty step(String name, int gates, boolean lstm,
            BiFunction<Integer, Integer, RecurrentCell<S>> make) {
        Function<List<Node>, Node> f = xs -> {
            int states = lstm ? 2 : 1;
            RecurrentCell<S> cell = make.apply(xs.get(0).shape().dim(1), xs.get(1).shape().dim(1));
            return hiddenAndCell(cell.step(xs.get(0), state(xs, lstm), weights(xs, 1 + states)));
        };
        return GradientProperty.of(name, f).shapes(shapes(gates, lstm, false)).domains(VALUES).order(2)
                .examples(25).seed(SEED);
    }

    /** The layer over [N, T, in] from a given state: every step's hidden state, and c_T for the LSTM. */
    private static <S> GradientProperty unrolled(String name, int gates, boolean lstm,
            BiFunction<Integer, Integer, RecurrentCell<S>> make) {
        Function<List<Node>, Node> f = xs -> {
            int states = lstm ? 2 : 1;
            Recurrent<S> layer = Recurrent.of(make.apply(xs.get(0).shape().dim(2), xs.get(1).shape().dim(1)));
            RecurrentRun<S> run = layer.run(xs.get(0), state(xs, lstm), weights(xs, 1 + states));
            if (run.last() instanceof LstmState s) {
                Node c = s.c();
                return Indexing.concat(1, run.outputs(), c.reshape(c.shape().dim(0), 1, c.shape().dim(1)));
            }
            return run.outputs();
        };
        return GradientProperty.of(name, f).shapes(shapes(gates, lstm, true)).domains(VALUES).order(2)
                .examples(12).seed(SEED);
    }

    /** The layer from the zero state the cell makes: x [N, T, in] and the weights. */
    private static GradientProperty fromZeros(String name, BiFunction<Integer, Integer, RecurrentCell<Node>> make) {
        Function<List<Node>, Node> f = xs -> {
            Node x = xs.get(0);
            int hidden = xs.get(2).shape().dim(0);
            Recurrent<Node> layer = Recurrent.of(make.apply(x.shape().dim(2), hidden));
            Node x0 = x.slice(1, 0, 1).reshape(x.shape().dim(0), x.shape().dim(2));
            return layer.run(x, layer.cell().zeros(x0), weights(xs, 1)).outputs();
        };
        Gen<List<Shape>> withoutState = shapes(3, false, true).map(s -> {
            List<Shape> out = new ArrayList<>(s);
            out.remove(1);
            return List.copyOf(out);
        });
        return GradientProperty.of(name, f).shapes(withoutState).domains(VALUES).order(2).examples(12).seed(SEED);
    }

    /** x ([N, in], or [N, T, in] when unrolled), h [N, H] (and c), W_ih [in, G*H], W_hh [H, G*H], b_ih, b_hh [G*H]. */
    private static Gen<List<Shape>> shapes(int gates, boolean lstm, boolean sequences) {
        return rs -> {
            int n = SIZE.generate(rs);
            int in = SIZE.generate(rs);
            int hidden = SIZE.generate(rs);
            int steps = SIZE.generate(rs);
            List<Shape> s = new ArrayList<>();
            s.add(sequences ? Shape.of(n, steps, in) : Shape.of(n, in));
            s.add(Shape.of(n, hidden));
            if (lstm) {
                s.add(Shape.of(n, hidden));
            }
            s.add(Shape.of(in, gates * hidden));
            s.add(Shape.of(hidden, gates * hidden));
            s.add(Shape.of(gates * hidden));
            s.add(Shape.of(gates * hidden));
            return List.copyOf(s);
        };
    }

    @SuppressWarnings("unchecked")
    private static <S> S state(List<Node> xs, boolean lstm) {
        return (S) (lstm ? new LstmState(xs.get(1), xs.get(2)) : xs.get(1));
    }

    private static CellWeights weights(List<Node> xs, int from) {
        return new CellWeights(xs.get(from), xs.get(from + 1), xs.get(from + 2), xs.get(from + 3));
    }

    private static Node hiddenAndCell(Object state) {
        return state instanceof LstmState s ? Indexing.concat(1, s.h(), s.c()) : (Node) state;
    }
}
