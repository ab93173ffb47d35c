// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A scalar field over the plane, such as one hidden unit's activation, drawn in a diverging
 * colour scale (blue below the middle of the range, white at it, orange above) with a colour bar,
 * and the labelled points on top: class 0 filled, class 1 hollow, both dark so that they stay
 * visible on either colour.
 *
 * <p>Usage: {@code Fields.field("unit 1", "tanh", (x, y) -> Math.tanh(x - y), -1, 1, bounds, 60, points, labels)}
 */
public final class Fields {
    private static final int STEPS = 21;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Fields() {}

    /**
     * Draws a field over the plane with the points on top.
     *
     * @param title the title
     * @param scaleLabel what the colours measure, shown by the colour bar
     * @param field the value at (x, y)
     * @param low the value drawn darkest blue; smaller values are clamped to it
     * @param high the value drawn darkest orange; larger values are clamped to it
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @param cells the field's resolution per axis
     * @param points {@code [n][2]} coordinates
     * @param labels 0 or 1 per point
     * @return the chart
     */
    public static JFreeChart field(String title, String scaleLabel, DoubleBinaryOperator field, double low, double high,
            double[] bounds, int cells, double[][] points, int[] labels) {
        double[][] grid = Figures.sample((u, v) -> Math.max(low, Math.min(high, field.applyAsDouble(u, v))), bounds, cells);
        double dx = (bounds[1] - bounds[0]) / cells;
        double dy = (bounds[3] - bounds[2]) / cells;
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("field", grid);
        XYBlockRenderer block = new XYBlockRenderer();
        block.setBlockWidth(dx);
        block.setBlockHeight(dy);
        LookupPaintScale scale = scale(low, high);
        block.setPaintScale(scale);
        NumberAxis x = new NumberAxis("x1");
        NumberAxis y = new NumberAxis("x2");
        x.setRange(bounds[0], bounds[1]);
        y.setRange(bounds[2], bounds[3]);
        XYPlot plot = new XYPlot(data, x, y, block);
        plot.setDataset(1, points(points, labels));
        plot.setRenderer(1, dots());
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend(scale, scaleLabel, low, high));
        return chart;
    }

    private static LookupPaintScale scale(double low, double high) {
        LookupPaintScale scale = new LookupPaintScale(low, high + 1e-9 * Math.max(1, Math.abs(high)), Color.WHITE);
        Color blue = Figures.PALETTE.get(0);
        Color orange = Figures.PALETTE.get(1);
        for (int s = 0; s < STEPS; s++) {
            double t = s / (STEPS - 1.0) * 2 - 1;  // -1 .. 1 across the range
            Color end = t < 0 ? blue : orange;
            double w = Math.abs(t);
            Color c = new Color(mix(255, end.getRed(), w), mix(255, end.getGreen(), w), mix(255, end.getBlue(), w));
            // each colour starts half a step below its value, so the middle step is centred on white
            scale.add(low + (high - low) * Math.max(0, (s - 0.5) / (STEPS - 1.0)), c);
        }
        return scale;
    }

    private static int mix(int from, int to, double w) {
        return (int) Math.round(from + (to - from) * w);
    }

    private static PaintScaleLegend legend(LookupPaintScale scale, String label, double low, double high) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(low, high);
        axis.setTickUnit(new NumberTickUnit((high - low) / 4));
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(10);
        legend.setMargin(4, 4, 4, 4);
        legend.setSubdivisionCount(STEPS * 4);
        return legend;
    }

    private static XYSeriesCollection points(double[][] points, int[] labels) {
        XYSeries zero = new XYSeries("class 0", false);
        XYSeries one = new XYSeries("class 1", false);
        for (int i = 0; i < points.length; i++) {
            (labels[i] == 1 ? one : zero).add(points[i][0], points[i][1]);
        }
        XYSeriesCollection pts = new XYSeriesCollection();
        pts.addSeries(zero);
        pts.addSeries(one);
        return pts;
    }

    private static XYLineAndShapeRenderer dots() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Color ink = new Color(0x33, 0x33, 0x33);
        for (int s = 0; s < 2; s++) {
            r.setSeriesPaint(s, ink);
            r.setSeriesShape(s, new Ellipse2D.Double(-2, -2, 4, 4));
            r.setSeriesStroke(s, new BasicStroke(1f));
        }
        r.setSeriesShapesFilled(0, true);
        r.setSeriesShapesFilled(1, false);
        return r;
    }
}
