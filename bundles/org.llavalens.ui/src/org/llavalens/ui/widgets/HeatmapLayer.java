package org.llavalens.ui.widgets;

import org.eclipse.swt.graphics.ImageData;

/**
 * One overlay of the image canvas: a rendered heatmap (any size: it is stretched over the crop),
 * how opaque it is drawn and whether it is shown. Layers are drawn in order, later ones on top.
 *
 * @param opacity 0..255
 */
public record HeatmapLayer(String id, String label, ImageData heat, int opacity, boolean visible) {

    public HeatmapLayer {
        if (opacity < 0 || opacity > 255) {
            throw new IllegalArgumentException("opacity " + opacity + " is not in [0, 255]");
        }
    }

    public HeatmapLayer withOpacity(int value) {
        return new HeatmapLayer(id, label, heat, value, visible);
    }

    public HeatmapLayer withVisible(boolean value) {
        return new HeatmapLayer(id, label, heat, opacity, value);
    }
}
