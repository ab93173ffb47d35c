// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A linear classifier's picture for the SVM examples: labelled points, the boundary
 * {@code w.x + b = 0}, the two margins {@code w.x + b = +-1} with the band between them shaded, and
 * the points inside the band ringed.
 *
 * <p>Usage: {@code Figures.grid(title, List.of(MarginChart.of("C = 10", x, y, w, b, bounds)), 2, 560, 560, file);}
 */
public final class MarginChart {
    private MarginChart() {}

    /**
     * Draws one panel.
     *
     * @param title the panel's title
     * @param points {@code [n][2]} coordinates
     * @param labels +1 or -1 per point
     * @param w the two weights
     * @param b the bias
     * @param bounds {@code {xmin, xmax, ymin, ymax}}
     * @return the chart
     */
    public static JFreeChart of(String title, double[][] points, double[] labels, double[] w, double b,
            double[] bounds) {
        NumberAxis xAxis = new NumberAxis("x1");
        NumberAxis yAxis = new NumberAxis("x2");
        xAxis.setRange(bounds[0], bounds[1]);
        yAxis.setRange(bounds[2], bounds[3]);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
        lineRenderer.setSeriesPaint(0, Color.BLACK);
        lineRenderer.setSeriesStroke(0, new BasicStroke(2.5f));
        lineRenderer.setSeriesPaint(1, Color.DARK_GRAY);
        lineRenderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {7f, 5f}, 0f));
        double[] band = band(w, b, bounds);
        if (band.length >= 6) {
            // Behind the points and lines, so the band tints the plot without washing out the dots.
            lineRenderer.addAnnotation(new XYPolygonAnnotation(band, null, null, new Color(0xFF, 0xF0, 0xB8)),
                    Layer.BACKGROUND);
        }
        XYPlot plot = new XYPlot(lines(w, b, bounds), xAxis, yAxis, lineRenderer);
        plot.setDataset(1, dots(points, labels, w, b));
        plot.setRenderer(1, dotRenderer());
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return chart;
    }

    /** The boundary, and both margins in one series with a gap between them. */
    private static XYSeriesCollection lines(double[] w, double b, double[] bounds) {
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(line("boundary w.x + b = 0", w, b, 0, bounds));
        XYSeries margins = line("margins w.x + b = +1 and -1", w, b, 1, bounds);
        XYSeries lower = line("lower margin", w, b, -1, bounds);
        margins.add(Double.NaN, Double.NaN);
        for (int i = 0; i < lower.getItemCount(); i++) {
            margins.add(lower.getX(i), lower.getY(i));
        }
        lines.addSeries(margins);
        return lines;
    }

    /** The points by class, then again those inside the margin, to be ringed. */
    private static XYSeriesCollection dots(double[][] points, double[] labels, double[] w, double b) {
        XYSeries pos = new XYSeries("class +1", false);
        XYSeries neg = new XYSeries("class -1", false);
        XYSeries inside = new XYSeries("inside the margin (shaded), |w.x + b| < 1", false);
        for (int i = 0; i < points.length; i++) {
            double[] p = points[i];
            (labels[i] > 0 ? pos : neg).add(p[0], p[1]);
            if (Math.abs(w[0] * p[0] + w[1] * p[1] + b) < 1) {
                inside.add(p[0], p[1]);
            }
        }
        XYSeriesCollection dots = new XYSeriesCollection();
        dots.addSeries(pos);
        dots.addSeries(neg);
        dots.addSeries(inside);
        return dots;
    }

    private static XYLineAndShapeRenderer dotRenderer() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, Figures.PALETTE.get(1));
        r.setSeriesPaint(1, Figures.PALETTE.get(0));
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesShape(1, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(2, Color.BLACK);
        r.setSeriesShape(2, new Ellipse2D.Double(-6, -6, 12, 12));
        r.setSeriesShapesFilled(2, false);
        r.setUseOutlinePaint(false);
        return r;
    }

    /** The line {@code w.x + b = k} between the edges of the bounds, parameterised along its longer extent. */
    private static XYSeries line(String name, double[] w, double b, double k, double[] bounds) {
        XYSeries s = new XYSeries(name, false);
        for (double[] p : endpoints(w, b, k, bounds)) {
            s.add(p[0], p[1]);
        }
        return s;
    }

    private static double[][] endpoints(double[] w, double b, double k, double[] bounds) {
        if (Math.abs(w[1]) >= Math.abs(w[0])) {
            return new double[][] {{bounds[0], (k - b - w[0] * bounds[0]) / w[1]},
                    {bounds[1], (k - b - w[0] * bounds[1]) / w[1]}};
        }
        return new double[][] {{(k - b - w[1] * bounds[2]) / w[0], bounds[2]},
                {(k - b - w[1] * bounds[3]) / w[0], bounds[3]}};
    }

    /** The band {@code -1 <= w.x + b <= 1} cut to the bounds, as a flat list of polygon corners. */
    private static double[] band(double[] w, double b, double[] bounds) {
        double cx = (bounds[0] + bounds[1]) / 2;
        double cy = (bounds[2] + bounds[3]) / 2;
        double r = 10 * Math.max(bounds[1] - bounds[0], bounds[3] - bounds[2]);
        double[] far = {cx - r, cx + r, cy - r, cy + r};
        double[][] lo = endpoints(w, b, -1, far);
        double[][] hi = endpoints(w, b, 1, far);
        Path2D.Double quad = new Path2D.Double();
        quad.moveTo(lo[0][0], lo[0][1]);
        quad.lineTo(lo[1][0], lo[1][1]);
        quad.lineTo(hi[1][0], hi[1][1]);
        quad.lineTo(hi[0][0], hi[0][1]);
        quad.closePath();
        Area area = new Area(quad);
        area.intersect(new Area(new Rectangle2D.Double(bounds[0], bounds[2], bounds[1] - bounds[0],
                bounds[3] - bounds[2])));
        List<Double> corners = new ArrayList<>();
        double[] c = new double[6];
        for (PathIterator it = area.getPathIterator(null); !it.isDone(); it.next()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_MOVETO || type == PathIterator.SEG_LINETO) {
                corners.add(c[0]);
                corners.add(c[1]);
            }
        }
        return corners.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
