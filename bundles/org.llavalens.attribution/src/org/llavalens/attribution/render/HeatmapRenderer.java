package org.llavalens.attribution.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Draws sqrt(P) x sqrt(P) row-major patch scores over the model's crop: scores are normalised to
 * [0, 1], upsampled bicubically to the crop size (interpolated in score space, then clamped, so
 * colors stay inside the map), colored, and blended with the crop at the style's opacity. Shared by
 * the CLI and the workbench; no SWT.
 */
public final class HeatmapRenderer {

    private static final int GRID_RGB = 0x00C0FF;

    private HeatmapRenderer() {
    }

    /** The heatmap alone (no photo underneath), size x size. */
    public static BufferedImage render(double[] scores, int gridSide, int width, int height, HeatmapStyle style) {
        return overlay(scores, gridSide, null, width, height, style);
    }

    /** The heatmap over {@code crop} (whose size sets the output size). */
    public static BufferedImage overlay(double[] scores, int gridSide, BufferedImage crop, HeatmapStyle style) {
        return overlay(scores, gridSide, crop, crop.getWidth(), crop.getHeight(), style);
    }

    private static BufferedImage overlay(double[] scores, int gridSide, BufferedImage crop, int width, int height,
            HeatmapStyle style) {
        if (scores.length != gridSide * gridSide) {
            throw new IllegalArgumentException(scores.length + " scores do not fill a " + gridSide + "x" + gridSide + " grid");
        }
        double[] unit = style.toUnit(scores);
        double[] up = Bicubic.upsample(unit, gridSide, gridSide, width, height, style.interpolation());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        // Whole-array pixel access: per-pixel getRGB/setRGB go through the color model and cost
        // more than the rest of the rendering together (the workbench redraws on every head click).
        int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] under = crop == null ? null : crop.getRGB(0, 0, width, height, null, 0, width);
        double alpha = crop == null ? 1 : style.opacity();
        Colormap colormap = style.colormap();
        for (int i = 0; i < pixels.length; i++) {
            int heat = colormap.rgb(up[i]);
            pixels[i] = under == null ? heat : blend(under[i], heat, alpha);
        }
        if (style.grid()) {
            drawGrid(out, gridSide);
        }
        return out;
    }

    /** Patch borders: after every patch boundary column/row (pixel = round(k * size / side)). */
    static void drawGrid(BufferedImage img, int gridSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        for (int k = 1; k < gridSide; k++) {
            int x = (int) Math.round((double) k * w / gridSide);
            int y = (int) Math.round((double) k * h / gridSide);
            for (int i = 0; i < h; i++) {
                img.setRGB(Math.min(x, w - 1), i, GRID_RGB);
            }
            for (int i = 0; i < w; i++) {
                img.setRGB(i, Math.min(y, h - 1), GRID_RGB);
            }
        }
    }

    static int blend(int under, int over, double alpha) {
        int r = (int) Math.round((1 - alpha) * ((under >> 16) & 0xFF) + alpha * ((over >> 16) & 0xFF));
        int g = (int) Math.round((1 - alpha) * ((under >> 8) & 0xFF) + alpha * ((over >> 8) & 0xFF));
        int b = (int) Math.round((1 - alpha) * (under & 0xFF) + alpha * (over & 0xFF));
        return (r << 16) | (g << 8) | b;
    }

    public static void writePng(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }
}
