package org.llavalens.ui.widgets;

import java.awt.image.BufferedImage;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;

/**
 * Moves pixels between AWT images (what the core renderers produce, no SWT below the UI) and SWT
 * image data. Bulk row copies: this sits on the heatmap redraw path.
 */
public final class ImageDatas {

    private static final PaletteData RGB = new PaletteData(0xFF0000, 0xFF00, 0xFF);

    private ImageDatas() {
    }

    public static ImageData fromAwt(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ImageData data = new ImageData(w, h, 24, RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            data.setPixels(0, y, w, row, 0);
        }
        return data;
    }

    public static BufferedImage toAwt(ImageData data) {
        int w = data.width;
        int h = data.height;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        PaletteData p = data.palette;
        for (int y = 0; y < h; y++) {
            data.getPixels(0, y, w, row, 0);
            for (int x = 0; x < w; x++) {
                org.eclipse.swt.graphics.RGB rgb = p.getRGB(row[x]);
                row[x] = (rgb.red << 16) | (rgb.green << 8) | rgb.blue;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }
}
