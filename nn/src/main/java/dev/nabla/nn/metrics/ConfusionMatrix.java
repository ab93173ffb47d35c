// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn.metrics;

import dev.nabla.graph.Arguments;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs over C classes, with per-class and macro-averaged
 * precision, recall and F1.
 *
 * <p>Rows are true classes and columns predicted classes, as in scikit-learn. Class {@code c}'s
 * precision, recall and F1 are those of its one-vs-rest {@link BinaryCounts}, so a 0/0 ratio is 0
 * (a class never predicted has precision 0; a class that never occurs has recall 0). Macro averages
 * are plain means over all C classes, absent ones included.
 *
 * <p>Usage: {@code ConfusionMatrix cm = ConfusionMatrix.of(yTest, logits, 10); System.out.println(cm);}
 */
public final class ConfusionMatrix {
    private final int[][] counts;

    private ConfusionMatrix(int[][] counts) {
        this.counts = counts;
    }

    /**
     * Counts each (true, predicted) pair.
     *
     * <p>Usage: {@code ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2).count(1, 0) // 1}
     *
     * @param truth the true class of each sample, in {@code [0, classes)}
     * @param predicted the predicted class of each sample, in {@code [0, classes)}
     * @param classes the number of classes C, at least 1
     * @return the matrix
     * @throws NablaException if an array is null or empty, the lengths differ, C is below 1, or a
     *     class is outside {@code [0, C)}
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        String op = "ConfusionMatrix.of";
        if (classes < 1) {
            throw new NablaException(op + ": classes is " + classes + "; expected at least 1");
        }
        Inputs.requireClasses(op, "true label", truth, classes);
        Inputs.requireClasses(op, "predicted label", predicted, classes);
        Inputs.requireSameLength(op, "truth", truth.length, "predicted", predicted.length);
        int[][] m = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(m);
    }

    /**
     * Counts pairs from tensors: the predictions are class indices {@code [N]} or class scores
     * {@code [N, C]}, turned into classes by {@link Metrics#argmax}.
     *
     * <p>Usage: {@code ConfusionMatrix.of(yTest, logits, 10)}
     *
     * @param labels the true classes, shape {@code [N]} or {@code [N, 1]}, whole numbers
     * @param predictions class indices {@code [N]}, or scores {@code [N, C]}
     * @param classes the number of classes C, at least 1
     * @return the matrix
     * @throws NablaException as the array form does, or on a bad shape, a label that is not a whole
     *     number, or a NaN score
     */
    public static ConfusionMatrix of(Tensor labels, Tensor predictions, int classes) {
        String op = "ConfusionMatrix.of";
        Arguments.requireNonNulls(op, "labels", labels, "predictions", predictions);
        Arguments.requireAtLeast(op, "classes", classes, 1);
        return of(Inputs.integers(op, "labels", labels), Metrics.classes(op, predictions), classes);
    }

    /**
     * Returns the number of classes.
     *
     * @return the number of classes C
     */
    public int classes() {
        return counts.length;
    }

    /**
     * Reads one cell.
     *
     * @param trueClass the row, in {@code [0, C)}
     * @param predictedClass the column, in {@code [0, C)}
     * @return how many samples of {@code trueClass} were predicted as {@code predictedClass}
     * @throws NablaException if a class is outside {@code [0, C)}
     */
    public int count(int trueClass, int predictedClass) {
        return counts[requireClass("count", trueClass)][requireClass("count", predictedClass)];
    }

    /**
     * Returns the counts of each pair of true and predicted class.
     *
     * @return a copy of the counts, {@code [true class][predicted class]}
     */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /**
     * Counts all samples.
     *
     * @return the number of samples
     */
    public int total() {
        int n = 0;
        for (int[] row : counts) {
            n += Arrays.stream(row).sum();
        }
        return n;
    }

