package org.llavalens.attribution.result;

import org.llavalens.runtime.image.CropGeometry;

/**
 * Where the model's square crop sits in the original image, in original-image pixels (with
 * pad-to-square it reaches past the image), and the crop's own side in model pixels: what a view
 * needs to draw a heatmap over the original picture.
 */
public record CropBox(int x, int y, int width, int height, int cropSide) {

    static CropBox of(CropGeometry g) {
        double[] a = g.toOriginal(0, 0);
        double[] b = g.toOriginal(g.cropWidth(), g.cropHeight());
        int x = (int) Math.round(a[0]);
        int y = (int) Math.round(a[1]);
        return new CropBox(x, y, (int) Math.round(b[0]) - x, (int) Math.round(b[1]) - y, g.cropWidth());
    }
}
