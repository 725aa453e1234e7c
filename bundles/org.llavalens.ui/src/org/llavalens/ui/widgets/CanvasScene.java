package org.llavalens.ui.widgets;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;

/**
 * What the image canvas shows under its layers: the user's image and the square the model saw, in
 * the image's own pixel coordinates (the crop geometry of the result mapped back to the original).
 * Everything outside {@code crop} is drawn dimmed: the model never saw it.
 *
 * @param gridSide patches per side of the crop (24 for LLaVA-1.5-336)
 */
public record CanvasScene(ImageData image, Rectangle crop, int gridSide) {

    public CanvasScene {
        if (gridSide < 1) {
            throw new IllegalArgumentException("grid side " + gridSide);
        }
        if (crop.width <= 0 || crop.height <= 0) {
            throw new IllegalArgumentException("empty crop " + crop);
        }
    }

    /** The patch under a point in image coordinates, row-major, or -1 outside the crop. */
    public int patchAt(double x, double y) {
        double u = (x - crop.x) / crop.width;
        double v = (y - crop.y) / crop.height;
        if (u < 0 || v < 0 || u >= 1 || v >= 1) {
            return -1;
        }
        int col = Math.min(gridSide - 1, (int) (u * gridSide));
        int row = Math.min(gridSide - 1, (int) (v * gridSide));
        return row * gridSide + col;
    }

    /** A patch's square in image coordinates (x, y, w, h as doubles). */
    public double[] patchBounds(int patch) {
        int row = patch / gridSide;
        int col = patch % gridSide;
        double w = (double) crop.width / gridSide;
        double h = (double) crop.height / gridSide;
        return new double[] { crop.x + col * w, crop.y + row * h, w, h };
    }
}
