// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import dev.nabla.graph.NablaException;
import dev.nabla.nn.Hyperparameters;

/**
 * A learning rate that changes over training. The rate is fed to the training plan as an input,
 * so changing it never recompiles.
 *
 * <p>Usage: {@code Schedule.warmup(Schedule.cosine(0.1, 20, 1e-4), 100)}
 */
public interface Schedule {
    /**
     * The rate for the next step.
     *
     * @param epoch the epoch, from 0
     * @param step the step since training began, from 0
     * @return the learning rate
     */
    double rate(int epoch, long step);

    /**
     * Told the monitored value (validation loss, or training loss without validation) at the end
     * of each epoch; only reduce-on-plateau listens.
     *
     * @param epoch the epoch just ended
     * @param monitored its monitored value
     */
    default void epochEnd(int epoch, double monitored) {}

    /**
     * Keeps the learning rate constant during training.
     *
     * @param lr the rate
     * @return the same rate always
     */
    static Schedule constant(double lr) {
        Hyperparameters.positive("Schedule", "the learning rate", lr);
        return (epoch, step) -> lr;
    }

    /**
     * Multiplies the rate by {@code gamma} every {@code every} epochs.
     *
     * @param lr the first rate
     * @param every epochs between drops
     * @param gamma the factor
     * @return the schedule
     */
    static Schedule step(double lr, int every, double gamma) {
        Hyperparameters.positive("Schedule", "the learning rate", lr);
        if (every < 1) {
            throw new NablaException("Schedule.step: every must be at least 1, got " + every);
        }
        Hyperparameters.positive("Schedule.step", "gamma", gamma);
        return (epoch, step) -> lr * Math.pow(gamma, epoch / every);
    }

    /**
     * Multiplies the learning rate by a constant factor after every epoch.
     *
     * @param lr the first rate
     * @param gamma the factor per epoch
     * @return {@code lr * gamma^epoch}
     */
    static Schedule exponential(double lr, double gamma) {
        Hyperparameters.positive("Schedule", "the learning rate", lr);
        Hyperparameters.positive("Schedule.exponential", "gamma", gamma);
        return (epoch, step) -> lr * Math.pow(gamma, epoch);
    }

    /**
     * Cosine annealing (Loshchilov and Hutter 2017) from {@code lr} to {@code min} over {@code epochs}.
     *
     * @param lr the first rate
     * @param epochs the length of the decay
     * @param min the final rate
     * @return the schedule
     */
    static Schedule cosine(double lr, int epochs, double min) {
        Hyperparameters.positive("Schedule", "the learning rate", lr);
        if (epochs < 1 || !(min >= 0 && min <= lr)) {
            throw new NablaException("Schedule.cosine: needs epochs at least 1 and 0 <= min <= lr, got epochs " + epochs
                    + ", min " + min + " and lr " + lr);
        }
        return (epoch, step) -> min + (lr - min) * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
    }

    /**
     * Ramps the rate up linearly over the first steps, then follows another schedule.
     *
     * @param after the schedule after warm-up
     * @param steps the warm-up length in steps
     * @return the schedule
     */
    static Schedule warmup(Schedule after, long steps) {
        if (after == null || steps < 1) {
            throw new NablaException("Schedule.warmup: needs a schedule to follow and at least 1 step, got "
                    + (after == null ? "null" : "a schedule") + " and " + steps + " steps");
        }
        return (epoch, step) -> step < steps ? after.rate(epoch, step) * (step + 1) / steps : after.rate(epoch, step);
    }

    /**
     * Multiplies the rate by {@code factor} when the monitored value has not improved for
     * {@code patience} epochs.
     *
     * @param lr the first rate
     * @param factor the factor, in (0, 1)
     * @param patience epochs without improvement before a cut
     * @return the schedule (it keeps state: use one per training run)
     */
    static Schedule reduceOnPlateau(double lr, double factor, int patience) {
        Hyperparameters.positive("Schedule", "the learning rate", lr);
        if (!(factor > 0 && factor < 1) || patience < 0) {
            throw new NablaException("Schedule.reduceOnPlateau: needs factor in (0, 1) and patience at least 0, got "
                    + factor + " and " + patience);
        }
        return new Schedule() {
            private double rate = lr;
            private double best = Double.POSITIVE_INFINITY;
            private int waited;

            public double rate(int epoch, long step) {
                return rate;
            }

            public void epochEnd(int epoch, double monitored) {
                if (monitored < best) {
                    best = monitored;
                    waited = 0;
                } else if (++waited > patience) {
                    rate *= factor;
                    waited = 0;
                }
            }
        };
    }


}
