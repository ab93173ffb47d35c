// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.EmptyState;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.optim.Slots;
import dev.nabla.nn.optim.Transform;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import dev.nabla.nn.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A user's function that returns null is caught where Nabla calls it, later than the call that
 * handed it over (which {@link ArgumentSweepTest} covers), and the message says what returned null.
 */
class NullResultsTest {
    private static final Dataset DATA = new Dataset(Tensor.fromRows(new double[][] {{0, 1}, {1, 0}}),
            Tensor.fromRows(new double[][] {{1}, {0}}));
    private static final TrainOptions ONE_EPOCH = TrainOptions.defaults().epochs(1).batchSize(2)
            .verbosity(TrainOptions.Verbosity.QUIET);

    @Test
    void aLossFunctionThatReturnsNull() {
        Trainer trainer = new Trainer(Dense.of(2, 1), (pred, target) -> null, Optimizer.sgd(), new ParamStore());
        says(() -> trainer.fit(DATA, ONE_EPOCH), "TrainingGraph.build: the loss function returned null");
    }

    @Test
    void aLayerWhoseApplyReturnsNull() {
        Layer broken = (x, ctx) -> null;
        Trainer trainer = new Trainer(broken, Losses::mse, Optimizer.sgd(), new ParamStore());
        says(() -> trainer.fit(DATA, ONE_EPOCH), "TrainingGraph.build: the model's apply returned null");
        Sequential chain = new Sequential(List.of(Dense.of(2, 2), broken, Dense.of(2, 1)));
        Context ctx = Context.of(new Graph());
        Node x = ctx.graph().input("x", Shape.UNKNOWN, 2);
        says(() -> chain.apply(x, ctx), "Sequential.apply: layer 1 (" + broken.kind() + ") returned null");
    }

    @Test
    void anActivationFunctionThatReturnsNull() {
        Layer act = Activation.of("nothing", x -> null);
        Context ctx = Context.of(new Graph());
        says(() -> act.apply(ctx.graph().input("x", 2), ctx),
                "Activation.apply: the function of activation nothing returned null");
    }

    @Test
    void anInitialiserThatReturnsNull() {
        Param p = Param.of("p", Shape.of(2), (shape, rng) -> null);
        Layer holder = Activation.of("id", x -> x);
        Layer withParam = new Layer() {
            @Override public Node apply(Node x, Context ctx) {
                return holder.apply(x, ctx).add(ctx.param(p));
            }

            @Override public List<Param> params() {
                return List.of(p);
            }
        };
        says(() -> Params.initialize(withParam, new ParamStore(), 1L),
                "Params.initialize: the initialiser of \"p\" returned null");
    }

    @Test
    void aTransformWhoseUpdateOrStateIsNull() {
        Transform<EmptyState> noUpdate = new Transform<>() {
            @Override public EmptyState init(Slots slots) {
                return new EmptyState();
            }

            @Override public Update<EmptyState> update(List<Node> updates, EmptyState state, Step step) {
                return null;
            }

            @Override public List<Node> nodes(EmptyState state) {
                return List.of();
            }
        };
        Trainer trainer = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.chain(noUpdate), new ParamStore());
        says(() -> trainer.fit(DATA, ONE_EPOCH), "Optimizer.step: update of " + noUpdate + " returned null");
        Transform<EmptyState> noState = new Transform<>() {
            @Override public EmptyState init(Slots slots) {
                return null;
            }

            @Override public Update<EmptyState> update(List<Node> updates, EmptyState state, Step step) {
                return new Update<>(updates, state);
            }

            @Override public List<Node> nodes(EmptyState state) {
                return List.of();
            }
        };
        says(() -> Optimizer.chain(noState).state(Dense.of(2, 1).params()), "Transforms.chain: init of " + noState + " returned null");
    }

    @Test
    void anEvaluationThatReturnsNull() {
        TrainOptions withValidation = ONE_EPOCH.validation(DATA);
        says(() -> TrainingLoop.run("MyTrainer.fit", 2, withValidation, new ParamStore(), (rows, lr, step) -> 0.5, 0L,
                d -> null), "MyTrainer.fit: the evaluation returned null");
    }

    @Test
    void aTrainingRunWithWellBehavedFunctionsStillWorks() {
        History h = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), new ParamStore()).fit(DATA, ONE_EPOCH);
        assertTrue(h.get("loss").size() == 1, "one epoch, one loss");
    }

    private static void says(Executable call, String message) {
        NablaException e = assertThrows(NablaException.class, call);
        assertTrue(e.getMessage().contains(message), () -> "expected \"" + message + "\" in: " + e.getMessage());
    }
}
