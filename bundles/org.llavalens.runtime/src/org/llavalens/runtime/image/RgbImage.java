package org.llavalens.runtime.image;

/**
 * An 8-bit RGB image, row-major, 3 bytes per pixel (R, G, B): what PIL's {@code convert('RGB')} gives.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    /** Channel c (0 = R) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}
