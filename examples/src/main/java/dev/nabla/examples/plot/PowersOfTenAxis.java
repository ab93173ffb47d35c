// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis whose ticks a reader can name: at powers of ten written {@code 10⁻¹⁶} when
 * the range spans many decades, and at 1, 2 and 5 times a power of ten written as plain numbers
 * ({@code 0.02}, {@code 0.5}, {@code 2}) when it spans only a few.
 *
 * <p>JFreeChart's own log axis ticks every fixed fraction of a decade, which lands on values such
 * as 0.178 and 0.316, and writes large exponents as {@code 1E-16}.
 *
 * <p>Usage: {@code plot.setRangeAxis(new PowersOfTenAxis("loss (log scale)"));}
 */
public final class PowersOfTenAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    /** Above this many decades only powers of ten get ticks; below, 2 and 5 times them too. */
    private static final double FEW_DECADES = 4;
    /** The most labelled ticks on one axis; beyond, every second, third ... power of ten. */
    private static final int MOST_TICKS = 12;
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /**
     * Makes the axis.
     *
     * @param label the axis label
     */
    public PowersOfTenAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-300);
        // Superscript digits are small; a point larger keeps the exponents readable.
        setTickLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
    }

    @Override
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        List<NumberTick> ticks = new ArrayList<>();
        for (double v : tickValues(getLowerBound(), getUpperBound())) {
            ticks.add(new NumberTick(TickType.MAJOR, v, label(v, decades(getLowerBound(), getUpperBound())), anchor,
                    anchor, 0.0));
        }
        return ticks;
    }

    /**
     * The values that get ticks between two bounds.
     *
     * @param low the lower bound, positive
     * @param high the upper bound
     * @return the tick values, ascending
     */
    static List<Double> tickValues(double low, double high) {
        if (!(low > 0) || !(high > low)) {
            return new ArrayList<>();
        }
        boolean few = decades(low, high) <= FEW_DECADES;
        List<Double> values = ticks(low, high, few ? new double[] {1, 2, 5} : new double[] {1});
        // Within about a decade 1, 2 and 5 leave one or two ticks; every digit then gets one.
        return values.size() >= 3 || !few ? values : ticks(low, high, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    }

    private static List<Double> ticks(double low, double high, double[] mantissas) {
        List<Double> values = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(low));
        int last = (int) Math.ceil(Math.log10(high));
        int stride = Math.max(1, (int) Math.ceil((last - first + 1) / (double) MOST_TICKS));
        for (int k = first; k <= last; k++) {
            if (mantissas.length == 1 && Math.floorMod(k, stride) != 0) {
                continue;
            }
            for (double m : mantissas) {
                double v = m * Math.pow(10, k);
                if (v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /**
     * A tick's label: a plain number over few decades, {@code 10} with a superscript exponent otherwise.
     *
     * @param v the tick's value
     * @param decades how many decades the axis spans
     * @return the label
     */
    static String label(double v, double decades) {
        int k = (int) Math.round(Math.log10(v));
        if (decades <= FEW_DECADES) {
            return new BigDecimal(Double.toString(v)).round(new java.math.MathContext(3)).stripTrailingZeros()
                    .toPlainString();
        }
        return "10" + superscript(k);
    }

    private static String superscript(int k) {
        StringBuilder sb = new StringBuilder(k < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(k)).toCharArray()) {
            sb.append(SUPERSCRIPTS.charAt(c - '0'));
        }
        return sb.toString();
    }

    private static double decades(double low, double high) {
        return Math.log10(high / low);
    }
}
