package org.llavalens.attribution.render;

import java.awt.image.BufferedImage;

/**
 * The model's crop as an image, recovered from the normalised CHW pixel values the model saw
 * (x * std + mean, times 255, rounded). Drawing the heatmap on exactly these pixels shows what the
 * model looked at, pad and crop included.
 */
public final class CropImage {

    private CropImage() {
    }

    public static BufferedImage fromPixelValues(float[] chw, int height, int width, double[] mean, double[] std) {
        int plane = height * width;
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException(chw.length + " pixel values are not 3 x " + height + " x " + width);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (chw[c * plane + y * width + x] * std[c] + mean[c]) * 255;
                    int b = (int) Math.max(0, Math.min(255, Math.round(v)));
                    rgb = (rgb << 8) | b;
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }
}
