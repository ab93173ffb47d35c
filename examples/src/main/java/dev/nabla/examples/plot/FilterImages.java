// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Learned convolution filters drawn large in a grid, signed weights on one diverging scale for
 * all of them: red for positive, blue for negative, white for zero, so filters can be compared.
 *
 * <p>Usage: {@code FilterImages.save("first-layer filters", filters, 8, run.file("filters.png"));}
 */
public final class FilterImages {
    private static final int BOX = 72;
    private static final int GAP = 12;
    private static final int HEADER = 58;

    private FilterImages() {}

    /**
     * Draws square filters in a grid and saves the PNG.
     *
     * @param title the figure's title
     * @param filters one row-major square filter per entry, all of the same size
     * @param columns filters per row
     * @param file the PNG file
     * @return the largest absolute weight, which the darkest colours stand for
     * @throws IOException if writing fails
     */
    public static double save(String title, List<double[]> filters, int columns, Path file) throws IOException {
        int side = (int) Math.round(Math.sqrt(filters.get(0).length));
        int cell = Math.max(1, BOX / side);
        int box = cell * side;
        int cols = Math.max(1, Math.min(columns, filters.size()));
        int rows = (filters.size() + cols - 1) / cols;
        double max = 0;
        for (double[] f : filters) {
            for (double v : f) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int width = Math.max(GAP + cols * (box + GAP), 560);
        BufferedImage image = new BufferedImage(width, HEADER + rows * (box + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.titled(image, title, 15, GAP, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(java.util.Locale.ROOT, "red positive, blue negative, full colour at |w| = %.3g", max),
                GAP, 44);
        for (int k = 0; k < filters.size(); k++) {
            int x0 = GAP + (k % cols) * (box + GAP);
            int y0 = HEADER + (k / cols) * (box + GAP);
            double[] w = filters.get(k);
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    g.setColor(diverging(max == 0 ? 0 : w[i * side + j] / max));
                    g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(x0, y0, box - 1, box - 1);
        }
        g.dispose();
        Canvas.write(image, file);
        return max;
    }

    /** White at 0, towards red (0.70, 0.09, 0.17) at +1 and blue (0.13, 0.40, 0.67) at -1. */
    private static Color diverging(double t) {
        double a = Math.min(1, Math.abs(t));
        float[] end = t >= 0 ? new float[] {0.70f, 0.09f, 0.17f} : new float[] {0.13f, 0.40f, 0.67f};
        return new Color((float) (1 - a * (1 - end[0])), (float) (1 - a * (1 - end[1])), (float) (1 - a * (1 - end[2])));
    }
}
