package org.llavalens.annotation.io.export;

import java.util.List;

import org.llavalens.runtime.image.CropGeometry;

/**
 * The bounding box, in original-image pixels, of the image patches an annotator chose as evidence.
 * Patches are numbered row-major over the model's {@code grid x grid} crop; the crop geometry saved
 * with the result maps them back through the crop, resize and padding to the user's image.
 */
public record EvidenceBox(double x, double y, double width, double height) {

    public double area() {
        return width * height;
    }

    /** The box of {@code patches}, clipped to the image; null when none is inside the grid. */
    public static EvidenceBox of(List<Integer> patches, int grid, CropGeometry g) {
        if (patches.isEmpty() || grid <= 0 || g == null) {
            return null;
        }
        int minRow = Integer.MAX_VALUE;
        int minCol = Integer.MAX_VALUE;
        int maxRow = -1;
        int maxCol = -1;
        for (int p : patches) {
            if (p < 0 || p >= grid * grid) {
                continue;
            }
            minRow = Math.min(minRow, p / grid);
            maxRow = Math.max(maxRow, p / grid);
            minCol = Math.min(minCol, p % grid);
            maxCol = Math.max(maxCol, p % grid);
        }
        if (maxRow < 0) {
            return null;
        }
        double cell = (double) g.cropWidth() / grid;
        double cellY = (double) g.cropHeight() / grid;
        double[] a = g.toOriginal(minCol * cell, minRow * cellY);
        double[] b = g.toOriginal((maxCol + 1) * cell, (maxRow + 1) * cellY);
        double x0 = clamp(a[0], g.originalWidth());
        double y0 = clamp(a[1], g.originalHeight());
        double x1 = clamp(b[0], g.originalWidth());
        double y1 = clamp(b[1], g.originalHeight());
        if (x1 <= x0 || y1 <= y0) {
            return null; // only padding was chosen
        }
        return new EvidenceBox(round(x0), round(y0), round(x1 - x0), round(y1 - y0));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
