// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The nn module's argument checks: each error names what was wrong and what was expected. */
class NnBadInputTest {
    private static void says(Executable call, String... fragments) {
        NablaException e = assertThrows(NablaException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "\"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
    }

    @Test
    void paramsAndInitialisers() {
        says(() -> Param.of("w", Shape.of(Shape.UNKNOWN, 3), Init.zeros()), "\"w\"", "every size must be known", "[?, 3]");
        says(() -> Param.of(" ", Shape.of(3), Init.zeros()), "non-empty name");
        says(() -> Init.normal(-1), "std must be finite and at least 0", "-1");
        says(() -> Init.uniform(2, 1), "low <= high", "2.0 and 1.0");
        Graph g = new Graph();
        g.input("w", 3);
        says(() -> Param.of("w", Shape.of(3), Init.zeros()).node(g), "\"w\"", "already has", "input");
        says(() -> Params.count(new Sequential(List.of(Dense.of(2, 2), Dense.of(2, 2)))), "share a name", "Sequential.of");
    }

    @Test
    void optimizersAndSchedules() {
        says(() -> Optimizer.sgd().clipByGlobalNorm(0), "must be positive", "0.0");
        says(() -> Optimizer.chain(), "at least one transform");
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Param p = Param.of("p", Shape.of(2), Init.zeros());
        says(() -> Optimizer.sgd().step(ctx, List.of(p), List.of()), "one gradient per param");
        says(() -> Schedule.constant(0), "positive and finite", "0.0");
        says(() -> Schedule.step(0.1, 0, 0.5), "every must be at least 1");
    }

    @Test
    void dataAndTraining() {
        says(() -> new Dataset(Tensor.zeros(4, 2), Tensor.zeros(3)), "same number of rows", "[4, 2]", "[3]");
        Dataset data = new Dataset(Tensor.zeros(4, 2), Tensor.zeros(4, 1));
        says(() -> data.stratifiedSplit(1.5, 0), "fraction must be in (0, 1)", "1.5");
        says(() -> data.standardize(new double[1], new double[1]), "expected 2 means");
        says(() -> TrainOptions.defaults().epochs(0), "epochs and batch size must be at least 1");
        Trainer t = new Trainer(Dense.of(2, 1), Losses::mse, Optimizer.sgd(), new ParamStore());
        says(() -> t.predict(Tensor.zeros(1, 2)), "train or evaluate first");
        t.fit(data, TrainOptions.defaults().epochs(1).batchSize(4).verbosity(TrainOptions.Verbosity.QUIET));
        Dataset wide = new Dataset(Tensor.zeros(4, 3), Tensor.zeros(4, 1));
        says(() -> t.fit(wide, TrainOptions.defaults()), "[4, 3]", "does not fit the model built for", "[?, 2]");
    }
}
