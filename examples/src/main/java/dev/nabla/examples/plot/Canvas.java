// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The white, titled image that the hand-drawn figures (chart grids, digit images, filters) start from, and its PNG file. */
final class Canvas {
    private Canvas() {}

    /**
     * A white image of the given size with the title in bold at the top left.
     *
     * @return its graphics, the pen black; the caller draws on it and disposes of it
     */
    static Graphics2D titled(BufferedImage image, String title, int titleSize, int x, int baseline) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
        g.drawString(title, x, baseline);
        return g;
    }

    /** Writes the image as a PNG, making the file's directory first. */
    static void write(BufferedImage image, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
