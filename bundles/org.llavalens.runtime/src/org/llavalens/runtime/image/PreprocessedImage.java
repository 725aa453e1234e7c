package org.llavalens.runtime.image;

/**
 * The vision tower's input: {@code pixelValues} is float32 CHW [3, height, width], normalised; the geometry
 * relates it to the original image.
 */
public record PreprocessedImage(float[] pixelValues, int height, int width, CropGeometry geometry) {

    public PreprocessedImage {
        if (pixelValues.length != 3 * height * width) {
            throw new IllegalArgumentException("pixel values hold " + pixelValues.length + " floats, expected 3x"
                    + height + "x" + width);
        }
    }
}
