// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.EvaluationException;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ShapeException;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The nn module's argument checks, part of the bad-input catalog: each error is of exactly the
 * documented type and names what was wrong and what was expected. Training misuses are in
 * {@code train.TrainingBadInputTest}, checkpoint misuses in {@code io.CheckpointBadInputTest}.
 */
class NnBadInputTest {
    /** Asserts that the call throws exactly a {@link NablaException} (not a subclass) saying every fragment. */
    static void says(Executable call, String... fragments) {
        says(NablaException.class, call, fragments);
    }

    /** Asserts that the call throws exactly {@code type} (not a subclass) with every fragment in its message. */
    static void says(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable e = assertThrows(Throwable.class, call);
        assertSame(type, e.getClass(), () -> "expected " + type.getSimpleName() + " but got " + e);
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
        says(() -> t.fit(wide, TrainOptions.defaults().batchSize(4)), "[4, 3]", "does not fit the model built for", "[?, 2]");
    }

    @Test
    void layersWithBadSizesOrRates() {
        says(() -> Dense.of(0, 3), "Dense.of: input and output widths must be at least 1, got 0 and 3");
        says(() -> Dropout.of(1.0, 7), "Dropout: rate must be in [0, 1), got 1.0", "a rate of 1 drops everything");
        says(() -> Dropout.of(Double.NaN, 7), "Dropout: rate must be in [0, 1), got NaN");
        says(() -> BatchNorm.of(4, Double.NaN, 1e-5), "BatchNorm: momentum must be in [0, 1], got NaN");
        says(() -> LayerNorm.of(4, 0), "LayerNorm: epsilon must be positive and finite, got 0.0");
        says(() -> Init.constant(Double.POSITIVE_INFINITY), "Init.constant: the value must be finite, got Infinity");
        says(() -> Sequential.of(Dense.of(2, 2), null), "Sequential: the layers must not be or contain null");
    }

    @Test
    void layersAppliedToInputsOfTheWrongWidth() {
        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, 3);
        Layer mlp = Sequential.of(Dense.of(4, 2));
        says(ShapeException.class, () -> mlp.apply(x, ctx), "matmul(\"x\" [?, 3], \"dense_1/W\" [4, 2]): inner dimensions 3 and 4 differ");
        says(ShapeException.class, () -> BatchNorm.of(4).apply(x, ctx), "batchnorm(\"x\" [?, 3]): expected an input [N, ..., 4]");
        says(ShapeException.class, () -> LayerNorm.of(4).apply(x, ctx), "layernorm(\"x\" [?, 3]): expected an input [..., 4]");
    }

    @Test
    void lossesWithShapesThatDoNotFit() {
        Graph g = new Graph();
        Node pred = g.input("pred", Shape.UNKNOWN, 1);
        Node target = g.input("target", Shape.UNKNOWN, 2);
        says(ShapeException.class, () -> Losses.mse(pred, target),
                "mse: the prediction \"pred\" [?, 1] and the target \"target\" [?, 2] must have the same shape");
        Node logits = g.input("logits", Shape.UNKNOWN, 10);
        says(ShapeException.class, () -> Losses.softmaxCrossEntropy(logits, target),
                "softmax_cross_entropy: expected logits [N, C] and integer labels [N], got [?, 10] and [?, 2]");
        says(() -> Losses.huber(pred, pred, Double.NaN), "huber: delta must be positive, got NaN");
        says(() -> Losses.l2(0.1), "l2: give at least one weight");
    }

    /**
     * A mean over an empty batch is 0/0; PyTorch returns NaN, silently. Every loss that averages
     * refuses it: when built if the batch size is known, else from the run that feeds it.
     */
    @Test
    void lossesOverAnEmptyBatch() {
        Graph g = new Graph();
        Node p = g.input("p", 0, 2);
        Node t = g.input("t", 0, 2);
        String empty = "the batch is empty, and a mean over no samples is 0/0 (NaN); give at least one sample";
        says(ShapeException.class, () -> Losses.mse(p, t), "mse(\"p\" [0, 2], \"t\" [0, 2]): " + empty);
        says(ShapeException.class, () -> Losses.mseMean(p, t), "mse_mean(\"p\" [0, 2], \"t\" [0, 2]): " + empty);
        says(ShapeException.class, () -> Losses.mae(p, t), "mae(");
        says(ShapeException.class, () -> Losses.huber(p, t, 1.0), "huber(");
        says(ShapeException.class, () -> Losses.binaryCrossEntropy(p, t), "binary_cross_entropy(");
        says(ShapeException.class, () -> Losses.binaryCrossEntropyWithLogits(p, t), "binary_cross_entropy_with_logits(");
        says(ShapeException.class, () -> Losses.softmaxCrossEntropyOneHot(p, t), "softmax_cross_entropy(");
        says(ShapeException.class, () -> Losses.softmaxCrossEntropy(p, g.input("labels", 0)),
                "softmax_cross_entropy(\"p\" [0, 2], \"labels\" [0]): " + empty);
        says(ShapeException.class, () -> Losses.hinge(p, t), "hinge(");
        // Averaged over every element, so a sample of no outputs is as empty; mse sums them and is 0.
        Node wide = g.input("wide", 3, 0);
        says(ShapeException.class, () -> Losses.mae(wide, wide), "mae(\"wide\" [3, 0], \"wide\" [3, 0]): " + empty);

        Node x = g.input("x", Shape.UNKNOWN, 3);
        Node labels = g.input("y", Shape.UNKNOWN);
        Node loss = Losses.softmaxCrossEntropy(x, labels);
        Node dx = Grad.grad(loss, x);
        Session s = new Session(new ParamStore());
        List<Tensor> ok = s.run(Map.of(x, Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6), labels, Tensor.of(Shape.of(2), 0, 1)),
                loss, dx);
        assertTrue(Double.isFinite(ok.get(0).item()) && ok.get(1).shape().equals(Shape.of(2, 3)), ok::toString);
        says(EvaluationException.class, () -> s.run(Map.of(x, Tensor.zeros(0, 3), labels, Tensor.zeros(0)), loss, dx),
                "= nonempty_batch(", "with the fed shapes [[], [0, 3]]: softmax_cross_entropy(\"x\" [?, 3], \"y\" [?]): "
                        + empty);
    }
}
