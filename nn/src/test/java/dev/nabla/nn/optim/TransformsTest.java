// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Init;
import dev.nabla.nn.Param;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each transform on its own: its typed state, the slots it is read from, and one update. */
class TransformsTest {
    private static final Param W = Param.of("w", Shape.of(2), Init.zeros());
    private static final Param B = Param.of("b", Shape.of(1), Init.zeros());
    private static final double[] GW = {3.0, -4.0};
    private static final double[] GB = {12.0};

    private final Graph g = new Graph();
    private final Context ctx = Context.of(g);
    private final Slots slots = new Slots(List.of(W, B), ctx);

    private List<Node> grads() {
        return List.of(g.constant(Tensor.of(Shape.of(2), GW)), g.constant(Tensor.of(Shape.of(1), GB)));
    }

    private Transform.Step step(double lr) {
        return new Transform.Step(List.of(ctx.param(W), ctx.param(B)), g.scalar(lr));
    }

    /** Evaluates nodes with every param and slot at zero but w = [1, 2] and b = [-1]. */
    private List<double[]> eval(List<Node> nodes) {
        ParamStore store = new ParamStore().put("w", Tensor.of(Shape.of(2), 1.0, 2.0)).put("b", Tensor.of(Shape.of(1), -1.0));
        for (Slots.Slot s : slots.read()) {
            store.put(s.param().name(), Tensor.zeros(s.param().shape().dims()));
        }
        return new Session(store).compile(nodes, Map.of()).run(Map.of()).stream().map(Tensor::toArray).toList();
    }

    @Test
    void adamKeepsCountMuAndNuPerParamInTheSlotsCheckpointsName() {
        List<AdamState> state = Transforms.adam(0.9, 0.999, 1e-8).init(slots);
        assertEquals(2, state.size());
        assertSame(ctx.param(new Param("w/adam_t", Shape.SCALAR, Init.zeros(), false)), state.get(0).count());
        assertSame(ctx.param(new Param("w/adam_m", W.shape(), Init.zeros(), false)), state.get(0).mu());
        assertSame(ctx.param(new Param("b/adam_v", B.shape(), Init.zeros(), false)), state.get(1).nu());
        assertEquals(List.of("w/adam_t", "w/adam_m", "w/adam_v", "b/adam_t", "b/adam_m", "b/adam_v"),
                Optimizer.adam().state(List.of(W, B)).stream().map(Param::name).toList());
    }

    @Test
    void adamsFirstStepCountsOneAndMovesEachMomentTowardTheGradient() {
        Transform<List<AdamState>> adam = Transforms.adam(0.9, 0.999, 1e-8);
        Transform.Update<List<AdamState>> up = adam.update(grads(), adam.init(slots), step(0.1));
        AdamState w = up.state().get(0);
        List<double[]> v = eval(List.of(w.count(), w.mu(), w.nu(), up.updates().get(0)));
        assertArrayEquals(new double[] {1.0}, v.get(0));
        assertArrayEquals(new double[] {0.3, -0.4}, v.get(1), 1e-15);
        assertArrayEquals(new double[] {0.009, 0.016}, v.get(2), 1e-15);
        // After one step the bias-corrected ratio is the gradient's sign, up to eps.
        assertArrayEquals(new double[] {1.0, -1.0}, v.get(3), 1e-8);
        assertEquals(6, adam.nodes(up.state()).size());
    }

    @Test
    void momentumTraceAdagradSumAndRmsNuHoldWhatTheirNamesSay() {
        Transform<List<TraceState>> momentum = Transforms.momentum(0.9, false);
        Transform<List<SumOfSquaresState>> adagrad = Transforms.adagrad(0.0);
        Transform<List<RmsState>> rms = Transforms.rmsprop(0.99, 0.0);
        Node trace = momentum.update(grads(), momentum.init(slots), step(0.1)).state().get(0).trace();
        Node sum = adagrad.update(grads(), adagrad.init(slots), step(0.1)).state().get(0).sumOfSquares();
        Node nu = rms.update(grads(), rms.init(slots), step(0.1)).state().get(0).nu();
        List<double[]> v = eval(List.of(trace, sum, nu));
        assertArrayEquals(GW, v.get(0));
        assertArrayEquals(new double[] {9.0, 16.0}, v.get(1));
        assertArrayEquals(new double[] {0.09, 0.16}, v.get(2), 1e-15);
    }