    /**
     * Computes the accuracy, the fraction of samples classified correctly.
     *
     * @return the fraction of samples on the diagonal, predicted as their true class
     */
    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total();
    }

    /**
     * Collapses the matrix to class {@code c} against the rest.
     *
     * @param c the class taken as positive, in {@code [0, C)}
     * @return TP = c predicted as c, FP = others predicted as c, FN = c predicted as others, TN = the rest
     * @throws NablaException if {@code c} is outside {@code [0, C)}
     */
    public BinaryCounts oneVsRest(int c) {
        requireClass("oneVsRest", c);
        int tp = counts[c][c];
        int support = 0;
        int predicted = 0;
        for (int k = 0; k < counts.length; k++) {
            support += counts[c][k];
            predicted += counts[k][c];
        }
        return new BinaryCounts(tp, predicted - tp, total() - support - predicted + tp, support - tp);
    }

    /**
     * Computes the precision of one class: of the samples predicted as {@code c}, the fraction that are {@code c}.
     *
     * @param c the class, in {@code [0, C)}
     * @return the precision, or 0 when {@code c} is never predicted
     */
    public double precision(int c) {
        return oneVsRest(c).precision();
    }

    /**
     * Computes the recall of one class: of the samples of class {@code c}, the fraction predicted as {@code c}.
     *
     * @param c the class, in {@code [0, C)}
     * @return the recall, or 0 when {@code c} never occurs
     */
    public double recall(int c) {
        return oneVsRest(c).recall();
    }

    /**
     * Computes the F1 score of one class, the harmonic mean of its precision and recall.
     *
     * @param c the class, in {@code [0, C)}
     * @return F1, or 0 when the class has no true positives
     */
    public double f1(int c) {
        return oneVsRest(c).f1();
    }

    /**
     * Averages the precision over the classes, each class weighted equally.
     *
     * @return the mean of {@link #precision(int)} over all C classes
     */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return s / counts.length;
    }

    /**
     * Averages the recall over the classes, each class weighted equally.
     *
     * @return the mean of {@link #recall(int)} over all C classes
     */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return s / counts.length;
    }

    /**
     * Averages the F1 score over the classes, each class weighted equally.
     *
     * @return the mean of the per-class {@link #f1(int)} over all C classes (not F1 of the macro means)
     */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }

    private int requireClass(String method, int c) {
        if (c < 0 || c >= counts.length) {
            throw new NablaException("ConfusionMatrix." + method + ": class " + c + " is outside [0, "
                    + counts.length + ")");
        }
        return c;
    }

    /** Matrices are equal when their counts are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    /**
     * Formats the matrix and its per-class report as a table for printing, classes numbered 0..C-1.
     *
     * @return the counts table (rows true, columns predicted), then a per-class report and the averages
     */
    @Override
    public String toString() {
        List<String> numbers = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            numbers.add(String.valueOf(c));
        }
        return format(numbers);
    }

    /**
     * Formats the matrix and its per-class report with a name for each class, such as the class
     * names a {@code CsvReader} returns.
     *
     * <p>Usage: {@code System.out.println(cm.format(iris.classes()));}
     *
     * @param classNames the name of each class, by index, C names
     * @return the counts table (rows true, columns predicted), then a per-class report and the averages
     * @throws NablaException if {@code classNames} is null, holds null, or does not hold C names
     */
    public String format(List<String> classNames) {
        Arguments.requireElements("ConfusionMatrix.format", "classNames", classNames);
        if (classNames.size() != counts.length) {
            throw new NablaException("ConfusionMatrix.format: " + classNames.size() + " class names for "
                    + counts.length + " classes; expected one name per class");
        }
        int longest = classNames.stream().mapToInt(String::length).max().orElse(0);
        int w = Math.max(Math.max(5, longest + 1), String.valueOf(Math.max(total(), counts.length)).length() + 1);
        String rowLabel = "%-" + Math.max(10, longest + 2) + "s";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, rowLabel, "true\\pred"));
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s", classNames.get(c)));
        }
        sb.append('\n');
        for (int r = 0; r < counts.length; r++) {
            sb.append(String.format(Locale.ROOT, rowLabel, classNames.get(r)));
            for (int c = 0; c < counts.length; c++) {
                sb.append(String.format(Locale.ROOT, "%" + w + "d", counts[r][c]));
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.format(Locale.ROOT, rowLabel, "class"))
                .append(String.format(Locale.ROOT, "%10s%10s%10s%10s\n", "precision", "recall", "f1", "support"));
        for (int c = 0; c < counts.length; c++) {
            BinaryCounts b = oneVsRest(c);
            sb.append(String.format(Locale.ROOT, rowLabel, classNames.get(c))).append(String.format(Locale.ROOT,
                    "%10.3f%10.3f%10.3f%10d\n", b.precision(), b.recall(), b.f1(), b.positives()));
        }
        sb.append(String.format(Locale.ROOT, rowLabel, "macro")).append(String.format(Locale.ROOT,
                "%10.3f%10.3f%10.3f%10d\n", macroPrecision(), macroRecall(), macroF1(), total()));
        sb.append(String.format(Locale.ROOT, rowLabel, "accuracy")).append(String.format(Locale.ROOT, "%10.3f", accuracy()));
        return sb.toString();
    }
}
