package org.llavalens.runtime.image;

/**
 * How the model's input crop relates to the user's original image, so heatmaps can be drawn back onto it.
 * The pipeline is: optional pad to a square canvas (original image pasted at {@code padX, padY}), resize of
 * the (padded) image to {@code resizedWidth x resizedHeight}, crop of {@code cropWidth x cropHeight} at
 * {@code cropLeft, cropTop} of the resized image (negative when the crop is larger and zero-padded).
 *
 * @param originalWidth  width of the decoded original
 * @param paddedWidth    width after pad-to-square (= original when not padded)
 */
public record CropGeometry(int originalWidth, int originalHeight, int padX, int padY, int paddedWidth,
        int paddedHeight, int resizedWidth, int resizedHeight, int cropLeft, int cropTop, int cropWidth,
        int cropHeight) {

    /**
     * Maps a point of the crop (continuous pixel coordinates: pixel (i, j) covers [i, i+1) x [j, j+1)) to
     * continuous coordinates of the original image. Points in pad areas map outside [0, originalWidth).
     *
     * @return {x, y} in the original image
     */
    public double[] toOriginal(double cropX, double cropY) {
        double rx = cropX + cropLeft;
        double ry = cropY + cropTop;
        double px = rx * paddedWidth / resizedWidth;
        double py = ry * paddedHeight / resizedHeight;
        return new double[] {px - padX, py - padY};
    }

    /** The centre of crop pixel (i, j) in original-image coordinates. */
    public double[] pixelCentreToOriginal(int i, int j) {
        return toOriginal(i + 0.5, j + 0.5);
    }

    /**
     * The part of the original image the model sees, {x0, y0, x1, y1} (continuous coordinates, clipped to the
     * image); what lies outside it was cut away by the crop (or is padding) and is drawn dimmed.
     */
    public double[] visibleRegion() {
        double[] a = toOriginal(0, 0);
        double[] b = toOriginal(cropWidth, cropHeight);
        return new double[] {clamp(a[0], originalWidth), clamp(a[1], originalHeight), clamp(b[0], originalWidth),
            clamp(b[1], originalHeight)};
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