    @Test
    void clipByGlobalNormScalesEveryParamsUpdateByOneNorm() {
        // ||(3, -4, 12)|| = 13: each update is divided by 13, not by its own norm.
        Transform<EmptyState> clip = Transforms.clipByGlobalNorm(1.0);
        List<double[]> v = eval(clip.update(grads(), clip.init(slots), step(0.1)).updates());
        assertArrayEquals(new double[] {3.0 / 13, -4.0 / 13}, v.get(0), 1e-15);
        assertArrayEquals(new double[] {12.0 / 13}, v.get(1), 1e-15);
        List<double[]> within = eval(Transforms.clipByGlobalNorm(20.0).update(grads(), new EmptyState(), step(0.1)).updates());
        assertArrayEquals(GW, within.get(0));
    }

    @Test
    void decayWeightsAndTheLearningRateReadTheStep() {
        Transform<?> chain = Transforms.chain(Transforms.decayWeights(0.5), Transforms.scaleByLearningRate());
        List<double[]> v = eval(apply(chain, grads(), step(0.1)));
        assertArrayEquals(new double[] {-0.1 * (3.0 + 0.5), -0.1 * (-4.0 + 1.0)}, v.get(0), 1e-15);
        assertArrayEquals(new double[] {-0.1 * (12.0 - 0.5)}, v.get(1), 1e-15);
    }

    private <S> List<Node> apply(Transform<S> t, List<Node> updates, Transform.Step step) {
        return t.update(updates, t.init(slots), step).updates();
    }

    @Test
    void aChainKeepsEachLinksStateInOrder() {
        Transform<ChainState> chain = Transforms.chain(Transforms.clipByGlobalNorm(1.0), Transforms.momentum(0.9, true),
                Transforms.adam(0.9, 0.999, 1e-8), Transforms.scaleByLearningRate());
        ChainState state = chain.init(slots);
        assertEquals(4, state.links().size());
        assertTrue(state.links().get(0) instanceof EmptyState);
        assertTrue(((List<?>) state.links().get(1)).get(1) instanceof TraceState);
        assertTrue(((List<?>) state.links().get(2)).get(0) instanceof AdamState);
        ChainState next = chain.update(grads(), state, step(0.1)).state();
        assertEquals(chain.nodes(state).size(), chain.nodes(next).size());
        assertEquals(List.of("w/momentum", "w/adam_t", "w/adam_m", "w/adam_v", "b/momentum", "b/adam_t", "b/adam_m",
                "b/adam_v"), Optimizer.of(chain).state(List.of(W, B)).stream().map(Param::name).toList());
    }

    @Test
    void clippingAsALinkIsTheSameStepAsTheShorthand() {
        Optimizer link = Optimizer.chain(Transforms.clipByGlobalNorm(1.0), Transforms.momentum(0.9, false),
                Transforms.scaleByLearningRate());
        Optimizer shorthand = Optimizer.momentum(0.9).clipByGlobalNorm(1.0);
        assertEquals(nextValues(link), nextValues(shorthand));
    }

    private List<String> nextValues(Optimizer opt) {
        Graph h = new Graph();
        Context c = Context.of(h);
        Map<Node, Node> next = opt.step(c, List.of(W, B), List.of(h.constant(Tensor.of(Shape.of(2), GW)),
                h.constant(Tensor.of(Shape.of(1), GB))));
        ParamStore store = new ParamStore().put("w", Tensor.of(Shape.of(2), 1.0, 2.0)).put("b", Tensor.of(Shape.of(1), -1.0));
        for (Param s : opt.state(List.of(W, B))) {
            store.put(s.name(), Tensor.full(0.5, s.shape().dims()));
        }
        new Session(store).compile(List.of(next.values().iterator().next()), next).run(Map.of(opt.learningRate(h), Tensor.scalar(0.1)));
        return store.snapshot().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue().toArray())).toList();
    }

    @Test
    void misuseIsNamed() {
        says(() -> Transforms.chain(), "Transforms.chain: give at least one transform");
        says(() -> Transforms.clipByGlobalNorm(0), "Transforms.clipByGlobalNorm: the bound must be positive, got 0.0");
        Param other = Param.of("other", Shape.of(2), Init.zeros());
        says(() -> slots.zerosLike(other, "momentum"),
                "Slots.zerosLike(\"other\", \"momentum\"): \"other\" is not one of the params being optimised [w, b]");
        Transform<List<TraceState>> forgetful = new PerParam<>((s, p) -> new TraceState(s.zerosLike(p, "momentum")),
                s -> List.of()) {
            Local<TraceState> update(Node u, TraceState s, Node param, Node lr) {
                return new Local<>(u, s);
            }
        };
        says(() -> Optimizer.of(forgetful).step(ctx, List.of(W, B), grads()), "read 2 state slots but gave 0 next values");
    }

    private static void says(Executable call, String message) {
        NablaException e = assertThrows(NablaException.class, call);
        assertTrue(e.getMessage().contains(message), () -> "expected \"" + message + "\" in: " + e.getMessage());
    }
}
