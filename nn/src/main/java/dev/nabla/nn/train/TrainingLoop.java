// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;

/**
 * The epochs of training, apart from how one step is computed: shuffling, batches, the
 * learning-rate schedule, the checks on rate and loss, validation, early stopping, callbacks,
 * output and history. {@link Trainer} runs its compiled plan in each step; a distributed trainer
 * runs a step across machines. Both draw the same batches in the same order from the same seed.
 *
 * <p>Usage:
 * <pre>{@code
 * History h = TrainingLoop.run("MyTrainer.fit", data.size(), options, store,
 *         (rows, lr, step) -> plan.run(feeds(data.rows(rows), lr)).get(0).item(), 0L, trainer::evaluate);
 * }</pre>
 */
public final class TrainingLoop {
    private TrainingLoop() {}

    /** One training step. */
    @FunctionalInterface
    public interface Step {
        /**
         * Trains on one batch.
         *
         * @param rows the batch's sample numbers, in drawing order
         * @param lr the learning rate of this step, finite and at least 0
         * @param step the step's number, from 0 over the whole run
         * @return the batch's mean loss
         */
        double run(int[] rows, double lr, long step);
    }

    /**
     * Checks that the data holds at least one batch.
     *
     * @param who the caller, for the message
     * @param size the number of training samples
     * @param options the options
     * @throws NablaException if the batch size is larger than the data set
     */
    public static void requireBatches(String who, long size, TrainOptions options) {
        Arguments.requireNonNulls("TrainingLoop.requireBatches", "who", who, "options", options);
        if (options.batchSize() > size) {
            throw new NablaException(who + ": batch size " + options.batchSize() + " is larger than the data set of "
                    + size + " samples; use batchSize(" + size + ") for full-batch gradient descent");
        }
    }

    /**
     * Runs the epochs.
     *
     * @param who the caller, for messages (such as {@code "Trainer.fit"})
     * @param size the number of training samples, at least the batch size
     * @param options epochs, batches, seed, schedule, validation, early stopping, output
     * @param store the weights, snapshotted for {@link TrainOptions#restoreBest}
     * @param step computes one step
     * @param firstStep steps before this one are drawn but not run (to resume from a checkpoint)
     * @param evaluate measures the validation data ({@code loss}, maybe {@code accuracy})
     * @return the measurements of every epoch that ran a step
     * @throws NablaException if the schedule gives a negative or non-finite rate or the loss
     *     stops being finite
     */
    public static History run(String who, int size, TrainOptions options, ParamStore store, Step step, long firstStep,
            Function<Dataset, Map<String, Double>> evaluate) {
        Arguments.requireNonNulls("TrainingLoop.run", "who", who, "options", options, "store", store, "step", step,
                "evaluate", evaluate);
        requireBatches(who, size, options);
        History history = new History();
        ProgressReporter progress = new ProgressReporter(options.verbosity(), options.epochs());
        int[] order = IntStream.range(0, size).toArray();
        Well19937c rng = new Well19937c(options.seed());
        double best = Double.POSITIVE_INFINITY;
        Map<String, Tensor> bestWeights = null;
        int waited = 0;
        long stepNo = 0;
        Trainer.Control control = new Trainer.Control();
        for (int epoch = 0; epoch < options.epochs() && !control.stopped(); epoch++) {
            if (options.shuffle()) {
                Dataset.shuffle(order, rng);
            }
            progress.startEpoch(epoch, size);
            double total = 0;
            double lr = 0;
            int used = options.usedSamples(size);
            int seen = 0;
            for (int from = 0; from < used; from += options.batchSize()) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(used, from + options.batchSize()));
                lr = options.schedule().rate(epoch, stepNo);
                if (!(lr >= 0) || Double.isInfinite(lr)) {
                    throw new NablaException(who + ": the schedule gave the learning rate " + lr + " in epoch "
                            + (epoch + 1) + " at step " + stepNo + "; a rate must be finite and at least 0");
                }
                if (stepNo++ < firstStep) {
                    continue;
                }
                double l = step.run(rows, lr, stepNo - 1);
                if (!Double.isFinite(l)) {
                    throw new NablaException(who + ": the loss became " + l + " in epoch " + (epoch + 1)
                            + " at learning rate " + lr + "; lower the rate or check the data");
                }
                total += l * rows.length;
                seen += rows.length;
                progress.step(rows.length, total / seen);
            }
            if (seen == 0) {
                continue;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", total / seen);
            logs.put("lr", lr);
            if (options.validation() != null) {
                Map<String, Double> measured = evaluate.apply(options.validation());
                Arguments.requireResult(who, "the evaluation", measured).forEach((k, v) -> logs.put("val_" + k, v));
            }
            double monitored = logs.getOrDefault("val_loss", logs.get("loss"));
            options.schedule().epochEnd(epoch, monitored);
            history.record(logs);
            progress.endEpoch(logs);
            for (Trainer.Callback cb : options.callbacks()) {
                cb.onEpochEnd(epoch, logs, control);
            }
            if (monitored < best) {
                best = monitored;
                bestWeights = options.patience() > 0 && options.restoreBest() ? store.snapshot() : null;
                waited = 0;
            } else if (options.patience() > 0 && ++waited >= options.patience()) {
                control.stop();
            }
        }
        if (control.stopped() && bestWeights != null) {
            store.putAll(bestWeights);
        }
        return history;
    }
}
