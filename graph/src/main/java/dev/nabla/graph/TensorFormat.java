// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import java.math.BigDecimal;
import java.util.Locale;

/** Prints tensors the way NumPy does: nested brackets, aligned columns, long axes elided. */
final class TensorFormat {
    /** Above this many elements, each axis shows only its first and last {@link #EDGE} entries. */
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;
    private static final int PRECISION = 6;

    private TensorFormat() {}

    static String format(Shape shape, double[] data) {
        boolean elide = data.length > THRESHOLD;
        String[] cells = new String[data.length];
        boolean scientific = useScientific(data);
        boolean integral = allIntegral(data);
        for (int i = 0; i < data.length; i++) {
            cells[i] = cell(data[i], scientific, integral);
        }
        if (!scientific) {
            alignDecimalPoints(cells);
        }
        int width = 0;
        for (String c : cells) {
            width = Math.max(width, c.length());
        }
        StringBuilder out = new StringBuilder();
        append(out, shape, shape.strides(), cells, width, 0, 0, elide);
        return out.toString();
    }

    private static void append(StringBuilder out, Shape shape, int[] strides, String[] cells, int width,
            int axis, int offset, boolean elide) {
        if (axis == shape.rank()) {
            out.append(pad(cells[offset], width));
            return;
        }
        int n = shape.dim(axis);
        out.append('[');
        String separator = axis == shape.rank() - 1 ? " " : "\n".repeat(shape.rank() - 1 - axis) + " ".repeat(axis + 1);
        boolean cut = elide && n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                out.append("...").append(separator);
                i = n - EDGE;
            }
            append(out, shape, strides, cells, width, axis + 1, offset + i * strides[axis], elide);
            if (i < n - 1) {
                out.append(separator);
            }
        }
        out.append(']');
    }

    /**
     * As NumPy: integer parts right-aligned, fractions left-aligned, so the points line up; nan
     * and inf right-aligned in the same width.
     */
    private static void alignDecimalPoints(String[] cells) {
        int left = 0;
        int right = 0;
        int special = 0;
        for (String c : cells) {
            int dot = c.indexOf('.');
            if (dot >= 0) {
                left = Math.max(left, dot);
                right = Math.max(right, c.length() - dot - 1);
            } else {
                special = Math.max(special, c.length());
            }
        }
        int width = Math.max(special, left > 0 || right > 0 ? left + 1 + right : 0);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            int dot = c.indexOf('.');
            String aligned = dot < 0 ? c : " ".repeat(left - dot) + c + " ".repeat(right - (c.length() - dot - 1));
            cells[i] = pad(aligned, width);
        }
    }

    private static String pad(String cell, int width) {
        return " ".repeat(width - cell.length()) + cell;
    }

    private static boolean useScientific(double[] data) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : data) {
            double a = Math.abs(v);
            if (Double.isFinite(a)) {
                max = Math.max(max, a);
                if (a > 0) {
                    min = Math.min(min, a);
                }
            }
        }
        return max >= 1e8 || (min < 1e-4 && max > 0) || (max > 0 && max / min > 1e3 && min < 1e-3);
    }

    private static boolean allIntegral(double[] data) {
        for (double v : data) {
            if (Double.isFinite(v) && (v != Math.rint(v) || Math.abs(v) >= 1e16)) {
                return false;
            }
        }
        return true;
    }

    private static String cell(double v, boolean scientific, boolean integral) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (scientific) {
            return String.format(Locale.ROOT, "%." + PRECISION + "e", v).replaceAll("0+e", "e").replace(".e", ".0e");
        }
        if (integral) {
            return (v == 0 && 1 / v < 0 ? "-0" : String.valueOf((long) v)) + ".";
        }
        String s = new BigDecimal(v).setScale(PRECISION, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".";
    }
}
