package org.llavalens.runtime.image;

/**
 * Sizes an image may have on its way to the model, checked in {@code long} before any buffer is
 * allocated: a 93-byte 1 x 6000 PNG would otherwise be resized to 336 x 2,016,000 pixels (2.4 GB),
 * and a 1 x 100000 one overflows an int. The model sees a 336 x 336 crop; nothing useful is lost.
 */
public final class ImageLimits {

    /** The longest side at most this many times the shortest (panoramas pass, slivers do not). */
    public static final long MAX_ASPECT = 20;
    /** Pixels of any intermediate image (padded square, resized). */
    public static final long MAX_PIXELS = ImageLoader.MAX_PIXELS;

    private ImageLimits() {
    }

    /** Refuses an image whose aspect ratio, padded square or resized size is out of bounds. */
    public static void check(int width, int height, boolean padToSquare, boolean resize, int shortestEdge) {
        long w = width;
        long h = height;
        if (w <= 0 || h <= 0) {
            throw new InvalidImageException("image has an empty size " + w + "x" + h);
        }
        if (padToSquare) {
            long side = Math.max(w, h);
            if (side * side > MAX_PIXELS) {
                throw new InvalidImageException("image " + w + "x" + h + " padded to a square would have " + side * side
                        + " pixels, more than " + MAX_PIXELS);
            }
            return;
        }
        long longSide = Math.max(w, h);
        long shortSide = Math.min(w, h);
        if (longSide > MAX_ASPECT * shortSide) {
            throw new InvalidImageException("image " + w + "x" + h + " has an aspect ratio above " + MAX_ASPECT
                    + ":1 (a sliver, not a photo)");
        }
        if (resize) {
            long resizedLong = (long) ((double) (shortestEdge * longSide) / shortSide);
            if (resizedLong * shortestEdge > MAX_PIXELS) {
                throw new InvalidImageException("image " + w + "x" + h + " resized would have " + resizedLong * shortestEdge
                        + " pixels, more than " + MAX_PIXELS);
            }
        }
    }

    /** Refuses pixel values (given as an array, not decoded from an image) with NaN or infinity. */
    public static void requireFinite(float[] pixels, String source) {
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                throw new InvalidImageException(source + ": pixel value " + pixels[i] + " at index " + i
                        + " is not a finite number");
            }
        }
    }
}
