// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts the examples draw, with JFreeChart, headless: line charts, labelled scatter plots
 * over a decision surface, bar charts, heat maps, and grids of panels saved as one PNG.
 *
 * <p>Usage: {@code Figures.save(Figures.lines("loss", "epoch", "loss", Map.of("adam", xy)), run.file("loss.png"), 800, 500);}
 */
public final class Figures {
    /** Colours that stay apart in print and for most colour-blind readers (Okabe and Ito). */
    public static final List<Color> PALETTE = List.of(new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00),
            new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00),
            new Color(0x56, 0xB4, 0xE9), new Color(0x00, 0x00, 0x00), new Color(0xF0, 0xE4, 0x42));

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Figures() {}

    /**
     * A line chart, one line per series.
     *
     * @param title the title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param series name to {@code {xs, ys}}, in legend order (use a LinkedHashMap)
     * @return the chart
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, xy) -> data.addSeries(series(name, xy[0], xy[1])));
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        style(chart);
        return chart;
    }

    /**
     * Labelled points over a decision surface: the surface is drawn as a light two-colour field
     * (the model's probability of class 1), the points coloured by their label.
     *
     * @param title the title
     * @param points {@code [n][2]} coordinates
     * @param labels 0 or 1 per point
     * @param surface the model's probability of class 1 at (x, y)
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells the surface's resolution per axis
     * @return the chart
     */
    public static JFreeChart decisionSurface(String title, double[][] points, int[] labels, DoubleBinaryOperator surface,
            double[] bounds, int cells) {
        DefaultXYZDataset field = new DefaultXYZDataset();
        field.addSeries("surface", sample(surface, bounds, cells));
        double dx = (bounds[1] - bounds[0]) / cells;
        double dy = (bounds[3] - bounds[2]) / cells;
        XYBlockRenderer block = new XYBlockRenderer();
        block.setBlockWidth(dx);
        block.setBlockHeight(dy);
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
        scale.add(0.0, new Color(0xCF, 0xE3, 0xF2));
        scale.add(0.5, new Color(0xF8, 0xD8, 0xC0));
        block.setPaintScale(scale);
        XYSeriesCollection pts = new XYSeriesCollection();
        XYSeries zero = new XYSeries("class 0", false);
        XYSeries one = new XYSeries("class 1", false);
        for (int i = 0; i < points.length; i++) {
            (labels[i] == 1 ? one : zero).add(points[i][0], points[i][1]);
        }
        pts.addSeries(zero);
        pts.addSeries(one);
        NumberAxis x = new NumberAxis("x1");
        NumberAxis y = new NumberAxis("x2");
        x.setRange(bounds[0], bounds[1]);
        y.setRange(bounds[2], bounds[3]);
        XYPlot plot = new XYPlot(field, x, y, block);
        XYShapeRenderer dots = new XYShapeRenderer();
        dots.setSeriesPaint(0, PALETTE.get(0));
        dots.setSeriesPaint(1, PALETTE.get(1));
        dots.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        dots.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        plot.setDataset(1, pts);
        plot.setRenderer(1, dots);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        // The legend names the two classes of points; the shaded field is the model's, not data.
        org.jfree.chart.title.LegendTitle legend = new org.jfree.chart.title.LegendTitle(dots);
        legend.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        chart.addLegend(legend);
        style(chart);
        return chart;
    }

    /**
     * Samples a function of the plane at the centres of a {@code cells x cells} grid.
     *
     * @param f the function
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells cells per axis
     * @return {@code {xs, ys, values}}, as JFreeChart's XYZ data sets take them
     */
    public static double[][] sample(DoubleBinaryOperator f, double[] bounds, int cells) {
        double[][] grid = new double[3][cells * cells];
        double dx = (bounds[1] - bounds[0]) / cells;
        double dy = (bounds[3] - bounds[2]) / cells;
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                int k = i * cells + j;
                grid[0][k] = bounds[0] + (i + 0.5) * dx;
                grid[1][k] = bounds[2] + (j + 0.5) * dy;
                grid[2][k] = f.applyAsDouble(grid[0][k], grid[1][k]);
            }
        }
        return grid;
    }

    /**
     * A bar chart with one group of bars per category.
     *
     * @param title the title
     * @param xLabel the category axis label
     * @param yLabel the value axis label
     * @param values series name to (category to value), in order (use LinkedHashMaps)
     * @param logScale draw the values on a log axis
     * @return the chart
     */
    public static JFreeChart bars(String title, String xLabel, String yLabel, Map<String, Map<String, Double>> values,
            boolean logScale) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((s, m) -> m.forEach((c, v) -> data.addValue(v, s, c)));
        JFreeChart chart = ChartFactory.createBarChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                values.size() > 1, false, false);
        if (logScale) {
            chart.getCategoryPlot().setRangeAxis(new PowersOfTenAxis(yLabel));
        }
        org.jfree.chart.renderer.category.BarRenderer r = (org.jfree.chart.renderer.category.BarRenderer)
                chart.getCategoryPlot().getRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        for (int i = 0; i < values.size(); i++) {
            r.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
        }
        style(chart);
        return chart;
    }

    /**
     * A heat map of a matrix (a confusion matrix), rows top to bottom, in grey levels.
     *
     * @param title the title
     * @param xLabel the column axis label
     * @param yLabel the row axis label
     * @param matrix the values, {@code [rows][cols]}
     * @return the chart
     */
    public static JFreeChart heatMap(String title, String xLabel, String yLabel, double[][] matrix) {
        int rows = matrix.length;
        int cols = matrix[0].length;
        double max = 0;
        double[][] xyz = new double[3][rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = i * cols + j;
                xyz[0][k] = j;
                xyz[1][k] = rows - 1 - i;
                xyz[2][k] = matrix[i][j];
                max = Math.max(max, matrix[i][j]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("values", xyz);
        XYBlockRenderer r = new XYBlockRenderer();
        // White for zero, dark blue for the largest value, in ten steps.
        LookupPaintScale scale = new LookupPaintScale(0, Math.max(max, 1e-12) * 1.0001, Color.WHITE);
        for (int step = 0; step < 10; step++) {
            float t = step / 9f;
            scale.add(step * Math.max(max, 1e-12) / 10, new Color(1 - 0.9f * t, 1 - 0.75f * t, 1 - 0.45f * t));
        }
        r.setPaintScale(scale);
        NumberAxis x = new NumberAxis(xLabel);
        // Row 0 is drawn at the top, so the axis names rows from the bottom up.
        String[] rowNames = new String[rows];
        for (int k = 0; k < rows; k++) {
            rowNames[k] = String.valueOf(rows - 1 - k);
        }
        org.jfree.chart.axis.SymbolAxis y = new org.jfree.chart.axis.SymbolAxis(yLabel, rowNames);
        x.setRange(-0.5, cols - 0.5);
        y.setRange(-0.5, rows - 0.5);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), new XYPlot(data, x, y, r), false);
        style(chart);
        return chart;
    }

    /**
     * Saves one chart as a PNG.
     *
     * @param chart the chart
     * @param file the PNG file
     * @param width pixels
     * @param height pixels
     * @throws IOException if writing fails
     */
    public static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        Canvas.write(chart.createBufferedImage(width, height), file);
    }

    /**
     * Saves charts side by side in rows, with a title across the top.
     *
     * @param title the figure's title
     * @param charts the panels, row by row
     * @param columns panels per row
     * @param width pixels per panel
     * @param height pixels per panel
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void grid(String title, List<JFreeChart> charts, int columns, int width, int height, Path file)
            throws IOException {
        int header = 36;
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * width, header + rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.titled(image, title, 16, 12, 24);
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(charts.get(i).createBufferedImage(width, height), (i % columns) * width,
                    header + (i / columns) * height, null);
        }
        g.dispose();
        Canvas.write(image, file);
    }


    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            xy.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        }
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        }
    }

    private static XYSeries series(String name, double[] xs, double[] ys) {
        XYSeries s = new XYSeries(name, false);
        for (int i = 0; i < xs.length; i++) {
            s.add(xs[i], ys[i]);
        }
        return s;
    }
}
