// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.Recurrent;
import dev.nabla.nn.RecurrentCell;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a recurrent cell with a linear read-out of its last hidden state on the adding problem,
 * a fresh batch each step, and measures the mean squared error on fixed held-out sequences as it
 * goes: the loop of {@link RnnMemoryExample}, the same for every cell.
 *
 * <p>Usage: {@code MemoryTraining.Curve c = MemoryTraining.train(LstmCell.of(2, 32), setup, heldOut, 42);}
 */
final class MemoryTraining {
    private MemoryTraining() {}

    /**
     * What every cell is trained with, so that only the cell differs.
     *
     * @param steps the sequence length T
     * @param batch sequences per training step
     * @param updates optimizer steps
     * @param rate Adam's learning rate
     * @param clip the largest global gradient norm let through
     * @param every optimizer steps between two held-out measurements
     */
    record Setup(int steps, int batch, int updates, double rate, double clip, int every) {}

    /**
     * A training run's record.
     *
     * @param label the cell's name
     * @param at the optimizer steps after which the held-out MSE was measured (0 first)
     * @param heldOut the held-out MSE at each of them
     * @param seconds the training time, measurements excluded
     */
    record Curve(String label, double[] at, double[] heldOut, double seconds) {
        /** @return the held-out MSE after the last step */
        double last() {
            return heldOut[heldOut.length - 1];
        }

        /** @return the curve as {@code {xs, ys}} for a chart */
        double[][] xy() {
            return new double[][] {at, heldOut};
        }
    }

    /**
     * Trains one cell from its initial weights.
     *
     * @param label the cell's name in the report
     * @param cell the cell, input size 2
     * @param setup the shared settings
     * @param heldOut the sequences measured, T steps long
     * @param seed the seed of the weights and of the training batches
     * @param <S> the cell's state
     * @return the curve
     */
    static <S> Curve train(String label, RecurrentCell<S> cell, Setup setup, AddingProblem.Batch heldOut, long seed) {
        Dense head = Dense.of(cell.hiddenSize(), 1).named("head");
        List<Param> params = new ArrayList<>(cell.params());
        params.addAll(head.params());
        ParamStore store = Params.initialize(params, new ParamStore(), seed);
        Optimizer opt = Optimizer.adam().clipByGlobalNorm(setup.clip());
        opt.initialize(params, store);

        Graph g = new Graph();
        Context ctx = Context.of(g);
        Node x = g.input("x", Shape.UNKNOWN, setup.steps(), 2);
        Node y = g.input("y", Shape.UNKNOWN, 1);
        Node last = cell.hidden(Recurrent.of(cell).run(x, ctx).last());
        Node loss = Losses.mse(head.apply(last, ctx), y);
        List<Node> grads = Grad.grad(loss, params.stream().map(ctx::param).toList(), Grad.Unused.ERROR);
        Session session = new Session(store);
        Plan step = session.compile(List.of(loss), opt.step(ctx, params, grads));
        Plan measure = session.compile(loss);
        Map<Node, Tensor> held = Map.of(x, heldOut.x(), y, heldOut.y());

        SplittableRandom rng = new SplittableRandom(seed);
        Tensor rate = Tensor.scalar(setup.rate());
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, measure.run(held).get(0).get()});
        long nanos = 0;
        for (int i = 1; i <= setup.updates(); i++) {
            AddingProblem.Batch b = AddingProblem.sample(setup.batch(), setup.steps(), rng);
            long start = System.nanoTime();
            step.run(Map.of(x, b.x(), y, b.y(), opt.learningRate(g), rate));
            nanos += System.nanoTime() - start;
            if (i % setup.every() == 0 || i == setup.updates()) {
                points.add(new double[] {i, measure.run(held).get(0).get()});
            }
        }
        double[] at = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] mse = points.stream().mapToDouble(p -> p[1]).toArray();
        return new Curve(label, at, mse, nanos / 1e9);
    }
}
