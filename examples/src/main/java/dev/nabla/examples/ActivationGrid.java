// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.activation.ActivationInfo;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One JFreeChart panel per activation, the function and its autodiff derivative over [-4, 4],
 * composed into one PNG. Needs {@code java.awt.headless=true} set by the caller.
 */
final class ActivationGrid {
    private ActivationGrid() {}

    static final int COLUMNS = 6;
    static final int PANEL_WIDTH = 300;
    static final int PANEL_HEIGHT = 220;
    static final int HEADER = 34;
    /**
     * Functions of a whole vector along the last axis. They are drawn along the slice {@code [x, 0]}:
     * the first output and its derivative by the first input.
     */
    static final Set<String> SLICED = Set.of("softmax", "log_softmax");

    private static final Color F_COLOR = new Color(0x1f, 0x5f, 0xbf);
    private static final Color D_COLOR = new Color(0xd6, 0x3a, 0x2a);
    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED =
            new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 4f}, 0f);

    /** The two values of the input's last axis at each point; the derivatives by each. */
    private record Curves(double[] xs, double[] f0, double[] d0, double[] f1, double[] d1) {}

    /** The picture's size for {@code panels} panels. */
    static Dimension size(int panels) {
        int rows = (panels + COLUMNS - 1) / COLUMNS;
        return new Dimension(COLUMNS * PANEL_WIDTH, HEADER + rows * PANEL_HEIGHT);
    }

    /**
     * Draws every function and writes the PNG.
     *
     * @return the number of panels drawn
     */
    static int write(List<ActivationInfo> functions, Path file, int points) throws IOException {
        Dimension size = size(functions.size());
        BufferedImage image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size.width, size.height);
        header(g);
        double[] xs = ActivationTableExample.grid(points);
        for (int i = 0; i < functions.size(); i++) {
            ActivationInfo info = functions.get(i);
            BufferedImage panel = chart(info.name(), curves(info, xs)).createBufferedImage(PANEL_WIDTH, PANEL_HEIGHT);
            g.drawImage(panel, (i % COLUMNS) * PANEL_WIDTH, HEADER + (i / COLUMNS) * PANEL_HEIGHT, null);
        }
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return functions.size();
    }

    /** Runs f and two vector-Jacobian products (one per position of the last axis) in one session. */
    private static Curves curves(ActivationInfo info, double[] xs) {
        int n = xs.length;
        boolean sliced = SLICED.contains(info.name());
        double[] in = new double[2 * n], e0 = new double[2 * n], e1 = new double[2 * n];
        for (int i = 0; i < n; i++) {
            in[2 * i] = xs[i];
            in[2 * i + 1] = sliced ? 0 : xs[i];
            e0[2 * i] = 1;
            e1[2 * i + 1] = 1;
        }
        Graph g = new Graph();
        Node x = g.input("x", n, 2);
        Node y = info.fn().apply(x);
        Node d0 = Grad.vjp(y, List.of(x), g.constant(Tensor.fromArray(e0, n, 2)), Grad.Unused.ZERO).get(0);
        Node d1 = Grad.vjp(y, List.of(x), g.constant(Tensor.fromArray(e1, n, 2)), Grad.Unused.ZERO).get(0);
        List<Tensor> out = new Session(new ParamStore()).run(Map.of(x, Tensor.fromArray(in, n, 2)), y, d0, d1);
        double[] yv = out.get(0).toArray(), d0v = out.get(1).toArray(), d1v = out.get(2).toArray();
        double[] f0 = new double[n], g0 = new double[n], f1 = new double[n], g1 = new double[n];
        for (int i = 0; i < n; i++) {
            f0[i] = yv[2 * i];
            g0[i] = d0v[2 * i];
            f1[i] = yv[2 * i + 1];
            g1[i] = d1v[2 * i + 1];
        }
        boolean oddDiffers = !sliced && (differ(f0, f1) || differ(g0, g1));
        return new Curves(xs, f0, g0, oddDiffers ? f1 : null, oddDiffers ? g1 : null);
    }

    private static JFreeChart chart(String title, Curves c) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("f", c.xs(), c.f0()));
        data.addSeries(series("f'", c.xs(), c.d0()));
        if (c.f1() != null) {
            data.addSeries(series("f, odd index", c.xs(), c.f1()));
            data.addSeries(series("f', odd index", c.xs(), c.d1()));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, null, null, data, PlotOrientation.VERTICAL,
                false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        if (SLICED.contains(title)) {
            chart.addSubtitle(subtitle("along [x, 0]: output 0 and its derivative by x"));
        } else if (c.f1() != null) {
            chart.addSubtitle(subtitle("solid: even index, dashed: odd index"));
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setDomainZeroBaselineVisible(true);
        plot.setRangeZeroBaselineVisible(true);
        plot.setOutlineVisible(false);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setRange(ActivationTableExample.LOW, ActivationTableExample.HIGH);
        domain.setTickLabelFont(ticks);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(true);
        range.setTickLabelFont(ticks);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        // One path per series, so a dash pattern runs on across the short segments between points.
        renderer.setDrawSeriesLineAsPath(true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, s % 2 == 0 ? F_COLOR : D_COLOR);
            renderer.setSeriesStroke(s, s < 2 ? SOLID : DASHED);
        }
        plot.setRenderer(renderer);
        return chart;
    }

    /** A series with gaps (null) where a value is not finite, so no line crosses a pole. */
    private static XYSeries series(String key, double[] xs, double[] ys) {
        XYSeries s = new XYSeries(key, false, true);
        for (int i = 0; i < xs.length; i++) {
            s.add(xs[i], Double.isFinite(ys[i]) ? Double.valueOf(ys[i]) : null);
        }
        return s;
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        t.setPaint(Color.DARK_GRAY);
        return t;
    }

    /** The legend shared by every panel. */
    private static void header(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        int y = HEADER / 2 + 5;
        int x = 16;
        x = legend(g, x, y, F_COLOR, "f(x)");
        x = legend(g, x, y, D_COLOR, "f'(x), by Nabla's reverse-mode autodiff");
        g.setColor(Color.DARK_GRAY);
        g.drawString("on [-4, 4]; one panel per function of ActivationCatalog, learned parameters at their defaults",
                x, y);
    }

    private static int legend(Graphics2D g, int x, int y, Color color, String text) {
        g.setColor(color);
        g.setStroke(SOLID);
        g.drawLine(x, y - 5, x + 26, y - 5);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 32, y);
        return x + 32 + g.getFontMetrics().stringWidth(text) + 28;
    }

    private static boolean differ(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Double.compare(a[i], b[i]) != 0 && !(Math.abs(a[i] - b[i]) <= 1e-12)) {
                return true;
            }
        }
        return false;
    }
}
