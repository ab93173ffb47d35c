// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;

/**
 * Adjustments the training examples make to the line charts of {@link Figures}: a logarithmic
 * loss axis, a shared value range across panels, dashed series, and curves from per-epoch lists.
 *
 * <p>Usage: {@code TrainingCharts.logY(Figures.lines("loss", "epoch", "loss", curves));}
 */
public final class TrainingCharts {
    private TrainingCharts() {}

    /**
     * Puts the value axis of a line chart on a base-10 log scale, keeping its label, with ticks
     * at powers of ten (written 10⁻⁵) or, over few decades, at 1, 2 and 5 times them.
     *
     * @param chart a chart from {@link Figures#lines}
     * @return the same chart
     */
    public static JFreeChart logY(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setRangeAxis(new PowersOfTenAxis(plot.getRangeAxis().getLabel()));
        return chart;
    }

    /**
     * Puts the horizontal axis of a line chart on a base-10 log scale, as {@link #logY} does the value axis.
     *
     * @param chart a chart from {@link Figures#lines}
     * @return the same chart
     */
    public static JFreeChart logX(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(new PowersOfTenAxis(plot.getDomainAxis().getLabel()));
        return chart;
    }

    /**
     * Moves the legend to the right of the plot, one entry per line, so that long entries never wrap.
     *
     * @param chart the chart
     * @return the same chart
     */
    public static JFreeChart legendRight(JFreeChart chart) {
        if (chart.getLegend() != null) {
            chart.getLegend().setPosition(org.jfree.chart.ui.RectangleEdge.RIGHT);
        }
        return chart;
    }

    /**
     * Fixes the value axis's range, so that panels can be compared at a glance.
     *
     * @param chart a chart from {@link Figures#lines}
     * @param low the bottom
     * @param high the top
     * @return the same chart
     */
    public static JFreeChart yRange(JFreeChart chart, double low, double high) {
        chart.getXYPlot().getRangeAxis().setRange(low, high);
        return chart;
    }

    /**
     * Shows only whole numbers on the x axis (epochs, layers).
     *
     * @param chart a chart from {@link Figures#lines}
     * @return the same chart
     */
    public static JFreeChart integerX(JFreeChart chart) {
        if (chart.getXYPlot().getDomainAxis() instanceof NumberAxis x) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return chart;
    }

    /**
     * Draws one series dashed and thinner, for reference curves such as a true function.
     *
     * @param chart a chart from {@link Figures#lines}
     * @param series the series' index, in legend order
     * @return the same chart
     */
    public static JFreeChart dashed(JFreeChart chart, int series) {
        XYItemRenderer r = chart.getXYPlot().getRenderer();
        r.setSeriesStroke(series, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        return chart;
    }

    /**
     * Draws one series as small dots without lines, for samples.
     *
     * @param chart a chart from {@link Figures#lines}
     * @param series the series' index, in legend order
     * @return the same chart
     */
    public static JFreeChart dots(JFreeChart chart, int series) {
        if (chart.getXYPlot().getRenderer() instanceof org.jfree.chart.renderer.xy.XYLineAndShapeRenderer r) {
            r.setSeriesLinesVisible(series, false);
            r.setSeriesShapesVisible(series, true);
            r.setSeriesShape(series, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
        }
        return chart;
    }

    /**
     * Sets a series' colour.
     *
     * @param chart a chart from {@link Figures#lines}
     * @param series the series' index, in legend order
     * @param colour the colour
     * @return the same chart
     */
    public static JFreeChart colour(JFreeChart chart, int series, java.awt.Color colour) {
        chart.getXYPlot().getRenderer().setSeriesPaint(series, colour);
        return chart;
    }

    /**
     * Sets a panel's title in a smaller font, for grids of many panels.
     *
     * @param chart the chart
     * @param size the font size in points
     * @return the same chart
     */
    public static JFreeChart titleSize(JFreeChart chart, int size) {
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        }
        return chart;
    }

    /**
     * Prints each bar's value above it (so that zero-height bars still show) and fixes the value range.
     *
     * @param chart a chart from {@link Figures#bars}, on a linear axis
     * @param low the bottom
     * @param high the top
     * @return the same chart
     */
    public static JFreeChart barLabels(JFreeChart chart, double low, double high) {
        org.jfree.chart.plot.CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(low, high);
        org.jfree.chart.renderer.category.CategoryItemRenderer r = plot.getRenderer();
        r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.#")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return chart;
    }

    /**
     * A per-epoch curve as {@code {xs, ys}} with x = 1, 2, ...
     *
     * @param values one value per epoch
     * @return the curve
     */
    public static double[][] byEpoch(List<Double> values) {
        double[][] xy = new double[2][values.size()];
        for (int i = 0; i < values.size(); i++) {
            xy[0][i] = i + 1;
            xy[1][i] = values.get(i);
        }
        return xy;
    }
}
