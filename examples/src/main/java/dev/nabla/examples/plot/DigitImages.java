// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Small square grey-level images (the 8x8 digits) drawn large in a grid, each with a caption
 * below it, dark ink on white as the digits were written.
 *
 * <p>Usage: {@code DigitImages.save("misclassified", pixels, captions, 5, run.file("wrong.png"));}
 */
public final class DigitImages {
    private static final int CELL = 18;
    private static final int CAPTION = 40;
    private static final int GAP = 16;
    private static final int HEADER = 40;

    private DigitImages() {}

    /**
     * Draws images in a grid and saves the PNG.
     *
     * @param title the figure's title
     * @param images one row-major square image per entry, values from 0 (white) to {@code max} (black)
     * @param max the darkest value
     * @param captions one or two lines per image, separated by a newline
     * @param columns images per row
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void save(String title, List<double[]> images, double max, List<String> captions, int columns,
            Path file) throws IOException {
        int side = images.isEmpty() ? 8 : (int) Math.round(Math.sqrt(images.get(0).length));
        int box = side * CELL;
        int cols = Math.max(1, Math.min(columns, images.size()));
        int rows = Math.max(1, (images.size() + cols - 1) / cols);
        int width = Math.max(GAP + cols * (box + GAP), 520);
        int height = HEADER + rows * (box + CAPTION + GAP);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.titled(image, title, 15, GAP, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k < images.size(); k++) {
            int x0 = GAP + (k % cols) * (box + GAP);
            int y0 = HEADER + (k / cols) * (box + CAPTION + GAP);
            double[] px = images.get(k);
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    float ink = (float) Math.max(0, Math.min(1, px[i * side + j] / max));
                    g.setColor(new Color(1 - ink, 1 - ink, 1 - ink));
                    g.fillRect(x0 + j * CELL, y0 + i * CELL, CELL, CELL);
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(x0, y0, box - 1, box - 1);
            g.setColor(Color.BLACK);
            String[] lines = captions.get(k).split("\n");
            for (int l = 0; l < lines.length; l++) {
                g.drawString(lines[l], x0 + (box - fm.stringWidth(lines[l])) / 2, y0 + box + 16 + l * 16);
            }
        }
        g.dispose();
        Canvas.write(image, file);
    }
}
