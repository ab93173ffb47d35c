// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Trainer#fit} trains. Batch size 1 is stochastic gradient descent, a batch as large
 * as the data set is full-batch gradient descent, anything between is mini-batch SGD: the
 * lecture's three variants differ only here, never in the optimizer.
 *
 * <p>Usage: {@code TrainOptions.defaults().epochs(30).batchSize(64).schedule(Schedule.constant(0.05)).patience(5)}
 *
 * @param epochs passes over the training data
 * @param batchSize samples per step
 * @param seed seed of shuffling, initialisation and random layers
 * @param shuffle reshuffle the training data every epoch
 * @param schedule the learning rate
 * @param validation data to evaluate after each epoch, or null
 * @param patience stop after this many epochs without improvement of the monitored loss (0: never)
 * @param restoreBest on early stopping, put back the weights of the best epoch
 * @param verbosity what to print
 * @param callbacks called after each epoch
 * @param dropLast skip an epoch's last batch when it is smaller than the others (batch norm's
 *     statistics over a handful of samples can jolt its running averages)
 * @param detectAnomalies stop at the first NaN or infinity any node computes, naming it (see
 *     {@link dev.nabla.graph.Session#detectAnomalies}); slower, for debugging
 * @param threads how many threads the kernels may use ({@link dev.nabla.graph.Session#threads(int)});
 *     0 for the default. The results are the same bits whatever the count.
 */
public record TrainOptions(int epochs, int batchSize, long seed, boolean shuffle, Schedule schedule, Dataset validation,
        int patience, boolean restoreBest, Verbosity verbosity, List<Trainer.Callback> callbacks, boolean dropLast,
        boolean detectAnomalies, int threads) {
    /** What training prints. */
    public enum Verbosity {
        /** Nothing. */
        QUIET,
        /** One line per epoch. */
        LINES,
        /** A progress bar on a terminal, one line per epoch otherwise (logs, CI). */
        AUTO
    }

    /** Checks the values. */
    public TrainOptions {
        if (epochs < 1 || batchSize < 1 || patience < 0 || schedule == null || verbosity == null || callbacks == null) {
            throw new NablaException("TrainOptions: epochs and batch size must be at least 1, patience at least 0, "
                    + "and schedule, verbosity and callbacks set; got epochs " + epochs + ", batch " + batchSize
                    + ", patience " + patience);
        }
        if (threads < 0) {
            throw new NablaException("TrainOptions: threads must be at least 1, or 0 for the default; got " + threads);
        }
        callbacks = List.copyOf(Arguments.requireElements("TrainOptions", "callbacks", callbacks));
    }

    /**
     * Returns the default training options.
     *
     * @return 10 epochs, batches of 32, seed 0, shuffled, constant rate 0.01, no validation, AUTO output
     */
    public static TrainOptions defaults() {
        return new TrainOptions(10, 32, 0L, true, Schedule.constant(0.01), null, 0, true, Verbosity.AUTO, List.of(), false, false, 0);
    }

    /**
     * Sets how many epochs to train for.
     *
     * @param n epochs
     * @return changed options
     */
    public TrainOptions epochs(int n) {
        return new TrainOptions(n, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets how many samples each training step uses.
     *
     * @param n samples per step
     * @return changed options
     */
    public TrainOptions batchSize(int n) {
        return new TrainOptions(epochs, n, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets the random seed, so training runs can be repeated.
     *
     * @param s the seed
     * @return changed options
     */
    public TrainOptions seed(long s) {
        return new TrainOptions(epochs, batchSize, s, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets whether to shuffle the training data every epoch.
     *
     * @param on reshuffle every epoch
     * @return changed options
     */
    public TrainOptions shuffle(boolean on) {
        return new TrainOptions(epochs, batchSize, seed, on, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets how the learning rate changes during training.
     *
     * @param s the learning-rate schedule
     * @return changed options
     */
    public TrainOptions schedule(Schedule s) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, s, validation, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets the data to validate on after each epoch.
     *
     * @param v validation data
     * @return changed options
     */
    public TrainOptions validation(Dataset v) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, v, patience, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets how long to wait for validation to improve before stopping early.
     *
     * @param p epochs without improvement before stopping
     * @return changed options
     */
    public TrainOptions patience(int p) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, p, restoreBest, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets whether to restore the best weights after stopping early.
     *
     * @param on restore the best epoch's weights when stopping early
     * @return changed options
     */
    public TrainOptions restoreBest(boolean on) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, on, verbosity, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets how much progress to print during training.
     *
     * @param v what to print
     * @return changed options
     */
    public TrainOptions verbosity(Verbosity v) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, v, callbacks, dropLast, detectAnomalies, threads);
    }

    /**
     * Sets whether to skip the last batch of an epoch when it is smaller than the rest.
     *
     * @param on skip a smaller last batch in each epoch
     * @return changed options
     */
    public TrainOptions dropLast(boolean on) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, on, detectAnomalies, threads);
    }

    /**
     * Sets whether to check every value for NaN and infinity while training.
     *
     * @param on check every value for NaN and infinity, for debugging
     * @return changed options
     */
    public TrainOptions detectAnomalies(boolean on) {
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast, on, threads);
    }

    /**
     * Sets how many threads the kernels may use during training.
     *
     * @param n threads the kernels may use, at least 1
     * @return changed options
     */
    public TrainOptions threads(int n) {
        if (n < 1) {
            throw new NablaException("TrainOptions.threads: expected at least 1 thread, got " + n);
        }
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, callbacks, dropLast,
                detectAnomalies, n);
    }

    /**
     * Adds a callback to be called during training.
     *
     * @param c a callback to add
     * @return changed options
     */
    public TrainOptions callback(Trainer.Callback c) {
        Arguments.requireNonNull("TrainOptions.callback", "c", c);
        List<Trainer.Callback> all = new ArrayList<>(callbacks);
        all.add(c);
        return new TrainOptions(epochs, batchSize, seed, shuffle, schedule, validation, patience, restoreBest, verbosity, all, dropLast, detectAnomalies, threads);
    }

    /**
     * How many of a data set's samples an epoch trains on: all of them, or only whole batches
     * when {@link #dropLast} asks to skip a smaller last one (but always at least one batch).
     *
     * <p>Usage: {@code int used = options.usedSamples(data.size());}
     *
     * @param n the number of samples
     * @return the samples an epoch uses
     */
    public int usedSamples(int n) {
        Arguments.requireAtLeast("TrainOptions.usedSamples", "n", n, 0);
        int whole = n - n % batchSize;
        return dropLast && whole > 0 ? whole : n;
    }
}
