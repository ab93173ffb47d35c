// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows training progress: a live bar on a terminal, one line per epoch elsewhere, or nothing. */
final class ProgressReporter {
    private final TrainOptions.Verbosity verbosity;
    private final boolean terminal;
    private final int epochs;
    /** Where the bar's frames go instead of the console, or null for the console. */
    private final Consumer<String> barFrames;
    private final PrintStream out;
    private ProgressBar bar;
    private long started;
    private long seen;
    private int epoch;

    ProgressReporter(TrainOptions.Verbosity verbosity, int epochs) {
        this(verbosity, epochs, System.console() != null, null, System.out);
    }

    /**
     * A reporter whose output a test can read.
     *
     * @param onTerminal whether to draw the live bar, as on a terminal (with AUTO verbosity only)
     * @param barFrames receives each frame of the bar, or null to draw on the console
     * @param out receives the per-epoch lines
     */
    ProgressReporter(TrainOptions.Verbosity verbosity, int epochs, boolean onTerminal, Consumer<String> barFrames,
            PrintStream out) {
        this.verbosity = verbosity;
        this.terminal = onTerminal && verbosity == TrainOptions.Verbosity.AUTO;
        this.epochs = epochs;
        this.barFrames = barFrames;
        this.out = out;
    }

    void startEpoch(int e, int samples) {
        epoch = e;
        started = System.nanoTime();
        seen = 0;
        if (terminal) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", e + 1, epochs))
                    .setInitialMax(samples).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate();
            if (barFrames != null) {
                b.setConsumer(new DelegatingProgressBarConsumer(barFrames, 120));
            }
            bar = b.build();
        }
    }

    void step(int samples, double runningLoss) {
        seen += samples;
        if (bar != null) {
            bar.stepBy(samples);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %.0f samples/s", runningLoss, rate()));
        }
    }

    void endEpoch(Map<String, Double> logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (verbosity == TrainOptions.Verbosity.QUIET) {
            return;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        b.append(String.format(Locale.ROOT, "  (%.0f samples/s)", rate()));
        out.println(b);
    }

    private double rate() {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds > 0 ? seen / seconds : 0;
    }
}
