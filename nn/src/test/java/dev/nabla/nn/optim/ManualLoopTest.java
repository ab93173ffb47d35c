// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.DType;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A hand-written training loop: params and optimizer state made public, the step built by the optimizer, errors that name the fix. */
class ManualLoopTest {
    private static Layer mlp() {
        return Sequential.of(Dense.of(2, 6), Activation.of("tanh", Node::tanh), Dense.of(6, 1));
    }

    private static Dataset data() {
        Tensor x = Tensor.randomNormal(7, 0, 1, 20, 2);
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            y[i] = Math.tanh(x.get(i, 0) - 2 * x.get(i, 1));
        }
        return new Dataset(x, Tensor.of(Shape.of(20, 1), y));
    }

    /** Ten full-batch Adam steps by hand take the trainer's ten steps, to the bit. */
    @Test
    void aHandWrittenLoopTakesTheTrainersSteps() {
        Dataset data = data();
        Layer model = mlp();
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node t = g.input("t", Shape.UNKNOWN, 1);
        Node loss = Losses.mse(model.apply(x, ctx), t);
        Optimizer adam = Optimizer.adam();
        Map<Node, Node> updates = adam.minimize(ctx, model.params(), loss);
        ParamStore store = adam.initialize(model.params(), Params.initialize(model, new ParamStore(), 9));
        Plan step = new Session(store).compile(List.of(loss), updates);
        double[] losses = new double[10];
        for (int i = 0; i < 10; i++) {
            losses[i] = step.run(Map.of(x, data.x(), t, data.y(), adam.learningRate(g), Tensor.scalar(0.05))).get(0).item();
        }
        ParamStore viaTrainer = new ParamStore();
        History h = new Trainer(mlp(), Losses::mse, Optimizer.adam(), viaTrainer).fit(data, TrainOptions.defaults()
                .epochs(10).batchSize(20).seed(9).shuffle(false).schedule(Schedule.constant(0.05))
                .verbosity(TrainOptions.Verbosity.QUIET));
        for (int i = 0; i < 10; i++) {
            assertEquals(h.get("loss").get(i), losses[i], 0.0, "step " + i);
        }
        assertEquals(viaTrainer.snapshot(), store.snapshot());
    }

    @Test
    void minimizeAlsoCarriesTheLayersOwnStateUpdates() {
        Layer model = Sequential.of(Dense.of(2, 3), BatchNorm.of(3), Dense.of(3, 1));
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node loss = model.apply(x, ctx).square().mean();
        Map<Node, Node> updates = Optimizer.sgd().minimize(ctx, model.params(), loss);
        List<String> names = updates.keySet().stream().map(Node::name).sorted().toList();
        // SGD keeps no state: the trainable params, and batch norm's running statistics from the context.
        assertEquals(List.of("batchnorm_1/beta", "batchnorm_1/gamma", "batchnorm_1/running_mean",
                "batchnorm_1/running_var", "dense_1/W", "dense_1/b", "dense_2/W", "dense_2/b"), names);
    }

    @Test
    void initializeGivesStateOnceInItsParamsType() {
        Param w = Param.of("w", Shape.of(2, 2), Init.normal(1));
        ParamStore store = Params.initialize(List.of(w), new ParamStore(), 3);
        assertEquals(Params.initialize(List.of(w), new ParamStore(), 3).get("w"), store.get("w"), "seeded");
        assertEquals(Params.initialize(Sequential.of(new Holder(w)), new ParamStore(), 3).get("w"), store.get("w"),
                "the same draw as for a layer's param of that name");
        store.put("w", store.get("w").to(DType.FLOAT32));
        Optimizer adam = Optimizer.adam();
        adam.initialize(List.of(w), store);
        assertEquals(List.of("w", "w/adam_m", "w/adam_t", "w/adam_v"), List.copyOf(store.names()));
        assertEquals(DType.FLOAT32, store.get("w/adam_m").dtype());
        assertEquals(Tensor.zeros(2, 2).to(DType.FLOAT32), store.get("w/adam_v"));
        store.put("w/adam_t", Tensor.scalar(7).to(DType.FLOAT32));
        adam.initialize(List.of(w), store);
        assertEquals(7.0, store.get("w/adam_t").item(), "existing state is left alone");
        says(() -> Params.initialize(List.of(w, w), new ParamStore(), 1), "two params share a name");
        says(() -> adam.initialize(null, store), "Optimizer.initialize", "params");
        says(() -> adam.minimize(Context.of(new Graph()), List.of(w), new Graph().param("q")), "another graph");
    }

    /** A layer holding one given param, so a layer's draw and a loose param's draw can be compared. */
    private record Holder(Param p) implements Layer {
        public Node apply(Node x, Context ctx) {
            return x;
        }

        public List<Param> params() {
            return List.of(p);
        }
    }

    /** The run names the fix for each kind of missing value: the model, the optimizer, or the user's own param. */
    @Test
    void aMissingValueNamesTheRightFix() {
        Layer model = mlp();
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 2);
        Node loss = model.apply(x, ctx).square().mean();
        Optimizer adam = Optimizer.adam();
        Map<Node, Node> updates = adam.minimize(ctx, model.params(), loss);
        Map<Node, Tensor> feeds = Map.of(x, Tensor.ones(3, 2), adam.learningRate(g), Tensor.scalar(0.1));
        ParamStore store = new ParamStore();
        Plan step = new Session(store).compile(List.of(loss), updates);
        String noModel = assertThrows(EvaluationException.class, () -> step.run(feeds)).getMessage();
        assertTrue(noModel.contains("has no value in the session's store; if it is a layer's weight, initialise the"
                + " model with Params.initialize(model, store, seed)"), noModel);
        Params.initialize(model, store, 1);
        String noState = assertThrows(EvaluationException.class, () -> step.run(feeds)).getMessage();
        assertTrue(noState.matches("(?s)param \"dense_\\d/[Wb]/adam_[mtv]\".*it is state kept for param \"dense_\\d/[Wb]\""
                + " \\(an optimizer's moments or step count\\), so initialise the optimizer with"
                + " optimizer.initialize\\(params, store\\).*"), noState);
        adam.initialize(model.params(), store);
        assertTrue(Double.isFinite(step.run(feeds).get(0).item()));
        Node own = g.param("scale");
        String noOwn = assertThrows(EvaluationException.class, () -> new Session(store).run(Map.of(), own)).getMessage();
        assertTrue(noOwn.endsWith("has no value in the session's store; put one with store.put(\"scale\", tensor)"), noOwn);
    }

    private static void says(Executable call, String... parts) {
        NablaException e = assertThrows(NablaException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "\"" + p + "\" not in: " + e.getMessage());
        }
    }
}
