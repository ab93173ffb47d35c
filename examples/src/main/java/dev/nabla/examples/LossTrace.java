// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.graph.NablaException;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;

/**
 * A loss curve with points inside epochs: trains with {@link Trainer#fit} on consecutive pieces
 * of each shuffled epoch and measures the loss on a fixed data set between the pieces, timing
 * only the training.
 *
 * <p>Usage: {@code LossTrace t = LossTrace.train("adam", trainer, train, train, 10, 32, 1e-3, 256, run.seed());}
 * The arrays are not copied and a trace compares by identity: it is a result to read, not a value to compare.
 *
 * @param label the curve's name
 * @param epochs where each measurement was taken, in passes over the training data (0 first)
 * @param seconds the training time spent before each measurement
 * @param loss the loss measured
 * @param diverged whether training stopped early because the loss stopped being finite
 */
record LossTrace(String label, double[] epochs, double[] seconds, double[] loss, boolean diverged) {
    /**
     * Trains and measures.
     *
     * @param label the curve's name
     * @param trainer the trainer, whose store holds the starting weights (or none yet)
     * @param train the training data
     * @param measured the data the loss is measured on
     * @param epochs passes over the training data
     * @param batch samples per step (the whole set for full-batch gradient descent)
     * @param lr the constant learning rate
     * @param every samples between two measurements, rounded to whole steps
     * @param seed the shuffling seed
     * @return the curve
     */
    static LossTrace train(String label, Trainer trainer, Dataset train, Dataset measured, int epochs, int batch,
            double lr, int every, long seed) {
        TrainOptions options = TrainOptions.defaults().epochs(1).batchSize(batch).seed(seed).shuffle(false)
                .schedule(Schedule.constant(lr)).verbosity(TrainOptions.Verbosity.QUIET);
        int n = train.size();
        int chunk = batch >= n ? n : Math.max(batch, every / batch * batch);
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0, trainer.evaluate(measured).get("loss")});
        int[] order = IntStream.range(0, n).toArray();
        Well19937c rng = new Well19937c(seed);
        double seconds = 0;
        boolean diverged = false;
        for (int epoch = 0; epoch < epochs && !diverged; epoch++) {
            shuffle(order, rng);
            for (int from = 0; from < n && !diverged; from += chunk) {
                Dataset part = train.rows(Arrays.copyOfRange(order, from, Math.min(n, from + chunk)));
                long start = System.nanoTime();
                try {
                    // The last part may be smaller than a batch, and a batch may not outgrow its data.
                    trainer.fit(part, options.batchSize(Math.min(batch, part.size())));
                } catch (NablaException e) {
                    // The trainer refuses to go on once the loss is no longer finite: the curve ends here.
                    diverged = true;
                }
                seconds += (System.nanoTime() - start) / 1e9;
                double loss = diverged ? Double.NaN : trainer.evaluate(measured).get("loss");
                diverged |= !Double.isFinite(loss);
                if (!diverged) {
                    points.add(new double[] {epoch + Math.min(n, from + chunk) / (double) n, seconds, loss});
                }
            }
        }
        double[][] cols = new double[3][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int k = 0; k < 3; k++) {
                cols[k][i] = points.get(i)[k];
            }
        }
        return new LossTrace(label, cols[0], cols[1], cols[2], diverged);
    }

    /** @return the last loss measured, or +infinity if training diverged */
    double last() {
        return diverged ? Double.POSITIVE_INFINITY : loss[loss.length - 1];
    }

    /** @return the smallest loss measured */
    double best() {
        return Arrays.stream(loss).min().orElse(Double.NaN);
    }

    /** @return the training seconds up to the last measurement */
    double totalSeconds() {
        return seconds[seconds.length - 1];
    }

    /**
     * The training time until the loss first fell to a level.
     *
     * @param level the loss to reach
     * @return the seconds, or NaN if the curve never reached it
     */
    double secondsTo(double level) {
        for (int i = 0; i < loss.length; i++) {
            if (loss[i] <= level) {
                return seconds[i];
            }
        }
        return Double.NaN;
    }

    /** @return the curve against epochs, {@code {xs, ys}} */
    double[][] byEpoch() {
        return new double[][] {epochs, loss};
    }

    /** @return the curve against training seconds, {@code {xs, ys}} */
    double[][] bySeconds() {
        return new double[][] {seconds, loss};
    }

    private static void shuffle(int[] a, Well19937c rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
